import { defineConfig } from 'vitest/config';

// `npm test`: the suite a person runs, which passes on a busy laptop in a few minutes. Long stress,
// soak and fuzz runs live in tests/stress (`npm run test:stress`, vitest.stress.config.ts).
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/stress/**', 'node_modules/**'],
    globalSetup: ['tests/global-setup.ts'],
    setupFiles: ['tests/fast-check-seed.ts'],
    // Time-outs catch a hang, never a slow machine: no test asserts how long anything takes.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Tests never see the user's real store or clock.
    env: { K8S_STUDY_CONFIG_DIR: '/nonexistent/k8s-study-tests-must-set-their-own', NO_COLOR: '1' },
  },
});
