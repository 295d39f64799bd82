import { defineConfig } from 'vitest/config';

// One config; scripts/test.mjs runs it per part (unit, integration per engine, e2e) with --dir.
export default defineConfig({
  test: {
    include: ['**/*.test.ts', '**/*.e2e.ts'],
    exclude: ['node_modules/**', 'dist/**', 'var/**'],
    environment: 'node',
    testTimeout: 60_000,
    // Set-up hooks start servers and load demo data into fresh databases: minutes on a busy 2-core machine.
    hookTimeout: 240_000,
    env: { TZ: 'Asia/Ho_Chi_Minh' },
  },
});
