// Three suites: unit (pure logic, beside the code), integration (real Kafka and PostgreSQL), e2e (Chromium).
// Files run side by side: each makes its own topics, groups, private brokers, databases and servers, so they
// do not meet. Integration files mostly wait on brokers and databases (outages, restarts, backoffs): three at a
// time take a fifth less time than two (332 s against 418 s here, CPU 92 % busy), and the engine-kill tests'
// double count that three once provoked was found and fixed (issue 15). End-to-end files keep two: Chromium
// keeps both cores busy, and three took as long (325 s against 335 s) while the slowest page waited longer.
import { defineConfig } from 'vitest/config';

/**
 * End-to-end files that run one at a time, after the rest. Both wait for the O3 information alarm of a 1000x
 * ozone episode, which in full runs with two files at a time did not come within 150 s. The cause was in the
 * engine: a step of a stream that fell behind closed an hour with minutes of the next, whose count reset the
 * hour's data capture to none, so no O3 hour was valid (fixed with a unit test in core/air-quality-feed). They
 * stay alone as the heaviest streams of the suite, so a loaded machine slows them least.
 */
const E2E_ALONE = ['tests/e2e/ui-air-quality.test.ts', 'tests/e2e/ui-public-notice.test.ts'];

export default defineConfig({
  test: {
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src-*/**/*.test.ts', 'scripts/**/*.test.ts', 'tests/unit/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', '**/*.e2e.test.ts', 'node_modules/**'],
          environment: 'node',
          // Worker threads start faster than forked processes: the suite is many small files (about 20 % less time here).
          pool: 'threads',
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['src-*/**/*.int.test.ts', 'tests/integration/**/*.test.ts'],
          exclude: ['node_modules/**'],
          environment: 'node',
          maxWorkers: 3,
          testTimeout: 180_000,
          hookTimeout: 240_000,
          fileParallelism: true,
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts', 'src-*/**/*.e2e.test.ts'],
          exclude: [...E2E_ALONE, 'node_modules/**'],
          environment: 'node',
          testTimeout: 180_000,
          hookTimeout: 240_000,
          fileParallelism: true,
          sequence: { groupOrder: 0 },
        },
      },
      {
        // After the other end-to-end files, one at a time (see E2E_ALONE).
        test: {
          name: 'e2e-alone',
          include: E2E_ALONE,
          environment: 'node',
          testTimeout: 180_000,
          hookTimeout: 240_000,
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
