// The object embedded in a skeleton as one C string literal, escaped and wrapped as bpftool 7.1's
// print_hex does: a NUL is `\0` (2 columns), any other byte `\xNN` (4 columns), and a line is closed with
// a backslash-newline continuation before it would pass 78 columns. The literal's opening `"\` and closing
// `";` belong to the caller.
// e.g. [0x7f, 0x45, 0, 0] → '\x7f\x45\0\0'

const HEX = '0123456789abcdef';
const WRAP_AT = 78;

export function escapeElfBytes(bytes: Uint8Array): string {
  const parts: string[] = [];
  let len = 0;
  for (const b of bytes) {
    const w = b === 0 ? 2 : 4;
    len += w;
    if (len > WRAP_AT) {
      parts.push('\\\n');
      len = w;
    }
    parts.push(b === 0 ? '\\0' : `\\x${HEX[b >> 4]}${HEX[b & 15]}`);
  }
  return parts.join('');
}
