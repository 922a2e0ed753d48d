// `bpflc btf <obj|raw BTF file> [--format raw|c]`: the object's BTF as `bpftool btf dump file <f> format
// raw|c` prints it (bpftool 7.1.0), byte for byte. Like bpftool, a file starting with the BTF magic is raw
// BTF (e.g. /sys/kernel/btf/vmlinux) and anything else is read as ELF for its `.BTF` section.
// e.g. `bpflc btf minimal.bpf.o` → "[1] INT 'int' size=4 bits_offset=0 nr_bits=32 encoding=SIGNED" ...
import { decodeBtf, formatBtfCBytes, formatBtfRawBytes, indexBtf, indexBtfFromElf, isRawBtf, readBtfFromElf, readElf, type BtfIndex, type BtfSource } from '@bpflc/sim';
import { readObjectBytes } from './object-file.ts';
import { BTF_USAGE } from './commands.ts';


const CMD = 'bpflc btf';

function parseArgs(args: string[]): { path: string; format: 'raw' | 'c' } | string {
  let format: 'raw' | 'c' = 'raw';
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    let value: string | undefined;
    if (a === '--format') value = args[++i];
    else if (a.startsWith('--format=')) value = a.slice('--format='.length);
    else if (a.startsWith('-') && a !== '-') return `${CMD}: unknown option ${a}: the only option is --format raw|c. Usage: ${BTF_USAGE}`;
    else {
      files.push(a);
      continue;
    }
    if (value !== 'raw' && value !== 'c') return `${CMD}: --format wants raw or c, got ${value === undefined ? 'nothing' : JSON.stringify(value)}. Usage: ${BTF_USAGE}`;
    format = value;
  }
  if (files.length !== 1) return `${CMD}: expected one object or raw BTF file, got ${files.length}. Usage: ${BTF_USAGE}`;
  return { path: files[0]!, format };
}

type Loaded = { ok: true; src: BtfSource } | { ok: true; index: BtfIndex } | { ok: false; message: string };

/**
 * `--format raw` only indexes the BTF (libbpf's checks, no type objects: what bpftool checks before it
 * prints); `--format c` decodes it whole, with the kernel's reference checks. The file is read once.
 */
function load(path: string, format: 'raw' | 'c'): Loaded {
  const r = readObjectBytes(CMD, path);
  if (!r.ok) return r;
  const at = (e: { offset: number; message: string }) => `(at byte 0x${e.offset.toString(16)}): ${e.message}`;
  if (isRawBtf(r.bytes)) {
    const bad = (e: { offset: number; message: string }) => ({ ok: false as const, message: `${CMD}: ${path} is raw BTF but malformed ${at(e)}` });
    if (format === 'raw') {
      const ix = indexBtf(r.bytes);
      return ix.ok ? { ok: true, index: ix.value } : bad(ix.error);
    }
    const b = decodeBtf(r.bytes);
    return b.ok ? { ok: true, src: { origin: 'raw', btf: b.value, btfFileOffset: 0 } } : bad(b.error);
  }
  const elf = readElf(r.bytes);
  if (!elf.ok) return { ok: false, message: `${CMD}: ${path} ${at(elf.error)}.` };
  if (format === 'raw') {
    const ix = indexBtfFromElf(elf.value);
    return ix.ok ? { ok: true, index: ix.value } : { ok: false, message: `${CMD}: ${path} ${at(ix.error)}` };
  }
  const s = readBtfFromElf(elf.value);
  return s.ok ? { ok: true, src: s.value } : { ok: false, message: `${CMD}: ${path} ${at(s.error)}` };
}

export async function runBtf(args: string[]): Promise<number> {
  const a = parseArgs(args);
  if (typeof a === 'string') {
    process.stderr.write(`${a}\n`);
    return 2;
  }
  const l = load(a.path, a.format);
  if (!l.ok) {
    process.stderr.write(`${l.message}\n`);
    return 1;
  }
  if ('index' in l) {
    process.stdout.write(formatBtfRawBytes(l.index));
    return 0;
  }
  const { btf, pointerSize } = l.src;
  if (a.format === 'raw') {
    process.stdout.write(formatBtfRawBytes(btf));
    return 0;
  }
  const c = formatBtfCBytes(btf, pointerSize === undefined ? {} : { pointerSize });
  if (!c.ok) {
    process.stderr.write(`${CMD}: cannot print ${a.path} as C: ${c.error.message}\n`);
    return 1;
  }
  for (const w of c.value.warnings) process.stderr.write(`libbpf: ${w}\n`);
  process.stdout.write(c.value.bytes);
  return 0;
}
