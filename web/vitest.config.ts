import { defineConfig } from 'vitest/config';

// Unit tests of the data-shaping code; DOM-touching ones run on happy-dom.
export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/contract/**/*.test.ts'],
    environment: 'node',
  },
});
