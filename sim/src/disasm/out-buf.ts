// A growable byte buffer for printers whose output is megabytes (a 90,000-instruction object prints ~4 MB):
// appending ASCII straight into bytes avoids building long-lived string ropes, which cost more in garbage
// collection than the formatting itself (measured in bench/disasm.ts). Non-ASCII text (symbol names) is
// UTF-8 encoded once per string.

const encoder = new TextEncoder();
const HEX_DIGITS = '0123456789abcdef';

export class OutBuf {
  /** The storage and fill level, public for hot loops that call ensure() once and then write directly. */
  buf: Uint8Array;
  len = 0;

  constructor(initial = 1 << 16) {
    this.buf = new Uint8Array(initial);
  }

  /** Makes room for `n` more bytes. */
  ensure(n: number): void {
    if (this.len + n > this.buf.length) this.grow(n);
  }

  private grow(need: number): void {
    let cap = this.buf.length * 2;
    while (cap < this.len + need) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  /** Appends a string: byte per char when ASCII, UTF-8 otherwise. */
  str(s: string): this {
    const n = s.length;
    if (this.len + n * 3 > this.buf.length) this.grow(n * 3);
    const b = this.buf;
    let at = this.len;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) {
        this.len = at;
        const bytes = encoder.encode(s.slice(i));
        if (this.len + bytes.length > this.buf.length) this.grow(bytes.length);
        this.buf.set(bytes, this.len);
        this.len += bytes.length;
        return this;
      }
      b[at++] = c;
    }
    this.len = at;
    return this;
  }

  /** One ASCII byte. */
  byte(c: number): this {
    if (this.len + 1 > this.buf.length) this.grow(1);
    this.buf[this.len++] = c;
    return this;
  }

  /** `count` copies of byte `c` (padding). */
  repeat(c: number, count: number): this {
    if (count <= 0) return this;
    if (this.len + count > this.buf.length) this.grow(count);
    this.buf.fill(c, this.len, this.len + count);
    this.len += count;
    return this;
  }

  /** Two lowercase hex digits. */
  hex2(v: number): this {
    if (this.len + 2 > this.buf.length) this.grow(2);
    this.buf[this.len++] = HEX_DIGITS.charCodeAt(v >> 4);
    this.buf[this.len++] = HEX_DIGITS.charCodeAt(v & 15);
    return this;
  }

  /** A non-negative integer in decimal, right-aligned in `width` columns (printf "%*d"). */
  uintPad(v: number, width: number): this {
    const s = String(v);
    return this.repeat(0x20, width - s.length).str(s);
  }

  /** The bytes written so far (a view, valid until the next append). */
  bytes(): Uint8Array {
    return this.buf.subarray(0, this.len);
  }
}
