// Real kernel: what relocation and verification did to `minimal`, read three ways. In the object, insns 2 and 6
// are `r1 = 0 ll` with an R_BPF_64_64 relocation (my_pid in .bss, the format string in .rodata); the agent sends
// them as BPF_PSEUDO_MAP_VALUE + map fd; the kernel's xlated image (BPF_OBJ_GET_INFO_BY_FD) shows them as
// map id + offset, which bpftool prints as "map[id:N][0]+0" (checked while the program is loaded).
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { BPF_PSEUDO } from '@bpflc/sim/abi/uapi.gen';
import { readObjectSpec } from '@bpflc/sim/object/index';
import { unload } from '../../../real-backend/src/loader/index.ts';
import { bpftoolProgs } from '../helpers/bpftool.ts';
import { bpftoolSkipReason, needBpf } from '../helpers/privilege.ts';
import { bpftoolMapName, bpftoolXlated, exampleObjects, load, type Load } from './helpers.ts';

const minimal = exampleObjects().find((e) => e.slug === 'minimal')!;
let l: Load | undefined;
afterAll(() => {
  if (l) unload(l.s, l.loaded);
});

const slot = (b: Buffer, i: number) => ({ code: b[i * 8]!, src: b[i * 8 + 1]! >> 4, dst: b[i * 8 + 1]! & 15, imm: b.readInt32LE(i * 8 + 4), imm2: b.readInt32LE(i * 8 + 12) });

describe('agent loader: minimal, relocated and verified', () => {
  it('patches insns 2 and 6 (0 + relocation in the object) into map value references, which the kernel shows as map ids', async (ctx) => {
    needBpf(ctx);
    const bytes = readFileSync(minimal.path);
    const spec = readObjectSpec(new Uint8Array(bytes), { path: 'minimal.bpf.o' });
    if (!spec.ok) throw new Error(spec.error.message);
    const relocated = spec.value.relocations.filter((r) => r.kind === 'map-value').map((r) => [r.insnIndex, r.kind === 'map-value' ? r.map : ''] as const);
    expect(relocated).toEqual([[2, 'minimal.bss'], [6, 'minimal.rodata']]);
    const objInsns = Buffer.from(spec.value.programs[0]!.insns);

    l = await load(minimal.path);
    const p = l.loaded.programs[0]!;
    expect(p.verdict).toBe('accepted');
    for (const [i, map] of relocated) {
      // The object: ld_imm64 r1 with imm 0 and no pseudo source.
      expect(slot(objInsns, i)).toMatchObject({ code: 0x18, src: 0, dst: 1, imm: 0, imm2: 0 });
      // Sent: BPF_PSEUDO_MAP_VALUE, the map's fd, offset 0.
      const fd = l.loaded.maps.find((m) => m.name === map)!.fd!;
      expect(slot(p.insns, i)).toMatchObject({ code: 0x18, src: BPF_PSEUDO.BPF_PSEUDO_MAP_VALUE, dst: 1, imm: fd, imm2: 0 });
      // Xlated: the same pseudo source, the map's id in place of the fd.
      const x = slot(p.xlated!, i);
      expect(x).toMatchObject({ code: 0x18, src: BPF_PSEUDO.BPF_PSEUDO_MAP_VALUE, dst: 1, imm2: 0 });
      expect(p.mapIds).toContain(x.imm);
      const why = bpftoolSkipReason();
      if (why) continue;
      expect(bpftoolXlated(p.id!).get(i)).toBe(`(18) r1 = map[id:${x.imm}][0]+0`);
      expect(bpftoolMapName(x.imm)).toBe(map);
    }
    // Every other slot went to the kernel as it was in the object.
    for (let i = 0; i < objInsns.length / 8; i++) {
      if (relocated.some(([r]) => r === i)) continue;
      expect(p.insns.subarray(i * 8, i * 8 + 8).toString('hex'), `slot ${i}`).toBe(objInsns.subarray(i * 8, i * 8 + 8).toString('hex'));
    }
  });

  it('agrees with bpftool on the program it made: type, name, tag, image sizes', (ctx) => {
    needBpf(ctx);
    const why = bpftoolSkipReason();
    if (why) ctx.skip(why);
    if (!l) return ctx.skip('skipped: the load test did not run');
    const p = l.loaded.programs[0]!;
    expect(bpftoolProgs().find((x) => x.id === p.id)).toMatchObject({
      type: 'tracepoint', name: 'handle_tp', tag: p.tag, bytes_xlated: p.xlated!.length, bytes_jited: p.jited!.length,
    });
  });
});
