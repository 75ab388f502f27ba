import { defineConfig } from 'vitest/config';

// `npm run test:stress`: many processes at once, killed writers, soak and fuzz runs with fixed seeds.
export default defineConfig({
  test: {
    include: ['tests/stress/**/*.test.ts'],
    globalSetup: ['tests/global-setup.ts'],
    setupFiles: ['tests/fast-check-seed.ts'],
    testTimeout: 600_000,
    hookTimeout: 120_000,
    env: { K8S_STUDY_CONFIG_DIR: '/nonexistent/k8s-study-tests-must-set-their-own', NO_COLOR: '1' },
  },
});
