import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/{unit,golden,fixtures,fuzz,kernel,fidelity}/**/*.test.ts'],
    testTimeout: 60_000,
  },
});
