// Regenerates golden files with the real tools. Run from anywhere:
//   node --import tsx scripts/update-goldens.ts [disasm] [kernel]     (no argument: both)
// disasm: for every object in the repo (content/examples/*/build/*.o, tests/programs/build/*.o) the output
//   of `llvm-objdump -d <relative path>` → tests/golden/disasm/llvm/<path>.objdump.txt, with a sidecar
//   <path>.objdump.meta.json naming the LLVM version and the object's sha256.
// kernel: for every example object (and tests/programs/build/asm-kernel-*.o), the real kernel's view of each program, loaded with bpftool (needs
//   CAP_BPF and bpffs at /sys/fs/bpf; pins live under /sys/fs/bpf/bpflc-goldens-<pid> and are removed):
//   the xlated instructions (raw bytes and `bpftool prog dump xlated` text), the kallsyms names of the
//   helper addresses in them, and the verifier log's "Live regs before insn" listing (kernel/bpf/disasm.c
//   of the running kernel) → tests/golden/disasm/kernel/<slug>.<program>.json.
// Review the diff; each file says which tool version made it.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { repoObjects } from '../tests/repo-objects.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'tests/golden/disasm');


const sha256 = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');
const json = (v: unknown): string => `${JSON.stringify(v, null, 2)}\n`;

function updateDisasm(): void {
  const version = execFileSync('llvm-objdump', ['--version'], { encoding: 'utf8' }).match(/LLVM version [^\s]+/)?.[0] ?? 'unknown';
  let n = 0;
  for (const obj of repoObjects()) {
    const r = spawnSync('llvm-objdump', ['-d', obj], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 28 });
    if (r.status !== 0) {
      console.error(`llvm-objdump -d ${obj} failed (${r.status ?? r.signal}): ${r.stderr.split('\n')[0]}; no golden written`);
      continue;
    }
    const base = join(OUT, 'llvm', `${obj}.objdump`);
    mkdirSync(dirname(base), { recursive: true });
    writeFileSync(`${base}.txt`, r.stdout);
    writeFileSync(`${base}.meta.json`, json({ command: `llvm-objdump -d ${obj}`, tool: version, object: obj, objectSha256: sha256(join(ROOT, obj)) }));
    n++;
  }
  console.log(`disasm: wrote ${n} llvm-objdump goldens (${version}) under ${relative(ROOT, OUT)}/llvm`);
}

// kallsyms: address → name, for naming helper calls in xlated code as bpftool does.
function kallsyms(): { base: bigint; byAddr: Map<bigint, string> } {
  const byAddr = new Map<bigint, string>();
  let base = 0n;
  for (const line of readFileSync('/proc/kallsyms', 'utf8').split('\n')) {
    const [addr, , name] = line.split(/\s+/);
    if (!addr || !name) continue;
    const a = BigInt(`0x${addr}`);
    if (!byAddr.has(a)) byAddr.set(a, name);
    if (name === '__bpf_call_base') base = a;
  }
  if (base === 0n) throw new Error('/proc/kallsyms shows no __bpf_call_base address: run as root (kptr_restrict hides addresses)');
  return { base, byAddr };
}

// libbpf debug output (bpftool -d): each program's verifier log sits between BEGIN and END markers.
function verifierLogs(stderr: string): Map<string, string[]> {
  const logs = new Map<string, string[]>();
  let cur: string[] | undefined;
  for (const line of stderr.split('\n')) {
    const b = /^libbpf: prog '([^']+)': -- BEGIN PROG LOAD LOG --/.exec(line);
    if (b) {
      cur = [];
      logs.set(b[1] as string, cur);
      continue;
    }
    if (/-- END PROG LOAD LOG --/.test(line)) {
      cur = undefined;
      continue;
    }
    cur?.push(line);
  }
  return logs;
}

// "Live regs before insn:" lines: "<depth?> <slot>: <10 liveness chars> <insn text>"
function liveRegsListing(log: string[]): Array<{ slot: number; text: string }> {
  const out: Array<{ slot: number; text: string }> = [];
  let on = false;
  for (const line of log) {
    if (line.startsWith('Live regs before insn:')) {
      on = true;
      continue;
    }
    if (!on) continue;
    const m = /^\s*(?:\d+\s+)?(\d+): [.0-9]{10} (\(.*)$/.exec(line);
    if (!m) {
      if (out.length) on = false;
      continue;
    }
    out.push({ slot: Number(m[1]), text: m[2] as string });
  }
  return out;
}

function updateKernel(): void {
  const kernel = execFileSync('uname', ['-r'], { encoding: 'utf8' }).trim();
  const bpftool = execFileSync('bpftool', ['version'], { encoding: 'utf8' }).split('\n').slice(0, 2).join(' / ');
  const syms = kallsyms();
  const dir = join(OUT, 'kernel');
  mkdirSync(dir, { recursive: true });
  const pinRoot = `/sys/fs/bpf/bpflc-goldens-${process.pid}`;
  const tmp = mkdtempSync(join(tmpdir(), 'bpflc-goldens-'));
  let n = 0;
  try {
    const kernelObjects = repoObjects().filter(
      (o) => (o.startsWith('content/examples/') && o.endsWith('.bpf.o') && !o.endsWith('.tmp.bpf.o')) || /^tests\/programs\/build\/asm-kernel-[^/]+\.o$/.test(o),
    );
    for (const obj of kernelObjects) {
      const slug = obj.startsWith('content/') ? (obj.split('/')[2] as string) : (obj.split('/').pop() as string).replace(/\.o$/, '');
      const pin = join(pinRoot, slug);
      mkdirSync(pin, { recursive: true });
      try {
        const load = spawnSync('bpftool', ['-d', 'prog', 'loadall', obj, pin], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 28 });
        const logs = verifierLogs(load.stderr);
        const pinned = readdirSync(pin).sort();
        const names = new Set([...logs.keys(), ...pinned]);
        for (const prog of [...names].sort()) {
          const record: Record<string, unknown> = {
            generatedBy: 'scripts/update-goldens.ts kernel',
            kernel,
            bpftool,
            object: obj,
            objectSha256: sha256(join(ROOT, obj)),
            program: prog,
            loaded: pinned.includes(prog),
            verifierLiveRegs: liveRegsListing(logs.get(prog) ?? []),
          };
          if (pinned.includes(prog)) {
            const p = join(pin, prog);
            const raw = join(tmp, `${slug}.${prog}.bin`);
            execFileSync('bpftool', ['prog', 'dump', 'xlated', 'pinned', p, 'file', raw]);
            const bytes = readFileSync(raw);
            const slots: string[] = [];
            const callNames: Record<string, string> = {};
            for (let i = 0; i + 8 <= bytes.length; i += 8) {
              slots.push(bytes.subarray(i, i + 8).toString('hex'));
              // helper calls (src 0): the imm is an offset from __bpf_call_base; name it from kallsyms
              if (bytes[i] === 0x85 && ((bytes[i + 1] as number) >> 4) === 0) {
                const name = syms.byAddr.get(syms.base + BigInt(bytes.readInt32LE(i + 4)));
                if (name) callNames[String(i / 8)] = name;
              }
            }
            const text = execFileSync('bpftool', ['prog', 'dump', 'xlated', 'pinned', p], { encoding: 'utf8' });
            record.xlated = slots;
            record.callNames = callNames;
            record.bpftoolXlated = text.split('\n').filter((l) => /^\s*\d+: /.test(l));
          }
          writeFileSync(join(dir, `${slug}.${prog}.json`), json(record));
          n++;
        }
      } finally {
        rmSync(pin, { recursive: true, force: true });
      }
    }
  } finally {
    rmSync(pinRoot, { recursive: true, force: true });
    rmSync(tmp, { recursive: true, force: true });
  }
  console.log(`kernel: wrote ${n} program goldens (kernel ${kernel}, ${bpftool}) under ${relative(ROOT, dir)}`);
}

const which = process.argv.slice(2);
if (which.length === 0 || which.includes('disasm')) updateDisasm();
if (which.length === 0 || which.includes('kernel')) {
  if (!existsSync('/sys/fs/bpf') || process.getuid?.() !== 0) console.error('kernel: skipped (needs root and bpffs mounted at /sys/fs/bpf)');
  else updateKernel();
}
