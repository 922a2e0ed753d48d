// The SEC() table against the installed libbpf itself (libbpf-dev 1.1.2): its own list of rows, its list
// of attachable rows, and its answer for every probe name built from the table (bare words, "/extra",
// junk suffixes, newer libbpf's names). Then the attach-target parser and the internal map names, on
// examples whose answers were seen on real tools (bpftool map show, libbpf's documented formats).
import { execFileSync, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  BPF_ATTACH_TYPE, BPF_PROG_TYPE, SECTION_DEFS, findSectionDef, hasSecFlag, internalMapName, objectNameFromPath, parseAttachTarget,
  sectionDefMatches, sectionDefsOf, type SectionDef,
} from '@bpflc/sim';
import { buildLibbpfTool } from '../../golden/object/witness/build-c.ts';

const here = dirname(fileURLToPath(import.meta.url));

const oracle = buildLibbpfTool(join(here, 'libbpf-sec-oracle.c'));
if (oracle.reason) console.warn(`tests/unit/object/section-defs: comparison with libbpf skipped: ${oracle.reason}`);

const progValue = (d: SectionDef | undefined): number => (d ? (BPF_PROG_TYPE as Record<string, number>)[d.progType] ?? -2 : -1);
const attachValue = (d: SectionDef | undefined): number => (d ? (d.expectedAttachType ? (BPF_ATTACH_TYPE as Record<string, number>)[d.expectedAttachType] ?? -2 : 0) : -1);

function probeNames(): string[] {
  const names = new Set<string>();
  for (const d of SECTION_DEFS) {
    const base = d.sec.replace(/[+/]$/, '');
    for (const n of [base, `${base}/x`, `${base}x`, `${base}.s`, `${base}/`, `${base}/a/b:c+1`, `?${base}`]) names.add(n);
  }
  for (const n of ['', '.text', 'maps', 'license', 'xdp_devmap/x', 'classifier/ingress', 'tc/ingress', 'kprobe.multi', 'uprobe.multi/x']) names.add(n);
  return [...names].filter((n) => n !== '');
}

describe.skipIf(!oracle.bin)('section_defs vs the installed libbpf (libbpf_prog_type_by_name)', () => {
  // For an unknown name libbpf prints its tables on stderr.
  const run = oracle.bin ? spawnSync(oracle.bin, ['no-such-section'], { encoding: 'utf8' }) : undefined;
  const listing = run?.stdout ?? '';
  const stderr = run?.stderr ?? '';
  const listOf = (label: string): string[] => (new RegExp(`${label} section\\(type\\) names are: ?(.*)`).exec(stderr)?.[1] ?? '').trim().split(/\s+/);

  it('has the same rows in the same order', () => {
    expect(listing).toContain('no-such-section\t-3');
    expect(sectionDefsOf('1.1').map((d) => d.sec)).toEqual(listOf('supported'));
  });

  it('marks the same rows SEC_ATTACHABLE', () => {
    expect(sectionDefsOf('1.1').filter((d) => hasSecFlag(d, 'SEC_ATTACHABLE')).map((d) => d.sec)).toEqual(listOf('attachable'));
  });

  it('answers every probe name as libbpf does (type, expected attach type, attachability)', () => {
    const names = probeNames();
    const out = execFileSync(oracle.bin!, names, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim().split('\n');
    expect(out.length).toBe(names.length);
    let agree = 0;
    const diffs: string[] = [];
    for (const line of out) {
      const [name, rc, pt, at, arc, at2] = line.split('\t');
      const d = findSectionDef(name!, '1.1');
      const attachable = d !== undefined && hasSecFlag(d, 'SEC_ATTACHABLE');
      const ours = [d ? 0 : -3, progValue(d), attachValue(d), attachable ? 0 : -22, attachable ? attachValue(d) : -1];
      const theirs = [rc, pt, at, arc, at2].map(Number);
      if (JSON.stringify(ours) === JSON.stringify(theirs)) agree++;
      else diffs.push(`${name}: ours ${ours.join(',')} libbpf ${theirs.join(',')}`);
    }
    console.log(`section names: ${agree}/${names.length} answered as libbpf 1.1 answers them`);
    expect(diffs).toEqual([]);
  });
});

describe('section matching rules (libbpf 1.x sec_def_matches)', () => {
  const def = (sec: string) => SECTION_DEFS.find((d) => d.sec === sec)!;
  it("'+' takes the bare word or word/extra, nothing else", () => {
    expect(sectionDefMatches(def('kprobe+'), 'kprobe')).toBe(true);
    expect(sectionDefMatches(def('kprobe+'), 'kprobe/do_sys_openat2')).toBe(true);
    expect(sectionDefMatches(def('kprobe+'), 'kprobex')).toBe(false);
    expect(sectionDefMatches(def('kprobe+'), 'kprobe.multi/x')).toBe(false);
  });
  it('exact rows take only themselves; the first matching row wins', () => {
    expect(sectionDefMatches(def('xdp'), 'xdp/foo')).toBe(false);
    expect(findSectionDef('sk_reuseport/migrate')?.expectedAttachType).toBe('BPF_SK_REUSEPORT_SELECT_OR_MIGRATE');
    expect(findSectionDef('xdp.frags/devmap')?.flags).toEqual(['SEC_XDP_FRAGS']);
  });
  it('rows of newer libbpf are matched only when asked for', () => {
    expect(findSectionDef('tcx/ingress', '1.1')).toBeUndefined();
    expect(findSectionDef('tcx/ingress', '1.3')?.expectedAttachType).toBe('BPF_TCX_INGRESS');
    expect(findSectionDef('netfilter', '1.7')?.progType).toBe('BPF_PROG_TYPE_NETFILTER');
    expect(sectionDefsOf('1.1')).toHaveLength(81);
    expect(sectionDefsOf('1.7')).toHaveLength(105);
  });
});

describe('attach targets parsed from section names', () => {
  const target = (sec: string) => parseAttachTarget(findSectionDef(sec)!, sec);
  it('tracepoint category/name', () => {
    expect(target('tp/syscalls/sys_enter_write')).toEqual({ kind: 'tracepoint', category: 'syscalls', name: 'sys_enter_write' });
    expect(target('tracepoint/sched/sched_switch')).toEqual({ kind: 'tracepoint', category: 'sched', name: 'sched_switch' });
    expect(target('tp/nocategory').kind).toBe('invalid');
    expect(target('tp').kind).toBe('manual');
  });
  it('kprobe function+offset (C integer syntax), kretprobe refuses an offset', () => {
    expect(target('kprobe/do_sys_openat2+0x10')).toEqual({ kind: 'kprobe', retprobe: false, function: 'do_sys_openat2', offset: 16 });
    expect(target('kprobe/vfs_read+010')).toMatchObject({ offset: 8 });
    expect(target('kretprobe/vfs_read')).toEqual({ kind: 'kprobe', retprobe: true, function: 'vfs_read', offset: 0 });
    expect(target('kretprobe/vfs_read+4').kind).toBe('invalid');
  });
  it('uprobe path:function+offset, usdt path:provider:name, ksyscall, raw_tp, multi-kprobe patterns', () => {
    expect(target('uprobe//bin/true:main')).toEqual({ kind: 'uprobe', retprobe: false, path: '/bin/true', function: 'main', offset: 0 });
    expect(target('uretprobe.s//usr/lib/libc.so.6:malloc')).toMatchObject({ kind: 'uprobe', retprobe: true, path: '/usr/lib/libc.so.6' });
    expect(target('uprobe//bin/true').kind).toBe('invalid');
    expect(target('usdt/./a.out:provider:probe')).toEqual({ kind: 'usdt', path: './a.out', provider: 'provider', name: 'probe' });
    expect(target('ksyscall/openat')).toEqual({ kind: 'ksyscall', retprobe: false, syscall: 'openat' });
    expect(target('raw_tp.w/bpf_test_finish')).toEqual({ kind: 'raw-tracepoint', name: 'bpf_test_finish', writable: true });
    expect(target('kprobe.multi/vfs_*')).toEqual({ kind: 'kprobe-multi', retprobe: false, pattern: 'vfs_*' });
  });
  it('BTF targets carry the name libbpf looks up in vmlinux', () => {
    expect(target('tp_btf/sched_switch')).toMatchObject({ kind: 'btf', btfName: 'btf_trace_sched_switch', btfKind: 'BTF_KIND_TYPEDEF' });
    expect(target('lsm.s/bprm_committed_creds')).toMatchObject({ btfName: 'bpf_lsm_bprm_committed_creds', in: 'kernel' });
    expect(target('iter/task')).toMatchObject({ btfName: 'bpf_iter_task' });
    expect(target('freplace/handler')).toMatchObject({ btfName: 'handler', in: 'target-program' });
    expect(target('fentry').kind).toBe('invalid');
  });
});

describe('internal map names (libbpf 1.1 internal_map_name)', () => {
  it('matches the names bpftool map show printed for the examples', () => {
    // Seen with `bpftool prog loadall` (bpftool 7.1) on this machine.
    expect(internalMapName('minimal', '.bss')).toBe('minimal.bss');
    expect(internalMapName('minimal', '.rodata')).toBe('minimal.rodata');
    expect(internalMapName('subprog_loop', '.rodata')).toBe('subprog_.rodata');
    expect(internalMapName('minimal_bpf', '.bss')).toBe('minimal_.bss');
    expect(internalMapName('loader-features', '.kconfig')).toBe('loader_.kconfig');
    expect(internalMapName('c-ld-imm64', '.data.extra')).toBe('.data.extra');
    expect(internalMapName('x', '.rodata.str1.1')).toBe('.rodata.str1.1');
    expect(internalMapName('x', '.rodata.abracadabra')).toBe('.rodata.abracad');
  });
  it('derives the object name from the path as bpf_object__new does', () => {
    expect(objectNameFromPath('content/examples/minimal/build/minimal.bpf.o')).toBe('minimal');
    expect(objectNameFromPath('/tmp/very_long_object_name.bpf.o')).toBe('very_long_objec');
    expect(objectNameFromPath('noext')).toBe('noext');
  });
});
