// The BTF string section: NUL-terminated strings addressed by byte offset (offset 0 is always "").
// Models libbpf 1.1's btf__str_by_offset (no split-BTF base offsets). Strings are decoded as UTF-8;
// an all-ASCII section (the usual case: vmlinux has ~2.5 MB of C identifiers) is decoded once, on the
// first lookup, and sliced (printers that copy bytes never pay for it).

export interface BtfStringTable {
  bytes: Uint8Array;
  /**
   * The whole section as text when it is pure ASCII (then byte offsets are character indices); null when
   * it is not; undefined until the first stringAt().
   */
  ascii?: string | null;
}

export function makeStringTable(bytes: Uint8Array): BtfStringTable {
  return { bytes };
}

const latin1 = new TextDecoder('latin1');
const NON_ASCII = /[^\x00-\x7f]/;

/** The section as one string when every byte is ASCII (a native decode and a regex scan: no JS loop per byte). */
function asciiText(bytes: Uint8Array): string | null {
  const text = latin1.decode(bytes);
  return NON_ASCII.test(text) ? null : text;
}

const utf8 = new TextDecoder('utf-8');

/** e.g. stringAt(t, 1) === 'int' when the section starts "\0int\0". Undefined past the end. */
export function stringAt(t: BtfStringTable, off: number): string | undefined {
  if (off < 0 || off >= t.bytes.length) return undefined;
  if (t.ascii === undefined) t.ascii = asciiText(t.bytes);
  if (t.ascii !== null) {
    const end = t.ascii.indexOf('\0', off);
    return t.ascii.slice(off, end < 0 ? t.ascii.length : end);
  }
  let end = t.bytes.indexOf(0, off);
  if (end < 0) end = t.bytes.length;
  return utf8.decode(t.bytes.subarray(off, end));
}
