import { randomUUID } from 'node:crypto';
import type { TColumnMapping } from '../../contracts/imports';
import type { Actor } from '../platform/actor';
import { appendAudit } from '../platform/audit';
import type { Clock } from '../platform/clock';
import type { Db } from '../platform/db/database';
import * as repo from '../modules/imports/imports.repository';

export const SF_MAPPING_NAME = 'SFPD 2018 (DataSF)';

const sfTime = { dateFormat: 'yyyy/MM/dd hh:mm:ss a', timeZone: 'America/Los_Angeles' } as const;

/**
 * The saved mapping of the DataSF "Police Department Incident Reports: 2018 to Present" export
 * (data/foreign/crime-sf-sfpd-incidents-2018-12): one record per row (Row ID), the source's category kept
 * as is, a few categories mapped to the Penal Code article that covers them, police districts as foreign areas.
 */
export const SF_MAPPING: TColumnMapping = {
  source: 'SFPD',
  externalIdColumn: 'Row ID',
  foreign: { areaColumn: 'Police District', label: 'SFPD' },
  numberLocale: 'en',
  fields: [
    { column: 'Incident Datetime', field: 'occurredAt', ...sfTime },
    { column: 'Report Datetime', field: 'receivedAt', ...sfTime },
    { column: 'Incident Category', field: 'sourceCategory' },
    {
      column: 'Incident Category',
      field: 'category',
      values: {
        'Larceny Theft': '173',
        'Motor Vehicle Theft': '173',
        Burglary: '173',
        Robbery: '168',
        Assault: '134',
        Fraud: '174',
        Homicide: '123',
        Arson: '178',
        'Malicious Mischief': '178',
      },
    },
    { column: 'Incident Description', field: 'title' },
    { column: 'Intersection', field: 'address' },
    { column: 'Latitude', field: 'lat' },
    { column: 'Longitude', field: 'lon' },
  ],
};

/** Creates the demo's saved import mappings when missing (idempotent, audited). */
export async function seedDemoImportMappings(db: Db, actor: Actor, clock: Clock): Promise<boolean> {
  if (await repo.findMappingByName(db, SF_MAPPING_NAME, null)) return false;
  const now = clock.now();
  const id = randomUUID();
  await db.transaction().execute(async (trx) => {
    await repo.insertMapping(trx, { id, name: SF_MAPPING_NAME, source: SF_MAPPING.source, mapping: SF_MAPPING, unitId: null, createdBy: actor.userId, at: now });
    await appendAudit(trx, actor, { action: 'import_mapping.created', entityType: 'import_mapping', entityId: id, after: { name: SF_MAPPING_NAME, source: SF_MAPPING.source } }, now);
  });
  return true;
}
