import { defineConfig } from 'vitest/config';

// Lighthouse audits (lighthouse/*.lh.ts): one Chromium, one run at a time, against the real binary.
export default defineConfig({
  test: {
    include: ['lighthouse/**/*.lh.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 120_000,
  },
});
