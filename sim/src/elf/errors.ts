// How the ELF reader reports a malformed object: an ElfError value (never a throw) whose `offset` is the
// byte a learner should look at in a hex dump: the header field holding the bad value (e.g. e_machine at
// 18, a section header's sh_offset), or the start of a table that runs past the end of the file.

import type { ElfError } from './types.ts';

export function elfError(offset: number, message: string): ElfError {
  return { kind: 'elf-error', offset, message };
}

/** 0x-prefixed lower-case hex, as readelf and the kernel print offsets: hex(6720) → '0x1a40'. */
export function hex(n: number | bigint): string {
  return `0x${n.toString(16)}`;
}

/** '1 byte' / '3 bytes'. */
export function bytesWord(n: number | bigint): string {
  return `${n} byte${n === 1 || n === 1n ? '' : 's'}`;
}
