// The file offset of a function in a host ELF64 executable or shared library (x86-64, little-endian): what the
// uprobe PMU's probe_offset wants. sim's ELF reader is for eBPF objects (EM_BPF) only, so this reads just
// what is needed: section headers, .symtab/.dynsym, and the symbol's section to turn its address into an offset.
//   file offset = st_value - sh_addr(section st_shndx) + sh_offset(section st_shndx)
// e.g. symbolFileOffset('/lib/x86_64-linux-gnu/libc.so.6', 'getpid') → ok(0xd54e0) (Debian bookworm's glibc 2.36)
import { readFileSync } from 'node:fs';
import { ok, err, type Result } from '@bpflc/sim/result';
import type { AttachError } from './types.ts';

const SHT_SYMTAB = 2;
const SHT_DYNSYM = 11;
const STT_FUNC = 2;
const STT_GNU_IFUNC = 10;

interface Shdr {
  type: number;
  addr: bigint;
  offset: number;
  size: number;
  link: number;
  entsize: number;
}

function sections(b: Buffer): Shdr[] {
  const shoff = Number(b.readBigUInt64LE(0x28));
  const shentsize = b.readUInt16LE(0x3a);
  const shnum = b.readUInt16LE(0x3c);
  return Array.from({ length: shnum }, (_, i) => {
    const o = shoff + i * shentsize;
    return {
      type: b.readUInt32LE(o + 4),
      addr: b.readBigUInt64LE(o + 16),
      offset: Number(b.readBigUInt64LE(o + 24)),
      size: Number(b.readBigUInt64LE(o + 32)),
      link: b.readUInt32LE(o + 40),
      entsize: Number(b.readBigUInt64LE(o + 56)),
    };
  });
}

export function symbolFileOffset(path: string, fn: string): Result<number, AttachError> {
  let b: Buffer;
  try {
    b = readFileSync(path);
  } catch (e) {
    return err({ kind: 'invalid-target', message: `uprobe target ${path} cannot be read: ${(e as Error).message}` });
  }
  if (b.length < 64 || b.readUInt32BE(0) !== 0x7f454c46 || b[4] !== 2 || b[5] !== 1) {
    return err({ kind: 'invalid-target', message: `uprobe target ${path} is not a little-endian ELF64 file: give a binary or shared library of this machine` });
  }
  const shdrs = sections(b);
  for (const tab of shdrs.filter((s) => s.type === SHT_SYMTAB || s.type === SHT_DYNSYM)) {
    const strtab = shdrs[tab.link];
    if (!strtab || tab.entsize !== 24) continue;
    for (let o = tab.offset; o + 24 <= tab.offset + tab.size; o += 24) {
      const info = b[o + 4] ?? 0;
      const type = info & 0xf;
      const shndx = b.readUInt16LE(o + 6);
      const value = b.readBigUInt64LE(o + 8);
      if ((type !== STT_FUNC && type !== STT_GNU_IFUNC) || shndx === 0 || shndx >= 0xff00 || value === 0n) continue;
      const nameAt = strtab.offset + b.readUInt32LE(o);
      const end = b.indexOf(0, nameAt);
      if (b.toString('latin1', nameAt, end) !== fn) continue;
      const sec = shdrs[shndx];
      if (!sec) break;
      return ok(Number(value - sec.addr) + sec.offset);
    }
  }
  return err({ kind: 'invalid-target', message: `no function symbol ${fn} in ${path} (stripped, or the name is mangled or versioned): give an offset instead` });
}
