// Prints one closing line for `npm test` from the JSON reports of vitest and Playwright:
// "tests: N passed, N failed, N skipped" (the plain line CI reads), then per-runner counts.
import { existsSync, readFileSync } from 'node:fs';

const read = (p) => (existsSync(p) ? JSON.parse(readFileSync(p, 'utf8')) : null);
const counts = { passed: 0, failed: 0, skipped: 0 };
const lines = [];

const vitest = read('test-results/vitest.json');
if (vitest) {
  const v = { passed: vitest.numPassedTests, failed: vitest.numFailedTests, skipped: vitest.numPendingTests + vitest.numTodoTests };
  lines.push(`  vitest: ${v.passed} passed, ${v.failed} failed, ${v.skipped} skipped`);
  for (const k of Object.keys(counts)) counts[k] += v[k];
}
const pw = read('test-results/playwright.json');
if (pw) {
  const s = pw.stats ?? {};
  const p = { passed: (s.expected ?? 0) + (s.flaky ?? 0), failed: s.unexpected ?? 0, skipped: s.skipped ?? 0 };
  lines.push(`  playwright: ${p.passed} passed, ${p.failed} failed, ${p.skipped} skipped`);
  for (const k of Object.keys(counts)) counts[k] += p[k];
}
// A step that failed without reporting tests (a build, a type error, a server that did not start) is a failure too.
const failedSteps = process.argv.slice(2);
if (failedSteps.length) lines.push(`  failed steps: ${failedSteps.join(', ')}`);
const reportedFailures = { unit: vitest?.numFailedTests ?? 0, e2e: pw?.stats?.unexpected ?? 0 };
for (const step of failedSteps) if (!reportedFailures[step]) counts.failed += 1;
console.log(lines.join('\n'));
console.log(`tests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
