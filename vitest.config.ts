import { defineConfig } from 'vitest/config';

// Server tests beside the code and in test/ (on the embedded engine, or on the PostgreSQL server in
// DATABASE_URL), and browser tests that drive the built console in Debian's Chromium.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'server',
          include: ['src/**/*.test.ts', 'test/*.test.ts'],
          globalSetup: ['test/globalSetup.ts'],
          pool: 'forks',
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          globalSetup: ['test/browser/globalSetup.ts'],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
