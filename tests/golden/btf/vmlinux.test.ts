// /sys/kernel/btf/vmlinux (raw BTF, ~5 MB, >100k types) through the decoder and both printers, compared with
// live bpftool when installed, else with the output hashes recorded in meta.json for the same kernel BTF.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { decodeBtf, formatBtfC, formatBtfRawBytes, type Btf } from '@bpflc/sim';
import { VMLINUX } from './inputs.ts';

const here = dirname(fileURLToPath(import.meta.url));
const meta = JSON.parse(readFileSync(join(here, 'meta.json'), 'utf8')) as {
  vmlinux?: { btfSha256: string; rawSha256: string; cSha256: string; kernelRelease: string };
};
const have = existsSync(VMLINUX);
const hasBpftool = spawnSync('bpftool', ['--version']).status === 0;
const sha256 = (b: Uint8Array | string): string => createHash('sha256').update(b).digest('hex');

describe.skipIf(!have)('vmlinux BTF', () => {
  let btf: Btf;
  let bytes: Uint8Array;
  it('decodes without error', () => {
    bytes = new Uint8Array(readFileSync(VMLINUX));
    const t0 = performance.now();
    const r = decodeBtf(bytes);
    const ms = performance.now() - t0;
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    btf = r.value;
    expect(btf.types.length).toBeGreaterThan(10_000);
    console.log(`vmlinux: ${bytes.length} bytes, ${btf.types.length - 1} types decoded in ${ms.toFixed(0)} ms`);
  });

  const sameKernel = (): boolean => meta.vmlinux !== undefined && sha256(bytes) === meta.vmlinux.btfSha256;

  it('format raw is identical to bpftool', () => {
    const ours = formatBtfRawBytes(btf);
    if (hasBpftool) {
      const live = spawnSync('bpftool', ['btf', 'dump', 'file', VMLINUX, 'format', 'raw'], { maxBuffer: 1 << 28 });
      expect(Buffer.from(ours).equals(live.stdout)).toBe(true);
    } else if (sameKernel()) {
      expect(sha256(ours)).toBe(meta.vmlinux!.rawSha256);
    } else {
      console.log('vmlinux raw: no bpftool and a different kernel than the recorded hashes; only decoded');
    }
  });

  it('format c is identical to bpftool', () => {
    const c = formatBtfC(btf);
    expect(c.ok).toBe(true);
    if (!c.ok) return;
    if (hasBpftool) {
      const live = spawnSync('bpftool', ['btf', 'dump', 'file', VMLINUX, 'format', 'c'], { maxBuffer: 1 << 28 });
      expect(c.value.text === live.stdout.toString()).toBe(true);
    } else if (sameKernel()) {
      expect(sha256(c.value.text)).toBe(meta.vmlinux!.cSha256);
    }
  });
});
