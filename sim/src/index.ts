// Public surface of sim/. Everything here is pure TypeScript and runs in a worker, in Node and in tests.
export * from './result.ts';
export * from './lifecycle/stages.ts';
