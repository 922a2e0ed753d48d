// What a killed or disconnected attach leaves in the kernel, as bpftool (the independent witness) and tracefs see it.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { tracefsRoot } from '../../../real-backend/src/kernel/index.ts';

/** The program a link holds and the maps that program uses, by id, from bpftool. */
export function idsOfLink(linkId: number): { links: number[]; progs: number[]; maps: number[] } {
  const link = JSON.parse(execFileSync('bpftool', ['-j', 'link', 'show', 'id', String(linkId)], { encoding: 'utf8' })) as { prog_id: number };
  const prog = JSON.parse(execFileSync('bpftool', ['-j', 'prog', 'show', 'id', String(link.prog_id)], { encoding: 'utf8' })) as { map_ids?: number[] };
  return { links: [linkId], progs: [link.prog_id], maps: prog.map_ids ?? [] };
}

/** Our tracefs instances (bpflc-<pid>-<n>) of one process. */
export function instancesOf(pid: number): string[] {
  const root = tracefsRoot();
  if (!root.ok) throw new Error(root.error.message);
  return readdirSync(join(root.value, 'instances')).filter((n) => n.startsWith(`bpflc-${pid}-`));
}
