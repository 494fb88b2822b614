import { defineConfig } from 'vitest/config';

/**
 * Tests that run the CLI in a child process, build a whole report (PDF files, a scratch project),
 * start Chromium or copy the repository: the e2e project. Everything else is the unit project
 * (`make test-fast`): pure stage tests, fixture documents rendered in the test's own process, and
 * in-memory builds through Effects.
 */
const E2E = [
  'test/e2e/**/*.test.ts',
  'test/architecture/**/*.test.ts',
  'test/render/pdf/report.test.ts',
  'test/render/pdf/reader.test.ts',
  'test/render/parallel.test.ts',
  'test/render/html/browser.test.ts',
  'test/publish/sign.test.ts',
  'test/publish/watch.test.ts',
  'test/render/pdf/speedups.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    projects: [
      // The unit project runs first (groupOrder), while the e2e project's globalSetup builds the
      // default report in the background (test/helpers/default-build.ts) for the files that only read it.
      {
        extends: true,
        test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: E2E, sequence: { groupOrder: 0 } },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: E2E,
          globalSetup: ['test/helpers/default-build.ts'],
          hookTimeout: 600_000,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
