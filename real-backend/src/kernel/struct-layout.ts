// Declarative C struct layouts (field name, byte offset, kind) for the kernel structs the door writes and reads:
// union bpf_attr per command, bpf_*_info, perf_event_attr. One table serves three jobs: encoding an input object
// into a zeroed little-endian buffer, decoding that buffer into UAPI-named trace arguments, and reading back the
// fields the kernel wrote. The offsets are checked against the running kernel's BTF by tests/kernel/layout.test.ts.
import type { Args, ArgValue } from '@bpflc/sim/trace/schema';

export type NameTable = Readonly<Record<string, number>>;

interface FieldBase {
  readonly name: string;
  /** Byte offset from the start of the struct. */
  readonly off: number;
  /** A union member that shares its offset with an earlier field: encoded and shown only when given. */
  readonly alias?: true;
  /** Written by the kernel (log_true_size, info_len): reported under the event's `out`. */
  readonly out?: true;
}

export type FieldSpec =
  | (FieldBase & { readonly type: 'u16' | 'u32' | 's32' | 'u64' })
  | (FieldBase & { readonly type: 'enum'; readonly names: NameTable }) // a __u32 holding a kernel enum
  | (FieldBase & { readonly type: 'ptr' }) // __aligned_u64 user pointer to a buffer
  | (FieldBase & { readonly type: 'str' }) // __aligned_u64 user pointer to a NUL-terminated string
  | (FieldBase & { readonly type: 'char'; readonly len: number }) // char[len], NUL-padded in place
  | (FieldBase & { readonly type: 'bytes'; readonly len: number }) // __u8[len] in place (prog tag)
  | (FieldBase & { readonly type: 'bits'; readonly bits: readonly string[] }) // __u64 of 1-bit bitfields, bit 0 first
  | (FieldBase & { readonly type: 'flags'; readonly names: NameTable }); // __u64 mask of named flag values

export interface StructLayout<F extends readonly FieldSpec[] = readonly FieldSpec[]> {
  /** The C name (for messages and the BTF cross-check), e.g. "bpf_attr" or "perf_event_attr". */
  readonly struct: string;
  readonly fields: F;
  /** Bytes to allocate and pass: offsetofend of the last field unless given (libbpf sizes attrs the same way). */
  readonly size: number;
}

/** What a field accepts on input. */
type InputOf<F> = F extends { type: 'enum'; names: infer N }
  ? (keyof N & string) | number
  : F extends { type: 'u16' | 'u32' | 's32' }
    ? number
    : F extends { type: 'u64' }
      ? bigint | number
      : F extends { type: 'ptr' }
        ? Buffer | bigint | null
        : F extends { type: 'str' }
          ? string | null
          : F extends { type: 'char' }
            ? string
            : F extends { type: 'bytes' }
              ? Uint8Array
              : F extends { type: 'bits' }
                ? readonly string[]
                : F extends { type: 'flags'; names: infer N }
                  ? bigint | number | readonly (keyof N & string)[]
                  : never;

export type LayoutInput<L extends StructLayout> = {
  [F in L['fields'][number] as F['name']]?: InputOf<F>;
};

export function fieldSize(f: FieldSpec): number {
  switch (f.type) {
    case 'u16':
      return 2;
    case 'u32':
    case 's32':
    case 'enum':
      return 4;
    case 'u64':
    case 'ptr':
    case 'str':
    case 'bits':
    case 'flags':
      return 8;
    case 'char':
    case 'bytes':
      return f.len;
  }
}

export function defineLayout<const F extends readonly FieldSpec[]>(struct: string, fields: F, size?: number): StructLayout<F> {
  const end = Math.max(...fields.map((f) => f.off + fieldSize(f)));
  return { struct, fields, size: size ?? end };
}

/** An encoded struct plus the buffers its pointers point into (kept referenced until the syscall returns). */
export interface Encoded {
  readonly buf: Buffer;
  readonly keep: readonly Buffer[];
}

type AddressOf = (b: Buffer) => bigint;

/** Write `input` into a zeroed buffer of `layout.size` bytes; unknown keys are an error (a typo is a bug). */
export function encodeStruct<L extends StructLayout>(layout: L, input: LayoutInput<L>, addressOf: AddressOf): Encoded {
  const buf = Buffer.alloc(layout.size);
  const keep: Buffer[] = [];
  const given = input as Record<string, unknown>;
  const known = new Set(layout.fields.map((f) => f.name));
  for (const k of Object.keys(given)) {
    if (!known.has(k)) throw new Error(`${layout.struct}: no field "${k}" in this layout`);
  }
  for (const f of layout.fields) {
    const v = given[f.name];
    if (v === undefined) continue;
    writeField(buf, f, v, keep, addressOf, layout.struct);
  }
  return { buf, keep };
}

function writeField(buf: Buffer, f: FieldSpec, v: unknown, keep: Buffer[], addressOf: AddressOf, struct: string): void {
  const where = `${struct}.${f.name}`;
  switch (f.type) {
    case 'u16':
      buf.writeUInt16LE(v as number, f.off);
      return;
    case 'u32':
      buf.writeUInt32LE((v as number) >>> 0, f.off);
      return;
    case 's32':
      buf.writeInt32LE(v as number, f.off);
      return;
    case 'u64':
      buf.writeBigUInt64LE(BigInt.asUintN(64, BigInt(v as bigint | number)), f.off);
      return;
    case 'enum': {
      const n = typeof v === 'number' ? v : f.names[v as string];
      if (n === undefined) throw new Error(`${where}: unknown name ${String(v)}`);
      buf.writeUInt32LE(n, f.off);
      return;
    }
    case 'ptr': {
      const p = v === null ? 0n : typeof v === 'bigint' ? v : addressOf(v as Buffer);
      if (Buffer.isBuffer(v)) keep.push(v);
      buf.writeBigUInt64LE(p, f.off);
      return;
    }
    case 'str': {
      if (v === null) return;
      const s = Buffer.from(`${v as string}\0`, 'utf8');
      keep.push(s);
      buf.writeBigUInt64LE(addressOf(s), f.off);
      return;
    }
    case 'char': {
      const s = Buffer.from(v as string, 'utf8');
      // The kernel wants a NUL inside the array: at most len-1 bytes of name (BPF_OBJ_NAME_LEN - 1 for names).
      if (s.length > f.len - 1) throw new Error(`${where}: "${v as string}" is longer than ${f.len - 1} bytes`);
      s.copy(buf, f.off);
      return;
    }
    case 'bytes':
      Buffer.from(v as Uint8Array).copy(buf, f.off, 0, f.len);
      return;
    case 'bits': {
      let word = 0n;
      for (const name of v as readonly string[]) {
        const i = f.bits.indexOf(name);
        if (i < 0) throw new Error(`${where}: unknown flag ${name}`);
        word |= 1n << BigInt(i);
      }
      buf.writeBigUInt64LE(word, f.off);
      return;
    }
    case 'flags': {
      let mask = 0n;
      if (Array.isArray(v)) {
        for (const name of v as readonly string[]) {
          const bit = f.names[name];
          if (bit === undefined) throw new Error(`${where}: unknown flag ${name}`);
          mask |= BigInt(bit);
        }
      } else mask = BigInt(v as bigint | number);
      buf.writeBigUInt64LE(mask, f.off);
      return;
    }
  }
}

/** A flag mask as strace prints it: "PERF_SAMPLE_RAW|PERF_SAMPLE_TID", "0" when empty, unknown bits in hex. */
export function flagsArg(names: NameTable, mask: bigint): string {
  if (mask === 0n) return '0';
  const parts: string[] = [];
  let rest = mask;
  for (const [k, v] of Object.entries(names)) {
    const bit = BigInt(v);
    if (bit !== 0n && (rest & bit) === bit) {
      parts.push(k);
      rest &= ~bit;
    }
  }
  if (rest !== 0n) parts.push(`0x${rest.toString(16)}`);
  return parts.join('|');
}

/** A 64-bit value as the trace carries it: a number when exact, else a decimal string. */
export function u64Arg(v: bigint): ArgValue {
  return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
}

export function ptrArg(p: bigint): string {
  return p === 0n ? 'NULL' : `0x${p.toString(16)}`;
}

/** Reverse lookup in a name table (first name wins); the number itself when the table does not know it. */
export function nameOf(names: NameTable, n: number): string | number {
  for (const [k, v] of Object.entries(names)) if (v === n) return k;
  return n;
}

export function readCString(buf: Buffer, off: number, len: number): string {
  const end = buf.indexOf(0, off);
  return buf.toString('utf8', off, end < 0 || end > off + len ? off + len : end);
}

function decodeField(buf: Buffer, f: FieldSpec, given: unknown): ArgValue | Args {
  switch (f.type) {
    case 'u16':
      return buf.readUInt16LE(f.off);
    case 'u32':
      return buf.readUInt32LE(f.off);
    case 's32':
      return buf.readInt32LE(f.off);
    case 'u64':
      return u64Arg(buf.readBigUInt64LE(f.off));
    case 'enum':
      return nameOf(f.names, buf.readUInt32LE(f.off));
    case 'ptr':
      return ptrArg(buf.readBigUInt64LE(f.off));
    case 'str':
      return typeof given === 'string' ? given : ptrArg(buf.readBigUInt64LE(f.off));
    case 'char':
      return readCString(buf, f.off, f.len);
    case 'bytes':
      return buf.toString('hex', f.off, f.off + f.len);
    case 'bits': {
      const word = buf.readBigUInt64LE(f.off);
      const set: Record<string, ArgValue> = {};
      f.bits.forEach((b, i) => {
        if ((word >> BigInt(i)) & 1n) set[b] = 1;
      });
      return set;
    }
    case 'flags':
      return flagsArg(f.names, buf.readBigUInt64LE(f.off));
  }
}

/**
 * The struct as trace arguments, by UAPI field name, read from the bytes actually passed. Union aliases appear
 * only when the caller used them (and then replace the member they overlay). Bit flags are spread as name: 1.
 */
export function decodeArgs<L extends StructLayout>(layout: L, buf: Buffer, input: LayoutInput<L>): Args {
  const given = input as Record<string, unknown>;
  const args: Record<string, ArgValue> = {};
  const overlaid = new Set(layout.fields.filter((f) => f.alias && given[f.name] !== undefined).map((f) => f.off));
  for (const f of layout.fields) {
    if (f.alias ? given[f.name] === undefined : overlaid.has(f.off) && given[f.name] === undefined) continue;
    const v = decodeField(buf, f, given[f.name]);
    if (f.type === 'bits') Object.assign(args, v);
    else args[f.name] = v as ArgValue;
  }
  return args;
}

/** The fields the kernel writes back (marked `out`), read after the call; undefined when the layout has none. */
export function decodeOut(layout: StructLayout, buf: Buffer): Args | undefined {
  const outs = layout.fields.filter((f) => f.out);
  if (outs.length === 0) return undefined;
  return Object.fromEntries(outs.map((f) => [f.name, decodeField(buf, f, undefined) as ArgValue]));
}

/** Look a field up by name (for readers of kernel-written structs). */
export function field<L extends StructLayout>(layout: L, name: L['fields'][number]['name']): FieldSpec {
  const f = layout.fields.find((x) => x.name === name);
  if (!f) throw new Error(`${layout.struct}: no field ${name}`);
  return f;
}

export function readU32(buf: Buffer, layout: StructLayout, name: string): number {
  return buf.readUInt32LE(field(layout, name).off);
}

export function readU64(buf: Buffer, layout: StructLayout, name: string): bigint {
  return buf.readBigUInt64LE(field(layout, name).off);
}

/** An enum field as its kernel name (the number when the table does not know it). */
export function readEnum(buf: Buffer, layout: StructLayout, name: string): string | number {
  const f = field(layout, name);
  const n = buf.readUInt32LE(f.off);
  return f.type === 'enum' ? nameOf(f.names, n) : n;
}

/** A char[len] or __u8[len] field: the string up to its NUL, or hex for bytes. */
export function readChars(buf: Buffer, layout: StructLayout, name: string): string {
  const f = field(layout, name);
  if (f.type === 'bytes') return buf.toString('hex', f.off, f.off + f.len);
  if (f.type === 'char') return readCString(buf, f.off, f.len);
  throw new Error(`${layout.struct}.${name} is not a char or byte array`);
}
