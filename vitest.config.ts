import { defineConfig } from 'vitest/config';

// Server tests beside the code and in test/, on the embedded engine or on the PostgreSQL server in DATABASE_URL.
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
    ],
  },
});
