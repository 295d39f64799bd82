import type { Services } from '../../src/server/app';
import type { TRole } from '../../src/domain/access/roles';
import type { Actor } from '../../src/server/platform/actor';
import { DEMO_PASSWORD } from '../../src/server/seed/demo-platform';

/**
 * A five-unit tree and the demo accounts, without the area catalogue: enough for platform tests
 * (auth, users, audit, backup), and fast.
 */
export const MINIMAL_UNITS = [
  { code: 'CATP-HN', name: 'Công an thành phố Hà Nội', parent: null },
  { code: 'PC02', name: 'Phòng Cảnh sát hình sự', parent: 'CATP-HN' },
  { code: 'PV01', name: 'Phòng Tham mưu', parent: 'CATP-HN' },
  { code: 'CAP-HOANKIEM', name: 'Công an phường Hoàn Kiếm', parent: 'CATP-HN' },
  { code: 'CAP-BADINH', name: 'Công an phường Ba Đình', parent: 'CATP-HN' },
] as const;

export const MINIMAL_USERS: { username: string; fullName: string; unit: string; roles: TRole[] }[] = [
  { username: 'admin', fullName: 'Quản trị hệ thống', unit: 'CATP-HN', roles: ['administrator'] },
  { username: 'lanhdao', fullName: 'Nguyễn Văn Hùng', unit: 'CATP-HN', roles: ['commander'] },
  { username: 'phantich', fullName: 'Trần Thị Mai', unit: 'PV01', roles: ['analyst'] },
  { username: 'canbo', fullName: 'Lê Minh Tuấn', unit: 'CAP-HOANKIEM', roles: ['officer'] },
  { username: 'canbo.badinh', fullName: 'Phạm Quốc Bảo', unit: 'CAP-BADINH', roles: ['officer'] },
  { username: 'sukien', fullName: 'Đỗ Thu Hà', unit: 'PV01', roles: ['event_officer'] },
  { username: 'kiemduyet', fullName: 'Vũ Thị Lan', unit: 'PV01', roles: ['portal_moderator'] },
  { username: 'xem', fullName: 'Hoàng Văn Nam', unit: 'CATP-HN', roles: ['viewer'] },
];

export async function seedMinimalDemo(services: Services, actor: Actor): Promise<void> {
  const ids = new Map<string, string>();
  for (const u of MINIMAL_UNITS) {
    const created = await services.units.create(actor, { code: u.code, name: u.name, parentId: u.parent ? ids.get(u.parent)! : null });
    ids.set(u.code, created.id);
  }
  for (const u of MINIMAL_USERS)
    await services.users.create(actor, { username: u.username, fullName: u.fullName, unitId: ids.get(u.unit)!, roles: u.roles, password: DEMO_PASSWORD }, { demoSeed: true });
}
