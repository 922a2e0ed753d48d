// A growable byte buffer for printers whose output must match a C tool byte for byte: names are copied
// straight from the BTF string section (so non-UTF-8 bytes print exactly as bpftool prints them), numbers
// and punctuation are written as ASCII. Avoids building millions of short-lived strings for vmlinux.

/** An ASCII literal encoded once, for ByteWriter.lit (printers write the same words millions of times). */
export const lit = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));

export class ByteWriter {
  buf: Uint8Array;
  len = 0;

  constructor(initial = 1 << 16) {
    this.buf = new Uint8Array(initial);
  }

  private grow(need: number): void {
    let cap = this.buf.length * 2;
    while (cap < this.len + need) cap *= 2;
    const b = new Uint8Array(cap);
    b.set(this.buf.subarray(0, this.len));
    this.buf = b;
  }

  /** ASCII text (callers only pass literals, digits and punctuation). */
  ascii(s: string): void {
    const n = s.length;
    if (this.len + n > this.buf.length) this.grow(n);
    const b = this.buf;
    let p = this.len;
    for (let i = 0; i < n; i++) b[p++] = s.charCodeAt(i);
    this.len = p;
  }

  /** A literal made by lit(). */
  lit(a: Uint8Array): void {
    const n = a.length;
    if (this.len + n > this.buf.length) this.grow(n);
    const b = this.buf;
    let p = this.len;
    for (let i = 0; i < n; i++) b[p++] = a[i]!;
    this.len = p;
  }

  /** Any JS string: ASCII fast path, UTF-8 for the rest (names decoded from BTF). */
  text(s: string): void {
    const n = s.length;
    if (this.len + n > this.buf.length) this.grow(n);
    const b = this.buf;
    let p = this.len;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) {
        this.len = p;
        const rest = new TextEncoder().encode(s.slice(i));
        if (this.len + rest.length > this.buf.length) this.grow(rest.length);
        this.buf.set(rest, this.len);
        this.len += rest.length;
        return;
      }
      b[p++] = c;
    }
    this.len = p;
  }

  /** `n` tabs. */
  tabs(n: number): void {
    if (this.len + n > this.buf.length) this.grow(n);
    for (let i = 0; i < n; i++) this.buf[this.len++] = 9;
  }

  /** An integer (up to 2^53) in decimal, '-' first when negative. */
  num(v: number): void {
    if (this.len + 24 > this.buf.length) this.grow(24);
    const b = this.buf;
    if (v < 0) {
      b[this.len++] = 45; // '-'
      v = -v;
    }
    if (v < 10) {
      b[this.len++] = 48 + v;
      return;
    }
    let digits = 0;
    if (v < 0x80000000) {
      for (let x = v; x > 0; x = (x / 10) | 0) digits++;
      let p = this.len + digits;
      this.len = p;
      while (v > 0) {
        const q = (v / 10) | 0;
        b[--p] = 48 + v - q * 10;
        v = q;
      }
      return;
    }
    for (let x = v; x >= 1; x = Math.floor(x / 10)) digits++;
    let p = this.len + digits;
    this.len = p;
    while (v >= 1) {
      b[--p] = 48 + (v % 10);
      v = Math.floor(v / 10);
    }
  }

  /** The NUL-terminated string at `off` in `strs`, copied byte for byte. */
  cstr(strs: Uint8Array, off: number): void {
    const sl = strs.length;
    let p = this.len;
    let b = this.buf;
    for (let i = off; i < sl; i++) {
      const c = strs[i]!;
      if (c === 0) break;
      if (p >= b.length) {
        this.len = p;
        this.grow(64);
        b = this.buf;
      }
      b[p++] = c;
    }
    this.len = p;
  }

  byte(c: number): void {
    if (this.len + 1 > this.buf.length) this.grow(1);
    this.buf[this.len++] = c;
  }

  bytes(): Uint8Array {
    return this.buf.subarray(0, this.len);
  }
}
