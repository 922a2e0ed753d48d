// What the worker computes for the object-internals tabs (Programs & maps, BTF, Hex): sim's ObjectSpec, the
// BTF record index and .BTF.ext with the C printing, and the hex range index, as plain cloneable data.
// Byte views into the file are copied out (a view would drag the whole file buffer through postMessage).
import {
  disassembleObject,
  formatBtfC,
  mapFlagNames,
  readBtfFromElf,
  readElf,
  readObjectSpec,
  type AttachTarget,
  type BtfExt,
  type BtfIndex,
  type ExternSpec,
  type MapSpec,
  type ObjectWarning,
  type RelocationSpec,
} from '@bpflc/sim';
import { buildHexIndex, type HexIndex } from './hex-ranges.ts';
import type { BytecodeSection } from './analyze.ts';

export interface ProgramView {
  name: string;
  section: string;
  progType: string | undefined;
  expectedAttachType: string | undefined;
  attach: AttachTarget;
  insnCount: number;
  isSubprog: boolean;
  autoload: boolean;
  bind: string;
  funcInfoCount: number | undefined;
  lineInfoCount: number | undefined;
}

export type MapView = Omit<MapSpec, 'initialValue'> & { initialValue: Uint8Array | undefined; flagNames: string[] };

export interface SpecView {
  objectName: string;
  libbpf: string;
  license: string | undefined;
  programs: ProgramView[];
  maps: MapView[];
  relocations: RelocationSpec[];
  externs: ExternSpec[];
  warnings: ObjectWarning[];
}

export interface BtfView {
  /** The records (typed arrays + the blob): the pane decodes the types it shows with typeAt. */
  index: BtfIndex;
  c: { kind: 'ok'; text: string; warnings: string[] } | { kind: 'error'; message: string };
  ext: Pick<BtfExt, 'funcInfo' | 'lineInfo' | 'coreRelos'> | undefined;
  extError: string | undefined;
}

export interface ObjectInternals {
  name: string;
  bytes: Uint8Array;
  spec: { kind: 'ok'; value: SpecView } | { kind: 'error'; message: string; offset: number };
  btf: { kind: 'ok'; value: BtfView } | { kind: 'error'; message: string };
  hex: HexIndex;
  workMs: number;
}

export type InternalsReply = { kind: 'ok'; value: ObjectInternals } | { kind: 'error'; message: string; offset: number };

function specView(bytes: Uint8Array, name: string): ObjectInternals['spec'] {
  const r = readObjectSpec(bytes, { path: name });
  if (!r.ok) return { kind: 'error', message: `${r.error.step}: ${r.error.message}`, offset: r.error.offset };
  const s = r.value;
  return {
    kind: 'ok',
    value: {
      objectName: s.objectName,
      libbpf: s.libbpf,
      license: s.license,
      programs: s.programs.map((p) => ({
        name: p.name, section: p.section, progType: p.progType, expectedAttachType: p.expectedAttachType, attach: p.attach,
        insnCount: p.insnCount, isSubprog: p.isSubprog, autoload: p.autoload, bind: p.bind,
        funcInfoCount: p.funcInfo?.length, lineInfoCount: p.lineInfo?.length,
      })),
      maps: s.maps.map((m) => ({ ...m, initialValue: m.initialValue?.slice(), flagNames: mapFlagNames(m.flags) })),
      relocations: s.relocations,
      externs: s.externs,
      warnings: s.warnings,
    },
  };
}

export function analyzeInternals(buffer: ArrayBuffer, name: string): InternalsReply {
  const t0 = performance.now();
  const bytes = new Uint8Array(buffer);
  const read = readElf(bytes);
  if (!read.ok) return { kind: 'error', message: read.error.message, offset: read.error.offset };
  const elf = read.value;
  const dis = disassembleObject(elf);
  const code: BytecodeSection[] = dis.ok ? dis.value.map((s) => ({ ...s, insns: s.insns.map(({ bytes: _b, ...rest }) => rest) })) : [];
  const src = readBtfFromElf(elf);
  let btf: ObjectInternals['btf'];
  if (src.ok) {
    const b = src.value.btf;
    const c = formatBtfC(b, { pointerSize: 8 });
    const ext = src.value.ext;
    btf = {
      kind: 'ok',
      value: {
        index: b.index,
        c: c.ok ? { kind: 'ok', text: c.value.text, warnings: c.value.warnings } : { kind: 'error', message: c.error.message },
        ext: ext ? { funcInfo: ext.funcInfo, lineInfo: ext.lineInfo, coreRelos: ext.coreRelos } : undefined,
        extError: src.value.extError?.message,
      },
    };
  } else btf = { kind: 'error', message: src.error.message };
  const hex = buildHexIndex({ elf, code, btf: src.ok ? src.value.btf : undefined, ext: src.ok ? src.value.ext : undefined });
  return { kind: 'ok', value: { name, bytes, spec: specView(bytes, name), btf, hex, workMs: performance.now() - t0 } };
}
