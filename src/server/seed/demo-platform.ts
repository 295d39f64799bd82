import type { TRole } from '../../domain/access/roles';
import type { Actor } from '../platform/actor';
import type { Services } from '../app';
import type { Clock } from '../platform/clock';
import type { Db } from '../platform/db/database';
import * as unitRepo from '../modules/units/units.repository';
import { seedDemoUnits } from './demo-units';
import { seedDemoImportMappings } from './demo-imports';
import { seedDemoPopulation } from './demo-population';

/** The demo password of every demo account (README lists the accounts). */
export const DEMO_PASSWORD = 'BinhAn@2026';

export const DEMO_USERS: { username: string; fullName: string; unit: string; roles: TRole[] }[] = [
  { username: 'admin', fullName: 'Quản trị hệ thống', unit: 'CATP-HN', roles: ['administrator'] },
  { username: 'lanhdao', fullName: 'Nguyễn Văn Hùng', unit: 'CATP-HN', roles: ['commander'] },
  { username: 'phantich', fullName: 'Trần Thị Mai', unit: 'PV01', roles: ['analyst'] },
  { username: 'canbo', fullName: 'Lê Minh Tuấn', unit: 'CA-00070', roles: ['officer'] },
  { username: 'canbo.badinh', fullName: 'Phạm Quốc Bảo', unit: 'CA-00004', roles: ['officer'] },
  { username: 'canbo.quanhk', fullName: 'Đặng Văn Sơn', unit: 'CAQ-002', roles: ['officer'] },
  { username: 'sukien', fullName: 'Đỗ Thu Hà', unit: 'PV01', roles: ['event_officer'] },
  { username: 'kiemduyet', fullName: 'Vũ Thị Lan', unit: 'PV01', roles: ['portal_moderator'] },
  { username: 'xem', fullName: 'Hoàng Văn Nam', unit: 'CATP-HN', roles: ['viewer'] },
];

/**
 * The demo: reference areas (if missing), synthetic population figures of Hanoi's communes, the Hanoi police structure with history, and the demo accounts.
 * Does nothing when units exist already. Returns false when it did nothing.
 */
export async function seedDemoPlatform(db: Db, services: Services, actor: Actor, clock: Clock): Promise<boolean> {
  await services.areas.ensureReferenceData(actor);
  await seedDemoImportMappings(db, actor, clock);
  if ((await unitRepo.countUnits(db)) > 0) return false;
  // Synthetic, labelled population figures for the rates per 10,000 inhabitants (no real figures ship), only
  // into a database the demo is filling, never next to an installation's own data.
  await seedDemoPopulation(db, services, actor);
  const ids = await seedDemoUnits(db, clock, actor);
  for (const u of DEMO_USERS) {
    const unitId = ids.get(u.unit);
    if (!unitId) throw new Error(`demo user ${u.username}: no unit ${u.unit}`);
    await services.users.create(actor, { username: u.username, fullName: u.fullName, unitId, roles: u.roles, password: DEMO_PASSWORD }, { demoSeed: true });
  }
  return true;
}
