import { randomUUID } from 'node:crypto';
import type { Db } from '../../src/server/platform/db/database';

/**
 * A bare incident row written straight to the table (statistics tests plant known counts and points; the
 * service's validation and reference numbers are not what they test). The statistics triggers still run.
 */
export function plantedIncident(p: {
  refNo: string;
  areaCode: string;
  areaValidFrom: string;
  unitId: string;
  day: string;
  /** Hanoi time of day, 'HH:MM'. */
  time?: string;
  kind?: string;
  title?: string;
  point?: [number, number] | null;
}): Record<string, unknown> {
  const at = new Date(`${p.day}T${p.time ?? '09:00'}:00+07:00`);
  return {
    id: randomUUID(),
    refNo: p.refNo,
    kind: p.kind ?? 'fire',
    status: 'received',
    title: p.title ?? 'Cháy thử',
    occurredAt: at,
    occurredOn: p.day,
    receivedAt: at,
    areaCode: p.areaCode,
    areaValidFrom: p.areaValidFrom,
    lon: p.point?.[0] ?? null,
    lat: p.point?.[1] ?? null,
    unitId: p.unitId,
    searchKey: 'thu',
    source: 'test',
    createdAt: at,
    updatedAt: at,
  };
}

/** Inserts rows 200 at a time. */
export async function insertPlanted(db: Db, rows: Record<string, unknown>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200)
    await db
      .insertInto('incident')
      .values(rows.slice(i, i + 200) as never)
      .execute();
}
