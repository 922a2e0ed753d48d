// describeFile: the line `file -b` (file-5.44) prints for an ELF object, e.g.
//   "ELF 64-bit LSB relocatable, eBPF, version 1 (SYSV), with debug_info, not stripped".
// It reproduces the two parts `file` joins: its magic rules for the ELF header (magic/Magdir/elf: class,
// byte order, e_type, e_machine, e_version, EI_OSABI) and its readelf.c pass over the section headers
// (", with debug_info" and ", [not ]stripped", or the complaint it prints for a broken table), including its
// quirks (each section is tested under the previous section's name). Left out: program-header and note
// facts of executables and core files (interpreter, BuildID, "dynamically linked"), machine sub-rules
// (see file-machines.ts), and non-ELF input, which is only "empty", "very short file (no magic)" or "data".

import { FILE_MACHINES } from './file-machines.ts';
import type { ElfFile } from './types.ts';

const FILE_OSABI: Readonly<Record<number, string>> = {
  0: '(SYSV)', 1: '(HP-UX)', 2: '(NetBSD)', 3: '(GNU/Linux)', 4: '(GNU/Hurd)', 5: '(86Open)', 6: '(Solaris)',
  7: '(Monterey)', 8: '(IRIX)', 9: '(FreeBSD)', 10: '(Tru64)', 11: '(Novell Modesto)', 12: '(OpenBSD)',
  13: '(OpenVMS)', 14: '(HP NonStop Kernel)', 15: '(AROS Research Operating System)', 16: '(FenixOS)',
  17: '(Nuxi CloudABI)', 97: '(ARM)', 202: '(Cafe OS)', 255: '(embedded)',
};

const FILE_TYPES: Readonly<Record<number, string>> = {
  0: 'no file type,', 1: 'relocatable,', 2: 'executable,', 3: 'shared object,', 4: 'core file,',
};

// file's limits (file.h, readelf.c in 5.44).
const SHNUM_MAX = 32768;
const PHNUM_MAX = 2048;

/** Bounds-checked reads over the file's bytes, the way `file` reads: past the end a read simply fails. */
class Reader {
  readonly dv: DataView;
  constructor(readonly bytes: Uint8Array) {
    this.dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  u16(off: number, le: boolean): number | undefined {
    return off + 2 <= this.bytes.length ? this.dv.getUint16(off, le) : undefined;
  }
  u32(off: number, le: boolean): number | undefined {
    return off + 4 <= this.bytes.length ? this.dv.getUint32(off, le) : undefined;
  }
  u64(off: number, le: boolean): bigint {
    return this.dv.getBigUint64(off, le);
  }
  /** pread(2) on the file: -1 for a negative offset, else how many of `want` bytes exist there. */
  pread(off: bigint, want: number): number {
    if (off < 0n) return -1;
    const avail = BigInt(this.bytes.length) - off;
    return avail <= 0n ? 0 : Number(avail < BigInt(want) ? avail : BigInt(want));
  }
}

const toOffT = (v: bigint): bigint => BigInt.asIntN(64, v);

export function describeFile(input: Uint8Array | ElfFile): string {
  const bytes = input instanceof Uint8Array ? input : input.bytes;
  try {
    return describeBytes(bytes);
  } catch {
    // Every read is bounds-checked; this only guards the promise that describeFile never throws.
    return 'data';
  }
}

function describeBytes(bytes: Uint8Array): string {
  const n = bytes.length;
  if (n === 0) return 'empty';
  if (n === 1) return 'very short file (no magic)';
  const r = new Reader(bytes);
  const isElfMagic = n >= 4 && bytes[0] === 0x7f && bytes[1] === 0x45 && bytes[2] === 0x4c && bytes[3] === 0x46;
  // readelf.c also accepts "\x7fOLF", but then no magic rule matches and its words are never printed.
  if (!isElfMagic) return 'data';
  const words = magicWords(r);
  const tail = n > 5 ? tryElf(r) : '';
  return words.join(' ') + tail;
}

/** The magic/Magdir/elf rules, each printed word joined by one space. */
function magicWords(r: Reader): string[] {
  const b = r.bytes;
  const words = ['ELF'];
  const cls = b[4];
  if (cls === 0) words.push('invalid class');
  else if (cls === 1) words.push('32-bit');
  else if (cls === 2) words.push('64-bit');
  const data = b[5];
  if (data === 0) words.push('invalid byte order');
  else if (data === 1 || data === 2) {
    words.push(data === 1 ? 'LSB' : 'MSB');
    words.push(...headerWords(r, data === 1));
  }
  const osabi = b[7];
  if (osabi !== undefined && FILE_OSABI[osabi]) words.push(FILE_OSABI[osabi]);
  return words;
}

/** The `elf-le` rules (byte-swapped for MSB): e_type, e_machine, e_version. */
function headerWords(r: Reader, le: boolean): string[] {
  const words: string[] = [];
  const type = r.u16(16, le);
  const machine = r.u16(18, le);
  if (type !== undefined) {
    const t = FILE_TYPES[type];
    if (t) words.push(t);
    if (r.bytes[7] === 202 && type === 0xfe01) words.push('executable,');
    if ((type & 0xff00) === 0xff00 && machine !== undefined) {
      words.push(machine === 8 && type === 0xff80 ? 'PlayStation 2 IOP module,' : 'processor-specific,');
    }
  }
  if (machine !== undefined) {
    // `leshort x` is signed: printed with %#x, values from 0x8000 up appear sign-extended to 32 bits.
    const shown = machine >= 0x8000 ? (machine | 0xffff0000) >>> 0 : machine;
    words.push(FILE_MACHINES[machine] ?? `*unknown arch 0x${shown.toString(16)}*`);
  }
  const version = r.u32(20, le);
  if (version === 0) words.push('invalid version');
  else if (version === 1) words.push('version 1');
  return words;
}

/** readelf.c's file_tryelf for ET_REL/ET_EXEC/ET_DYN: what it appends after the magic words. */
function tryElf(r: Reader): string {
  const b = r.bytes;
  const cls = b[4] as number;
  if (cls !== 1 && cls !== 2) return `, unknown class ${cls}`;
  const is64 = cls === 2;
  const ehsize = is64 ? 64 : 52;
  if (b.length <= ehsize) return '';
  const le = b[5] === 1; // file swaps for any EI_DATA other than 1 on a little-endian host
  const type = r.u16(16, le) as number;
  const shnum = r.u16(is64 ? 60 : 48, le) as number;
  if (type === 4) {
    const phnum = r.u16(is64 ? 56 : 44, le) as number;
    return phnum > PHNUM_MAX ? `, too many program headers (${phnum})` : '';
  }
  if (type === 2 || type === 3) {
    const phnum = r.u16(is64 ? 56 : 44, le) as number;
    if (phnum > PHNUM_MAX) return `, too many program (${phnum})`;
    if (shnum > SHNUM_MAX) return `, too many section (${shnum})`;
  } else if (type !== 1) {
    return '';
  }
  if (shnum > SHNUM_MAX) return `, too many section headers (${shnum})`;
  const shoff = toOffT(is64 ? r.u64(40, le) : BigInt(r.u32(32, le) as number));
  const shentsize = r.u16(is64 ? 58 : 46, le) as number;
  const shstrndx = r.u16(is64 ? 62 : 50, le) as number;
  return doShn(r, is64, le, shoff, shnum, shentsize, shstrndx);
}

interface ShdrView {
  name: number;
  type: number;
  offset: bigint;
  size: bigint;
}

function shdrAt(r: Reader, is64: boolean, le: boolean, off: number): ShdrView {
  return is64
    ? { name: r.dv.getUint32(off, le), type: r.dv.getUint32(off + 4, le), offset: toOffT(r.dv.getBigUint64(off + 24, le)), size: r.dv.getBigUint64(off + 32, le) }
    : { name: r.dv.getUint32(off, le), type: r.dv.getUint32(off + 4, le), offset: BigInt(r.dv.getUint32(off + 16, le)), size: BigInt(r.dv.getUint32(off + 20, le)) };
}

/** readelf.c's doshn: the section-header pass (only the parts that can print for these machines). */
function doShn(r: Reader, is64: boolean, le: boolean, shoff: bigint, num: number, size: number, strndx: number): string {
  const shsize = is64 ? 64 : 40;
  const fsize = BigInt(r.bytes.length);
  if (num === 0) return ', no section header';
  if (size !== shsize) return ', corrupted section header size';
  const strOff = toOffT(shoff + BigInt(size * strndx));
  if (r.pread(strOff, shsize) < shsize) return `, missing section headers at ${strOff}`;
  let prev = shdrAt(r, is64, le, Number(strOff));
  const nameBase = prev.offset;
  if (fsize < nameBase) return `, too large section header offset ${nameBase}`;
  let stripped = true;
  let debugInfo = false;
  let off = shoff;
  for (let i = 0; i < num; i++) {
    // Quirk kept from file: the name tested here is that of the header read last (the previous one).
    const nameOff = toOffT(nameBase + BigInt(prev.name));
    const got = r.pread(nameOff, 49);
    if (got === -1) return `, can't read name of elf section at ${nameOff}`;
    if (got >= DEBUG_INFO.length) {
      if (isDebugInfoName(r.bytes, Number(nameOff), got)) {
        debugInfo = true;
        stripped = false;
      }
    }
    if (r.pread(off, shsize) < shsize) return `, can't read elf section at ${off}`;
    prev = shdrAt(r, is64, le, Number(off));
    off = toOffT(off + BigInt(size));
    if (prev.type === 2) {
      stripped = false; // SHT_SYMTAB
    } else if (prev.type === 7 && prev.offset <= fsize) {
      // SHT_NOTE: file complains about a note running past the end and stops there. (It would then
      // decode the notes; BPF objects have none, so that part is not reproduced.)
      const end = BigInt.asUintN(64, prev.size + prev.offset);
      if (end > fsize) return `, note offset/size ${hexAlt(BigInt.asUintN(64, prev.offset))}+${hexAlt(prev.size)} exceeds file size ${hexAlt(fsize)}`;
    }
  }
  return `${debugInfo ? ', with debug_info' : ''}, ${stripped ? '' : 'not '}stripped`;
}

/** printf's %#jx: 0x-prefixed hex, but plain 0 for zero. */
const hexAlt = (v: bigint): string => (v === 0n ? '0' : `0x${v.toString(16)}`);

const DEBUG_INFO = [0x2e, 0x64, 0x65, 0x62, 0x75, 0x67, 0x5f, 0x69, 0x6e, 0x66, 0x6f]; // ".debug_info"

/** strcmp(name, ".debug_info") == 0 on the (at most 49) bytes read: the name, then a NUL or the end of what was read. */
function isDebugInfoName(b: Uint8Array, p: number, got: number): boolean {
  for (let i = 0; i < DEBUG_INFO.length; i++) if (b[p + i] !== DEBUG_INFO[i]) return false;
  return got === DEBUG_INFO.length || b[p + DEBUG_INFO.length] === 0;
}
