// npm run fidelity [-- --json]
// The fidelity run (house rule): loads every object into the kernel with libbpf 1.1 (bpftool 7.1 prog
// loadall under strace), compares per stage what the sim says, and prints the agreement table (the same
// one tests/fidelity/fidelity.test.ts prints; the implementation is tests/fidelity/fidelity.ts).
// Exit status: 0 all simulated stages agree, 1 a disagreement, 2 it cannot run here (not root, no bpftool/strace).
import { fidelitySkipReason, formatReport, runFidelity } from '../tests/fidelity/fidelity.ts';

const args = process.argv.slice(2);
const unknown = args.filter((a) => a !== '--json');
if (unknown.length) {
  console.error(`fidelity: unknown argument ${unknown.join(' ')}; usage: npm run fidelity [-- --json]`);
  process.exit(2);
}
const skip = fidelitySkipReason();
if (skip) {
  console.error(`fidelity: cannot load objects here (${skip.replace(/^skipped: /, '')}).`);
  process.exit(2);
}
const report = runFidelity();
console.log(args.includes('--json') ? JSON.stringify(report, null, 2) : formatReport(report));
process.exit(report.disagreements.length || report.details.length ? 1 : 0);
