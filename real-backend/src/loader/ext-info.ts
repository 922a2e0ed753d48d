// func_info and line_info for BPF_PROG_LOAD, from .BTF.ext (libbpf 1.1 reloc_prog_func_and_line_info): the
// records of every function placed in the image, instruction offsets moved to where the function now sits.
//   bpf_func_info (8 bytes)   insn_off:32 | type_id:32                          insn_off in slots
//   bpf_line_info (16 bytes)  insn_off:32 | file_name_off:32 | line_off:32 | line_col:32 (line << 10 | col)
// String offsets point into the object's BTF, which the kernel has as prog_btf_fd.
import type { ObjectSpec } from '@bpflc/sim/object/index';
import type { Placed } from './link-subprogs.ts';

export const FUNC_INFO_REC_SIZE = 8;
export const LINE_INFO_REC_SIZE = 16;

export interface ExtInfo {
  funcInfo: Buffer;
  funcInfoCnt: number;
  lineInfo: Buffer;
  lineInfoCnt: number;
}

export function extInfo(spec: ObjectSpec, placed: readonly Placed[]): ExtInfo {
  const ext = spec.btfExt;
  const funcs: number[][] = [];
  const lines: number[][] = [];
  if (ext) {
    for (const { prog, slot } of placed) {
      const secName = spec.sections.find((s) => s.index === prog.sectionIndex)?.name;
      const inProg = (i: number): boolean => i >= prog.offset && i < prog.offset + prog.insnCount;
      for (const b of ext.funcInfo) {
        if (b.secName !== secName) continue;
        for (const r of b.records) if (inProg(r.insnIdx)) funcs.push([slot + r.insnIdx - prog.offset, r.typeId]);
      }
      for (const b of ext.lineInfo) {
        if (b.secName !== secName) continue;
        for (const r of b.records) if (inProg(r.insnIdx)) lines.push([slot + r.insnIdx - prog.offset, r.fileNameOff, r.lineOff, ((r.lineNum << 10) | r.col) >>> 0]);
      }
    }
  }
  const pack = (recs: number[][], size: number): Buffer => {
    const b = Buffer.alloc(recs.length * size);
    recs.forEach((r, i) => r.forEach((v, j) => b.writeUInt32LE(v, i * size + j * 4)));
    return b;
  };
  return { funcInfo: pack(funcs, FUNC_INFO_REC_SIZE), funcInfoCnt: funcs.length, lineInfo: pack(lines, LINE_INFO_REC_SIZE), lineInfoCnt: lines.length };
}
