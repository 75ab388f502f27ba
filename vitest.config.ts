import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Tests never see the user's real store or clock.
    env: { K8S_STUDY_CONFIG_DIR: '/nonexistent/k8s-study-tests-must-set-their-own', NO_COLOR: '1' },
  },
});
