import { defineConfig } from 'vitest/config';

// One config; scripts/test.mjs runs it per part (unit, integration per engine, e2e) with --dir.
export default defineConfig({
  test: {
    include: ['**/*.test.ts', '**/*.e2e.ts'],
    exclude: ['node_modules/**', 'dist/**', 'var/**'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    env: { TZ: 'Asia/Ho_Chi_Minh' },
  },
});
