// End-to-end tests of the app in Debian's Chromium (the network is closed: no browser download).
// The web server builds the app and serves app/dist from 127.0.0.1 with the project's own server (bpflc serve),
// as `npm start` does.
import { defineConfig } from '@playwright/test';

const port = Number(process.env.E2E_PORT ?? 4391);

export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results/artifacts',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}/`,
    viewport: { width: 1440, height: 900 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
    },
  },
  projects: [
    { name: 'chromium-light', use: { browserName: 'chromium', colorScheme: 'light' }, testIgnore: '**/theme.spec.ts' },
    { name: 'chromium-dark', use: { browserName: 'chromium', colorScheme: 'dark' }, testMatch: '**/theme.spec.ts' },
  ],
  webServer: {
    command: `npm run --silent build:cli && npm run --silent build:app && node real-backend/bin/bpflc.mjs serve --port ${port}`,
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
