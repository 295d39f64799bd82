import { syntheticPopulation } from '../../domain/areas/population';
import type { Services } from '../app';
import type { Actor } from '../platform/actor';
import type { Db } from '../platform/db/database';

/** The label of the demo's population figures: they are invented, and say so wherever they are shown. */
export const DEMO_POPULATION_SOURCE = 'Số liệu minh họa (demo)';
/** Hanoi's communes of the two-tier reform, and a city of roughly its size. */
export const DEMO_POPULATION_GENERATION = '2025-07-01';
export const DEMO_POPULATION_YEAR = 2025;
export const DEMO_POPULATION_TOTAL = 8_500_000;

/**
 * Synthetic population figures (not facts: no real figures ship with Bình An) for Hanoi's 126 communes of
 * 2025-07-01, so that the demo can show rates per 10,000 inhabitants. Deterministic; through the same import
 * as real figures (validated, audited). Does nothing when those communes have figures already.
 */
export async function seedDemoPopulation(db: Db, services: Services, actor: Actor): Promise<number> {
  const communes = await db
    .selectFrom('area')
    .select(['code', 'type'])
    .where('level', '=', 3)
    .where('provinceCode', '=', '01')
    .where('validFrom', '=', DEMO_POPULATION_GENERATION)
    .execute();
  if (communes.length === 0) return 0;
  const existing = await db
    .selectFrom('areaPopulation')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('areaValidFrom', '=', DEMO_POPULATION_GENERATION)
    .where('areaCode', 'in', communes.map((c) => c.code))
    .executeTakeFirstOrThrow();
  if (Number(existing.n) > 0) return 0;
  const figures = syntheticPopulation(communes, DEMO_POPULATION_TOTAL);
  const r = await services.areas.importPopulation(
    actor,
    [...figures].map(([code, population]) => ({
      area_code: code,
      valid_from: DEMO_POPULATION_GENERATION,
      year: DEMO_POPULATION_YEAR,
      population,
      source: DEMO_POPULATION_SOURCE,
    })),
    { origin: 'json' },
  );
  return r.rows;
}
