// Real kernel: a prog array's `.values = { [0] = &stage_one, [1] = &stage_two }` initialiser (c-tail-call), which
// libbpf fills once the programs are loaded. The agent does the same; bpftool reads the slots back as program ids.
import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { unload } from '../../../real-backend/src/loader/index.ts';
import { bpftoolSkipReason, needBpf } from '../helpers/privilege.ts';
import { bpftoolMapName, load, programObject, type Load } from './helpers.ts';

let l: Load | undefined;
afterAll(() => {
  if (l) unload(l.s, l.loaded);
});

describe('agent loader: prog array slots', () => {
  it('puts stage_one and stage_two into jump_table[0] and [1]', async (ctx) => {
    needBpf(ctx);
    l = await load(programObject('tail-call'));
    const byName = new Map(l.loaded.programs.map((p) => [p.name, p]));
    expect([...byName.values()].map((p) => [p.name, p.verdict])).toEqual([['stage_one', 'accepted'], ['stage_two', 'accepted'], ['entry', 'accepted']]);
    const updates = l.s.events.filter((e) => e.kind === 'syscall' && e.cmd === 'BPF_MAP_UPDATE_ELEM' && e.stage === 'prog_load');
    expect(updates.map((e) => e.kind === 'syscall' && [e.ret, e.note])).toEqual([[0, 'jump_table[0] = stage_one'], [0, 'jump_table[1] = stage_two']]);

    const why = bpftoolSkipReason();
    if (why) ctx.skip(why);
    const tableId = byName.get('entry')!.mapIds!.find((id) => bpftoolMapName(id) === 'jump_table')!;
    const dump = JSON.parse(execFileSync('bpftool', ['-j', 'map', 'dump', 'id', String(tableId)], { encoding: 'utf8' })) as { key: string[]; value: string[] }[];
    const u32 = (bytes: string[]) => Buffer.from(bytes.map((x) => Number(x))).readUInt32LE(0);
    expect(dump.map((e) => [u32(e.key), u32(e.value)])).toEqual([[0, byName.get('stage_one')!.id], [1, byName.get('stage_two')!.id]]);
  });
});
