// ELF string tables (SHT_STRTAB, gABI 4.1): NUL-terminated names packed back to back; a name is an
// offset into the table. A name must start inside the table and end with a NUL inside it; anything else
// is a malformed object (the caller turns `undefined` into an ElfError). Names are decoded as UTF-8.
// Section names repeat little and symbol names not at all, so nothing is cached.

const utf8 = new TextDecoder('utf-8');

export interface StrTab {
  bytes: Uint8Array;
  /** File offset and size of the table (validated to lie inside `bytes`). */
  offset: number;
  size: number;
}

export function strTab(bytes: Uint8Array, offset: number, size: number): StrTab {
  return { bytes, offset, size };
}

/** The NUL-terminated string at `nameOff` in the table, or undefined when it starts or runs past its end. */
export function strAt(t: StrTab, nameOff: number): string | undefined {
  if (nameOff >= t.size) return undefined;
  const start = t.offset + nameOff;
  const end = t.offset + t.size;
  const b = t.bytes;
  let i = start;
  let ascii = true;
  while (i < end && b[i] !== 0) {
    if ((b[i] as number) >= 0x80) ascii = false;
    i++;
  }
  if (i >= end) return undefined;
  // Most names are short ASCII: one fromCharCode call beats a TextDecoder round trip for them.
  if (ascii && i - start < 4096) return String.fromCharCode.apply(null, b.subarray(start, i) as unknown as number[]);
  return utf8.decode(b.subarray(start, i));
}
