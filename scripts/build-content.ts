// npm run build-content [slug…] [--programs]
// Builds every example under content/examples/ (or the named ones) with the real clang, bpftool and cc,
// recording each command in build/manifest.json, and the C test programs under tests/programs/c/.
//   no argument     all examples, then all test programs
//   <slug>…         only those examples
//   --programs      (also) the test programs
// Exit code 0 when everything built; 1 with the failing tool's message otherwise.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildExample, generateVmlinux, listExamples } from './build-content/example.ts';
import { BuildError } from './build-content/run-step.ts';
import { buildTestPrograms } from './build-content/test-programs.ts';

export { buildExample, generateVmlinux, listExamples, exampleFileName, BPF_CFLAGS } from './build-content/example.ts';
export { buildTestPrograms, listTestPrograms, parseCflags } from './build-content/test-programs.ts';
export { BuildError } from './build-content/run-step.ts';
export type * from './build-content/manifest.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

async function main(args: string[]): Promise<number> {
  const wantPrograms = args.includes('--programs');
  const unknownFlag = args.find((a) => a.startsWith('-') && a !== '--programs');
  if (unknownFlag !== undefined) {
    console.error(`unknown option ${unknownFlag}: usage: npm run build-content -- [slug…] [--programs]`);
    return 2;
  }
  const slugs = args.filter((a) => !a.startsWith('-'));
  const all = await listExamples(ROOT);
  const unknown = slugs.filter((s) => !all.includes(s));
  if (unknown.length > 0) {
    console.error(`no such example: ${unknown.join(', ')} (have: ${all.join(', ')})`);
    return 2;
  }
  const examples = slugs.length > 0 ? slugs : wantPrograms ? [] : all;
  const programs = wantPrograms || slugs.length === 0;

  const failures: string[] = [];
  const started = performance.now();
  try {
    if (examples.length > 0) {
      console.log(`building ${examples.length} example(s) in ${path.relative(process.cwd(), ROOT) || '.'}`);
      const vmlinux = await generateVmlinux(ROOT);
      for (const slug of examples) {
        try {
          await buildExample(ROOT, slug, vmlinux);
        } catch (e) {
          if (!(e instanceof BuildError)) throw e;
          console.error(`✗ [${slug}] ${e.message}`);
          failures.push(slug);
        }
      }
    }
    if (programs) {
      console.log('building C test programs in tests/programs/c');
      try {
        const m = await buildTestPrograms(ROOT);
        console.log(`  [programs] ${m.programs.length} object(s), manifest tests/programs/build/c-manifest.json`);
      } catch (e) {
        if (!(e instanceof BuildError)) throw e;
        console.error(`✗ [programs] ${e.message}`);
        failures.push('programs');
      }
    }
  } catch (e) {
    if (e instanceof BuildError) {
      console.error(`✗ ${e.message}`);
      return 1;
    }
    throw e;
  }
  const secs = ((performance.now() - started) / 1000).toFixed(1);
  if (failures.length > 0) {
    console.error(`build-content: ${failures.length} failed (${failures.join(', ')}) in ${secs} s`);
    return 1;
  }
  console.log(`build-content: done in ${secs} s`);
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
