import { defineConfig } from 'vitest/config';

// One vitest project per package; each package's own vitest.config.ts describes it.
export default defineConfig({
  test: {
    projects: ['packages/*'],
  },
});
