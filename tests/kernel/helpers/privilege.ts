// Why a kernel test cannot run here, or undefined when it can. Each test calls needBpf(ctx) first so that a
// skipped test says why in the report.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { hasCap } from '../../../real-backend/src/kernel/caps.ts';

export function bpfSkipReason(): string | undefined {
  const root = process.getuid?.() === 0;
  if (!hasCap('CAP_BPF') && !hasCap('CAP_SYS_ADMIN')) {
    return `skipped: this process ${root ? 'is root but' : 'is not root and'} lacks CAP_BPF (and CAP_SYS_ADMIN): bpf() would fail with EPERM`;
  }
  return undefined;
}

export function tracingSkipReason(): string | undefined {
  const r = bpfSkipReason();
  if (r) return r;
  if (!hasCap('CAP_PERFMON') && !hasCap('CAP_SYS_ADMIN')) return 'skipped: no CAP_PERFMON: tracing programs and perf_event_open are refused';
  return undefined;
}

export function bpftoolSkipReason(): string | undefined {
  try {
    execFileSync('bpftool', ['version'], { stdio: 'pipe' });
    return undefined;
  } catch {
    return 'skipped: bpftool is not installed (apt-get install bpftool)';
  }
}

export function vmlinuxBtfSkipReason(): string | undefined {
  return existsSync('/sys/kernel/btf/vmlinux') ? bpftoolSkipReason() : 'skipped: /sys/kernel/btf/vmlinux is missing (CONFIG_DEBUG_INFO_BTF off)';
}

interface SkipCtx {
  skip: (note?: string) => never;
}

export function needBpf(ctx: SkipCtx): void {
  const r = bpfSkipReason();
  if (r) ctx.skip(r);
}

export function needTracing(ctx: SkipCtx): void {
  const r = tracingSkipReason() ?? bpftoolSkipReason();
  if (r) ctx.skip(r);
}
