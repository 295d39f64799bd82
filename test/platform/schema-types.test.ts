import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generate, GENERATED_PATH } from '../../scripts/gen-db-types';

describe('generated row types', () => {
  it('should match the migrations (run npm run db:types after adding one)', async () => {
    expect(fs.readFileSync(GENERATED_PATH, 'utf8')).toBe(await generate());
  });
});
