import { addDays, hcmDateOf } from '../calendar/dates';
import { eventInterval, overlaps, shiftInterval, type Point, type StaffingLine } from './conflicts';
import { SHIFTS, type EventLevel, type EventType, type Shift } from './model';

/**
 * Plan templates per event type, as data: objectives, checklist tasks, posts (named positions placed by
 * their offset from the venue, in metres east and north) and staffing per unit role and shift. Applying a
 * template to an event fills its plan; staffing is scaled by the event's level.
 */

/** `lead` is the event's lead unit; other roles are codes of the city departments (PC08 traffic, PC07 fire, …). */
export type StaffRole = 'lead' | 'PC06' | 'PC07' | 'PC08' | 'PC02' | 'PA05';

export interface EventTemplate {
  type: EventType;
  objectives: readonly string[];
  tasks: readonly string[];
  posts: readonly { name: string; east: number; north: number; role: StaffRole; staff: number }[];
  staffing: readonly { role: StaffRole; shifts: readonly Shift[]; perShift: number }[];
}

const COMMON_TASKS = [
  'Khảo sát địa điểm, lập sơ đồ bố trí lực lượng',
  'Họp triển khai phương án, phân công nhiệm vụ',
  'Kiểm tra an ninh, an toàn phòng cháy chữa cháy tại địa điểm',
  'Bố trí lực lượng ứng trực, cơ động',
  'Báo cáo kết quả sau sự kiện',
];

export const EVENT_TEMPLATES: Readonly<Record<EventType, EventTemplate>> = {
  political_meeting: {
    type: 'political_meeting',
    objectives: [
      'Bảo vệ tuyệt đối an toàn hội nghị và các đại biểu',
      'Bảo đảm trật tự, an toàn giao thông trên các tuyến đường đoàn đi qua',
      'Không để xảy ra tụ tập đông người, gây rối trật tự tại khu vực',
    ],
    tasks: [
      ...COMMON_TASKS.slice(0, 3),
      'Kiểm soát ra vào, soi chiếu an ninh',
      'Phân luồng giao thông các tuyến đường đoàn đi qua',
      COMMON_TASKS[4]!,
    ],
    posts: [
      { name: 'Chốt cổng chính', east: 0, north: -60, role: 'lead', staff: 6 },
      { name: 'Chốt kiểm soát an ninh', east: 40, north: -40, role: 'PC06', staff: 4 },
      { name: 'Chốt phân luồng giao thông', east: -150, north: -120, role: 'PC08', staff: 6 },
      { name: 'Xe chữa cháy ứng trực', east: 80, north: 60, role: 'PC07', staff: 5 },
    ],
    staffing: [
      { role: 'lead', shifts: ['s1', 's2'], perShift: 30 },
      { role: 'PC08', shifts: ['s1', 's2'], perShift: 20 },
      { role: 'PC06', shifts: ['s1', 's2'], perShift: 10 },
      { role: 'PC07', shifts: ['s1', 's2'], perShift: 6 },
    ],
  },
  diplomatic_visit: {
    type: 'diplomatic_visit',
    objectives: [
      'Bảo vệ tuyệt đối an toàn đoàn khách quốc tế',
      'Bảo đảm an toàn các tuyến đường, điểm đón tiễn đoàn',
      'Phòng ngừa mọi hoạt động gây rối, phá hoại',
    ],
    tasks: [
      'Phối hợp với cơ quan lễ tân về lịch trình đoàn',
      'Khảo sát tuyến đường, điểm dừng',
      'Dẫn đoàn, hộ tống',
      'Kiểm soát an ninh khu vực lưu trú',
      COMMON_TASKS[4]!,
    ],
    posts: [
      { name: 'Chốt điểm đón đoàn', east: 0, north: -50, role: 'lead', staff: 8 },
      { name: 'Tổ dẫn đoàn', east: -200, north: -80, role: 'PC08', staff: 8 },
      { name: 'Chốt khu vực lưu trú', east: 60, north: 30, role: 'PC06', staff: 4 },
    ],
    staffing: [
      { role: 'lead', shifts: ['s1', 's2', 's3'], perShift: 20 },
      { role: 'PC08', shifts: ['s1', 's2'], perShift: 25 },
      { role: 'PC06', shifts: ['s1', 's2', 's3'], perShift: 6 },
    ],
  },
  cultural_sports: {
    type: 'cultural_sports',
    objectives: [
      'Bảo đảm an ninh, trật tự khu vực tổ chức',
      'Phòng ngừa cháy nổ, giẫm đạp',
      'Bảo đảm trật tự giao thông, bãi xe',
    ],
    tasks: [
      ...COMMON_TASKS.slice(0, 3),
      'Phân luồng, bố trí bãi trông giữ xe',
      'Phòng chống phe vé, trộm cắp',
      COMMON_TASKS[4]!,
    ],
    posts: [
      { name: 'Chốt cổng khán đài A', east: -80, north: 0, role: 'lead', staff: 6 },
      { name: 'Chốt cổng khán đài B', east: 80, north: 0, role: 'lead', staff: 6 },
      { name: 'Chốt bãi xe', east: 0, north: -180, role: 'PC08', staff: 6 },
      { name: 'Điểm chữa cháy, cứu nạn', east: 0, north: 120, role: 'PC07', staff: 6 },
    ],
    staffing: [
      { role: 'lead', shifts: ['s2', 's3'], perShift: 40 },
      { role: 'PC08', shifts: ['s2', 's3'], perShift: 20 },
      { role: 'PC07', shifts: ['s2', 's3'], perShift: 8 },
      { role: 'PC02', shifts: ['s2'], perShift: 10 },
    ],
  },
  religious_festival: {
    type: 'religious_festival',
    objectives: [
      'Bảo đảm an ninh, trật tự lễ hội',
      'Phòng chống trộm cắp, móc túi, chèo kéo khách',
      'Phòng cháy, chữa cháy khu vực hương, đèn',
    ],
    tasks: [
      ...COMMON_TASKS.slice(0, 3),
      'Tuần tra phòng chống trộm cắp',
      'Phân luồng giao thông, bãi xe',
      COMMON_TASKS[4]!,
    ],
    posts: [
      { name: 'Chốt cổng đền, chùa', east: 0, north: -40, role: 'lead', staff: 4 },
      { name: 'Tổ tuần tra lưu động', east: 60, north: 40, role: 'PC02', staff: 6 },
      { name: 'Chốt bãi xe', east: -120, north: -100, role: 'PC08', staff: 4 },
    ],
    staffing: [
      { role: 'lead', shifts: ['s1', 's2'], perShift: 25 },
      { role: 'PC02', shifts: ['s1', 's2'], perShift: 10 },
      { role: 'PC08', shifts: ['s1', 's2'], perShift: 8 },
      { role: 'PC07', shifts: ['s1'], perShift: 4 },
    ],
  },
  mass_gathering: {
    type: 'mass_gathering',
    objectives: [
      'Bảo đảm an ninh, trật tự công cộng',
      'Phòng ngừa giẫm đạp, ùn tắc',
      'Xử lý kịp thời các tình huống phức tạp',
    ],
    tasks: [...COMMON_TASKS.slice(0, 3), 'Bố trí rào chắn, phân khu', 'Lực lượng cơ động sẵn sàng', COMMON_TASKS[4]!],
    posts: [
      { name: 'Chốt trung tâm', east: 0, north: 0, role: 'lead', staff: 10 },
      { name: 'Chốt phân luồng phía Bắc', east: 0, north: 250, role: 'PC08', staff: 6 },
      { name: 'Chốt phân luồng phía Nam', east: 0, north: -250, role: 'PC08', staff: 6 },
    ],
    staffing: [
      { role: 'lead', shifts: ['s2', 's3'], perShift: 50 },
      { role: 'PC08', shifts: ['s2', 's3'], perShift: 30 },
      { role: 'PC06', shifts: ['s2', 's3'], perShift: 15 },
      { role: 'PC07', shifts: ['s2'], perShift: 6 },
    ],
  },
  other: {
    type: 'other',
    objectives: ['Bảo đảm an ninh, trật tự khu vực tổ chức sự kiện'],
    tasks: COMMON_TASKS,
    posts: [{ name: 'Chốt chính', east: 0, north: -40, role: 'lead', staff: 4 }],
    staffing: [{ role: 'lead', shifts: ['s1', 's2'], perShift: 10 }],
  },
};

/** Staffing grows with the level: đặc biệt quan trọng ×2, quan trọng ×1.5, thông thường ×1 (rounded up). */
export const LEVEL_FACTOR: Readonly<Record<EventLevel, number>> = {
  especially_important: 2,
  important: 1.5,
  ordinary: 1,
};

/** A point `east`/`north` metres from `p` (local flat approximation; posts lie within a few hundred metres). */
export function offsetPoint(p: Point, east: number, north: number): Point {
  const lat = p.lat + north / 111_320;
  const lon = p.lon + east / (111_320 * Math.cos((p.lat * Math.PI) / 180));
  return { lon: Math.round(lon * 1e6) / 1e6, lat: Math.round(lat * 1e6) / 1e6 };
}

/** The shifts (date, shift) that overlap the event, from its first to its last day. */
export function shiftsOf(
  e: { startsAt: string; endsAt: string },
  allowed: readonly Shift[] = SHIFTS,
): { date: string; shift: Shift }[] {
  const span = eventInterval(e);
  const out: { date: string; shift: Shift }[] = [];
  // The night shift of the day before covers 00–06 of the first day.
  for (let d = addDays(hcmDateOf(e.startsAt), -1); d <= hcmDateOf(new Date(span[1] - 1)); d = addDays(d, 1))
    for (const s of allowed) if (overlaps(span, shiftInterval(d, s))) out.push({ date: d, shift: s });
  return out;
}

export interface TemplatePlan {
  objectives: string[];
  tasks: string[];
  posts: { name: string; point: Point | null; unitId: string | null; staff: number }[];
  staffing: StaffingLine[];
}

/**
 * The plan a template gives an event: its objectives and tasks, its posts around the venue, and staffing
 * for each shift of each day the event runs (only shifts the event overlaps). Roles without a unit
 * (`unitFor` returns null) are left out of the staffing and their posts have no unit.
 */
export function applyTemplate(
  template: EventTemplate,
  e: { startsAt: string; endsAt: string; level: EventLevel; point: Point | null },
  unitFor: (role: StaffRole) => string | null,
): TemplatePlan {
  const factor = LEVEL_FACTOR[e.level];
  const staffing: StaffingLine[] = [];
  const merged = new Map<string, StaffingLine>();
  for (const s of template.staffing) {
    const unitId = unitFor(s.role);
    if (!unitId) continue;
    for (const { date, shift } of shiftsOf(e, s.shifts)) {
      const key = `${unitId}|${date}|${shift}`;
      const staff = Math.ceil(s.perShift * factor);
      const line = merged.get(key);
      if (line) line.staff += staff;
      else {
        const l = { unitId, date, shift, staff };
        merged.set(key, l);
        staffing.push(l);
      }
    }
  }
  return {
    objectives: [...template.objectives],
    tasks: [...template.tasks],
    posts: template.posts.map((p) => ({
      name: p.name,
      point: e.point ? offsetPoint(e.point, p.east, p.north) : null,
      unitId: unitFor(p.role),
      staff: Math.ceil(p.staff * factor),
    })),
    staffing,
  };
}
