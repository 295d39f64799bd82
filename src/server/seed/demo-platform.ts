import type { TRole } from '../../domain/access/roles';
import type { Actor } from '../platform/actor';
import type { Services } from '../app';
import type { Db } from '../platform/db/database';
import * as unitRepo from '../modules/units/units.repository';

/** The demo password of every demo account (README lists the accounts). */
export const DEMO_PASSWORD = 'BinhAn@2026';

export const DEMO_UNITS = [
  { code: 'CATP-HN', name: 'Công an thành phố Hà Nội', parent: null },
  { code: 'PC02', name: 'Phòng Cảnh sát hình sự', parent: 'CATP-HN' },
  { code: 'PV01', name: 'Phòng Tham mưu', parent: 'CATP-HN' },
  { code: 'CAP-HOANKIEM', name: 'Công an phường Hoàn Kiếm', parent: 'CATP-HN' },
  { code: 'CAP-BADINH', name: 'Công an phường Ba Đình', parent: 'CATP-HN' },
] as const;

export const DEMO_USERS: { username: string; fullName: string; unit: string; roles: TRole[] }[] = [
  { username: 'admin', fullName: 'Quản trị hệ thống', unit: 'CATP-HN', roles: ['administrator'] },
  { username: 'lanhdao', fullName: 'Nguyễn Văn Hùng', unit: 'CATP-HN', roles: ['commander'] },
  { username: 'phantich', fullName: 'Trần Thị Mai', unit: 'PV01', roles: ['analyst'] },
  { username: 'canbo', fullName: 'Lê Minh Tuấn', unit: 'CAP-HOANKIEM', roles: ['officer'] },
  { username: 'canbo.badinh', fullName: 'Phạm Quốc Bảo', unit: 'CAP-BADINH', roles: ['officer'] },
  { username: 'sukien', fullName: 'Đỗ Thu Hà', unit: 'PV01', roles: ['event_officer'] },
  { username: 'kiemduyet', fullName: 'Vũ Thị Lan', unit: 'PV01', roles: ['portal_moderator'] },
  { username: 'xem', fullName: 'Hoàng Văn Nam', unit: 'CATP-HN', roles: ['viewer'] },
];

/** Creates the demo units and accounts when the database has no unit yet. Returns false when it did nothing. */
export async function seedDemoPlatform(db: Db, services: Services, actor: Actor): Promise<boolean> {
  if ((await unitRepo.countUnits(db)) > 0) return false;
  const ids = new Map<string, string>();
  for (const u of DEMO_UNITS) {
    const created = await services.units.create(actor, { code: u.code, name: u.name, parentId: u.parent ? ids.get(u.parent)! : null });
    ids.set(u.code, created.id);
  }
  for (const u of DEMO_USERS) {
    await services.users.create(actor, { username: u.username, fullName: u.fullName, unitId: ids.get(u.unit)!, roles: u.roles, password: DEMO_PASSWORD });
  }
  return true;
}
