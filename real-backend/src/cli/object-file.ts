// Reading an object named on the command line, shared by every command that takes <obj>: the file's
// bytes and its decoded ELF, or the one sentence to print on stderr (exit code 1).
import { readFileSync, statSync } from 'node:fs';
import { readElf, type ElfFile } from '@bpflc/sim';

export type LoadedObject = { ok: true; path: string; bytes: Uint8Array; elf: ElfFile } | { ok: false; message: string };

/** Refuse files this big: no eBPF object comes close, and reading one would only waste memory. */
const MAX_OBJECT_BYTES = 512 * 1024 * 1024;

/** Reads `path` (printed exactly as given in messages); `cmd` prefixes the message, e.g. 'bpflc inspect'. */
export function readObjectBytes(cmd: string, path: string): { ok: true; bytes: Uint8Array } | { ok: false; message: string } {
  try {
    const st = statSync(path);
    if (st.isDirectory()) return { ok: false, message: `${cmd}: ${path} is a directory, not an object file: pass the .o that clang -target bpf wrote.` };
    if (st.size > MAX_OBJECT_BYTES) return { ok: false, message: `${cmd}: ${path} is ${st.size} bytes, far larger than any eBPF object: check that this is the right file.` };
    const buf = readFileSync(path);
    return { ok: true, bytes: new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength) };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a directory' : (e as Error).message;
    const todo = code === 'ENOENT' ? 'check the path, or build the object first (clang -g -O2 -target bpf -c prog.bpf.c -o prog.bpf.o)' : 'check the path and its permissions';
    return { ok: false, message: `${cmd}: cannot read ${path}: ${why}; ${todo}.` };
  }
}

export function loadObject(cmd: string, path: string): LoadedObject {
  const r = readObjectBytes(cmd, path);
  if (!r.ok) return r;
  const elf = readElf(r.bytes);
  if (!elf.ok) {
    return { ok: false, message: `${cmd}: ${path} (at byte 0x${elf.error.offset.toString(16)}): ${elf.error.message}.` };
  }
  return { ok: true, path, bytes: r.bytes, elf: elf.value };
}
