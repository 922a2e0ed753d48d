// Writes a large, valid ELF64 eBPF relocatable object from scratch, for the reader's speed test:
// `insns` 8-byte slots of code in one program section (a `r0 = 0` followed by ld_imm64 map loads), one
// R_BPF_64_64 per map load, `functions` STT_FUNC symbols, `maps` map symbols in .maps, and a filler
// .debug_info with one R_BPF_64_ABS32 per 32 bytes, as DWARF relocations swell a real `-g` object.
// Layout: ELF header | code | .maps | .debug_info | .rel sections | .symtab | .strtab | .shstrtab | headers.

export interface SynthOptions {
  insns: number;
  functions: number;
  maps: number;
  debugBytes: number;
}

export function synthElf(o: SynthOptions): Uint8Array {
  const enc = new TextEncoder();
  const strtab: number[] = [0];
  const addStr = (s: string) => {
    const off = strtab.length;
    strtab.push(...enc.encode(s), 0);
    return off;
  };
  const shstr: number[] = [0];
  const addSh = (s: string) => {
    const off = shstr.length;
    shstr.push(...enc.encode(s), 0);
    return off;
  };

  // Section indices.
  const S = { text: 1, maps: 2, debug: 3, relText: 4, relDebug: 5, symtab: 6, strtab: 7, shstrtab: 8 };
  const shnum = 9;

  // Code: every 8th slot pair is an ld_imm64 (0x18) relocated against a map symbol.
  const code = new Uint8Array(o.insns * 8);
  const relText: [number, number][] = [];
  for (let i = 0; i < o.insns; i++) {
    if (i % 8 === 0 && i + 1 < o.insns) {
      code[i * 8] = 0x18;
      code[i * 8 + 1] = 0x11; // r1 = map (src_reg 1: BPF_PSEUDO_MAP_FD after libbpf)
      relText.push([i * 8, 0]);
      i++;
    } else code[i * 8] = 0xb7; // r0 = 0
  }
  const maps = new Uint8Array(o.maps * 32);
  const debug = new Uint8Array(o.debugBytes);
  const relDebugCount = Math.floor(o.debugBytes / 32);

  // Symbols: null, section symbol for .debug_info, functions (local), maps (global).
  const syms: { name: number; info: number; shndx: number; value: number; size: number }[] = [{ name: 0, info: 0, shndx: 0, value: 0, size: 0 }];
  syms.push({ name: 0, info: 3, shndx: S.debug, value: 0, size: 0 }); // STT_SECTION, STB_LOCAL
  const fnSize = Math.floor(o.insns / o.functions) * 8;
  for (let f = 0; f < o.functions; f++) syms.push({ name: addStr(`fn_${f}`), info: (0 << 4) | 2, shndx: S.text, value: f * fnSize, size: fnSize });
  const firstGlobal = syms.length;
  const mapSym0 = syms.length;
  for (let m = 0; m < o.maps; m++) syms.push({ name: addStr(`map_${m}`), info: (1 << 4) | 1, shndx: S.maps, value: m * 32, size: 32 });
  relText.forEach((r, k) => (r[1] = mapSym0 + (k % o.maps)));

  const names = {
    text: addSh('tp/syscalls/sys_enter_write'),
    maps: addSh('.maps'),
    debug: addSh('.debug_info'),
    relText: addSh('.reltp/syscalls/sys_enter_write'),
    relDebug: addSh('.rel.debug_info'),
    symtab: addSh('.symtab'),
    strtab: addSh('.strtab'),
    shstrtab: addSh('.shstrtab'),
  };

  const align8 = (n: number) => (n + 7) & ~7;
  let pos = 64;
  const place = (size: number) => {
    pos = align8(pos);
    const at = pos;
    pos += size;
    return at;
  };
  const off = {
    text: place(code.length),
    maps: place(maps.length),
    debug: place(debug.length),
    relText: place(relText.length * 16),
    relDebug: place(relDebugCount * 16),
    symtab: place(syms.length * 24),
    strtab: place(strtab.length),
    shstrtab: place(shstr.length),
  };
  const shoff = place(shnum * 64);
  const out = new Uint8Array(pos);
  const dv = new DataView(out.buffer);
  out.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]);
  dv.setUint16(16, 1, true); // ET_REL
  dv.setUint16(18, 247, true); // EM_BPF
  dv.setUint32(20, 1, true);
  dv.setBigUint64(40, BigInt(shoff), true);
  dv.setUint16(52, 64, true);
  dv.setUint16(58, 64, true);
  dv.setUint16(60, shnum, true);
  dv.setUint16(62, S.shstrtab, true);

  out.set(code, off.text);
  out.set(maps, off.maps);
  relText.forEach(([o8, sym], k) => {
    dv.setBigUint64(off.relText + k * 16, BigInt(o8), true);
    dv.setBigUint64(off.relText + k * 16 + 8, (BigInt(sym) << 32n) | 1n, true); // R_BPF_64_64
  });
  for (let k = 0; k < relDebugCount; k++) {
    dv.setBigUint64(off.relDebug + k * 16, BigInt(k * 32), true);
    dv.setBigUint64(off.relDebug + k * 16 + 8, (1n << 32n) | 3n, true); // R_BPF_64_ABS32 against the section symbol
  }
  syms.forEach((s, k) => {
    const b = off.symtab + k * 24;
    dv.setUint32(b, s.name, true);
    out[b + 4] = s.info;
    dv.setUint16(b + 6, s.shndx, true);
    dv.setBigUint64(b + 8, BigInt(s.value), true);
    dv.setBigUint64(b + 16, BigInt(s.size), true);
  });
  out.set(strtab, off.strtab);
  out.set(shstr, off.shstrtab);

  const shdr = (i: number, name: number, type: number, flags: number, o8: number, size: number, link: number, info: number, align: number, entsize: number) => {
    const b = shoff + i * 64;
    dv.setUint32(b, name, true);
    dv.setUint32(b + 4, type, true);
    dv.setBigUint64(b + 8, BigInt(flags), true);
    dv.setBigUint64(b + 24, BigInt(o8), true);
    dv.setBigUint64(b + 32, BigInt(size), true);
    dv.setUint32(b + 40, link, true);
    dv.setUint32(b + 44, info, true);
    dv.setBigUint64(b + 48, BigInt(align), true);
    dv.setBigUint64(b + 56, BigInt(entsize), true);
  };
  shdr(S.text, names.text, 1, 0x6, off.text, code.length, 0, 0, 8, 0);
  shdr(S.maps, names.maps, 1, 0x3, off.maps, maps.length, 0, 0, 8, 0);
  shdr(S.debug, names.debug, 1, 0, off.debug, debug.length, 0, 0, 1, 0);
  shdr(S.relText, names.relText, 9, 0x40, off.relText, relText.length * 16, S.symtab, S.text, 8, 16);
  shdr(S.relDebug, names.relDebug, 9, 0x40, off.relDebug, relDebugCount * 16, S.symtab, S.debug, 8, 16);
  shdr(S.symtab, names.symtab, 2, 0, off.symtab, syms.length * 24, S.strtab, firstGlobal, 8, 24);
  shdr(S.strtab, names.strtab, 3, 0, off.strtab, strtab.length, 0, 0, 1, 0);
  shdr(S.shstrtab, names.shstrtab, 3, 0, off.shstrtab, shstr.length, 0, 0, 1, 0);
  return out;
}
