// A BTF file opened for browsing on its own: the running kernel's /sys/kernel/btf/vmlinux (from the agent) or
// a file the learner picks (raw BTF, or an ELF object's .BTF). It is only indexed here (sim's indexBtf: one
// walk with libbpf's checks, typed arrays, ~30 ms for vmlinux's 126k types); the pane decodes the types it
// shows. The typed arrays and the bytes go back to the page transferred, not copied.
import { indexBtf, indexBtfFromElf, isRawBtf, readElf, type BtfIndex, type ElfFile } from '@bpflc/sim';

export interface BtfFile {
  name: string;
  /** Bytes of the whole file. */
  size: number;
  /** Where the BTF is in the file: the whole file (raw BTF) or its .BTF section. */
  where: 'raw' | '.BTF';
  index: BtfIndex;
  /** Time indexBtf took in the worker. */
  indexMs: number;
}

export type BtfFileReply = { kind: 'ok'; value: BtfFile } | { kind: 'error'; message: string };

export function openBtfFile(buffer: ArrayBuffer, name: string): BtfFileReply {
  const bytes = new Uint8Array(buffer);
  const raw = isRawBtf(bytes);
  let elf: ElfFile | undefined;
  if (!raw) {
    const e = readElf(bytes);
    if (!e.ok) return { kind: 'error', message: `${name} is neither raw BTF (it does not start with the BTF magic 0xeb9f) nor a readable ELF object: ${e.error.message}` };
    elf = e.value;
  }
  const t0 = performance.now();
  // The .BTF section libbpf would take (offsets in its errors are file offsets), or the whole raw file.
  const ix = elf ? indexBtfFromElf(elf) : indexBtf(bytes);
  const indexMs = performance.now() - t0;
  if (!ix.ok) {
    const at = ix.error.offset > 0 ? ` (byte 0x${ix.error.offset.toString(16)} of the file)` : '';
    return { kind: 'error', message: `${name}: ${raw ? 'malformed BTF' : 'no usable BTF'}${at}: ${ix.error.message}` };
  }
  return { kind: 'ok', value: { name, size: bytes.length, where: raw ? 'raw' : '.BTF', index: ix.value, indexMs } };
}

/** The distinct buffers under an index, for a transfer list. */
export function indexBuffers(ix: BtfIndex): ArrayBuffer[] {
  const views = [ix.bytes, ix.offsets, ix.kinds, ix.vlens, ix.nameOffs, ix.refStart, ix.refs, ix.strings.bytes];
  return [...new Set(views.map((v) => v.buffer as ArrayBuffer))];
}
