import { randomUUID } from 'node:crypto';
import { addDays, diffDays, hcmDateOf, isoWeekday } from '../../domain/calendar/dates';
import { hash32, intBetween, rngFrom, type Rng } from '../../domain/demo/random';
import {
  applyTemplate,
  EVENT_TEMPLATES,
  HANOI_VENUES,
  type EventLevel,
  type EventType,
  type StaffRole,
} from '../../domain/events';
import { toSearchKey } from '../../domain/text/vietnamese';
import type { AreaService } from '../modules/areas/areas.service';
import { postRows } from '../modules/events/events.repository';
import type { Actor } from '../platform/actor';
import { appendAudit } from '../platform/audit';
import type { Clock } from '../platform/clock';
import type { Db } from '../platform/db/database';

/**
 * Demo protected events: about 2,000 a year from 2020 to today on Hanoi's real venues and communes, with the
 * seasons of the trade (Tết and the spring festivals, the national days, National Assembly sessions, party
 * congresses, state visits, SEA Games 31, Christmas, New Year's Eve), fewer events in the COVID-19 months,
 * led by the commune police with jurisdiction over the venue on the date and staffed by them and the city
 * departments from the plan templates. Past events are closed, almost all "absolutely safe"; a few have an
 * incident of the registry linked (one that happened in the venue's commune during the event). Upcoming
 * events are approved, planned or drafts. Bulk inserts in chunks; one audit entry.
 */

const TWO_TIER = '2025-07-01';
const CHUNK = 400;
const PER_YEAR = 2000;

/** First day of Tết Nguyên Đán (public data). */
const TET: Record<number, string> = {
  2020: '2020-01-25',
  2021: '2021-02-12',
  2022: '2022-02-01',
  2023: '2023-01-22',
  2024: '2024-02-10',
  2025: '2025-01-29',
  2026: '2026-02-17',
  2027: '2027-02-06',
};

interface Fixed {
  name: string;
  type: EventType;
  level: EventLevel;
  venue: string;
  start: string; // Hanoi local 'YYYY-MM-DDTHH:mm'
  end: string;
}

/** The big dated events (public record: congresses, sessions, state visits, games, anniversaries). */
function fixedEvents(year: number): Fixed[] {
  const y = String(year);
  const out: Fixed[] = [
    {
      name: `Lễ kỷ niệm ngày thành lập Đảng Cộng sản Việt Nam 3/2/${y}`,
      type: 'political_meeting',
      level: 'important',
      venue: 'trung-tam-hoi-nghi-quoc-gia',
      start: `${y}-02-03T08:00`,
      end: `${y}-02-03T11:30`,
    },
    {
      name: `Bắn pháo hoa mừng ngày Giải phóng miền Nam 30/4/${y}`,
      type: 'mass_gathering',
      level: 'important',
      venue: 'ho-hoan-kiem',
      start: `${y}-04-30T19:00`,
      end: `${y}-04-30T23:00`,
    },
    {
      name: `Lễ kỷ niệm ngày sinh Chủ tịch Hồ Chí Minh 19/5/${y}`,
      type: 'political_meeting',
      level: 'important',
      venue: 'quang-truong-ba-dinh',
      start: `${y}-05-19T07:00`,
      end: `${y}-05-19T10:00`,
    },
    {
      name: `Quốc khánh 2/9/${y}`,
      type: 'mass_gathering',
      level: 'especially_important',
      venue: 'quang-truong-ba-dinh',
      start: `${y}-09-02T05:00`,
      end: `${y}-09-02T22:00`,
    },
    {
      name: `Kỷ niệm ngày Giải phóng Thủ đô 10/10/${y}`,
      type: 'cultural_sports',
      level: 'important',
      venue: 'hoang-thanh',
      start: `${y}-10-10T08:00`,
      end: `${y}-10-10T21:00`,
    },
    {
      name: `Lễ Giáng sinh ${y}`,
      type: 'religious_festival',
      level: 'important',
      venue: 'nha-tho-lon',
      start: `${y}-12-24T17:00`,
      end: `${y}-12-25T02:00`,
    },
    {
      name: `Chương trình đếm ngược chào năm mới ${year + 1}`,
      type: 'mass_gathering',
      level: 'especially_important',
      venue: 'ho-hoan-kiem',
      start: `${y}-12-31T18:00`,
      end: `${year + 1}-01-01T02:00`,
    },
    {
      name: `Kỳ họp Quốc hội giữa năm ${y}`,
      type: 'political_meeting',
      level: 'especially_important',
      venue: 'nha-quoc-hoi',
      start: `${y}-05-20T07:00`,
      end: `${y}-06-18T18:00`,
    },
    {
      name: `Kỳ họp Quốc hội cuối năm ${y}`,
      type: 'political_meeting',
      level: 'especially_important',
      venue: 'nha-quoc-hoi',
      start: `${y}-10-21T07:00`,
      end: `${y}-11-28T18:00`,
    },
  ];
  const tet = TET[year];
  if (tet) {
    out.push({
      name: `Lễ hội Chùa Hương ${y}`,
      type: 'religious_festival',
      level: 'important',
      venue: 'chua-huong',
      start: `${addDays(tet, 5)}T05:00`,
      end: `${addDays(tet, 55)}T18:00`,
    });
    out.push({
      name: `Bắn pháo hoa đêm Giao thừa Tết ${y}`,
      type: 'mass_gathering',
      level: 'especially_important',
      venue: 'ho-hoan-kiem',
      start: `${addDays(tet, -1)}T21:00`,
      end: `${tet}T01:30`,
    });
    out.push({
      name: `Lễ hội Gióng đền Sóc ${y}`,
      type: 'religious_festival',
      level: 'important',
      venue: 'den-soc',
      start: `${addDays(tet, 5)}T06:00`,
      end: `${addDays(tet, 7)}T18:00`,
    });
    out.push({
      name: `Lễ hội Cổ Loa ${y}`,
      type: 'religious_festival',
      level: 'ordinary',
      venue: 'co-loa',
      start: `${addDays(tet, 5)}T06:00`,
      end: `${addDays(tet, 6)}T20:00`,
    });
  }
  const special: Record<number, Fixed[]> = {
    2020: [
      {
        name: 'Đại hội đại biểu Đảng bộ thành phố Hà Nội lần thứ XVII',
        type: 'political_meeting',
        level: 'especially_important',
        venue: 'cung-huu-nghi',
        start: '2020-10-14T07:00',
        end: '2020-10-16T18:00',
      },
    ],
    2021: [
      {
        name: 'Đại hội đại biểu toàn quốc lần thứ XIII của Đảng',
        type: 'political_meeting',
        level: 'especially_important',
        venue: 'trung-tam-hoi-nghi-quoc-gia',
        start: '2021-01-25T06:00',
        end: '2021-02-01T20:00',
      },
    ],
    2022: [
      {
        name: 'SEA Games 31 — lễ khai mạc và các trận đấu',
        type: 'cultural_sports',
        level: 'especially_important',
        venue: 'svd-my-dinh',
        start: '2022-05-12T14:00',
        end: '2022-05-23T23:00',
      },
    ],
    2023: [
      {
        name: 'Chuyến thăm cấp Nhà nước của Tổng thống Hoa Kỳ',
        type: 'diplomatic_visit',
        level: 'especially_important',
        venue: 'phu-chu-tich',
        start: '2023-09-10T14:00',
        end: '2023-09-11T20:00',
      },
      {
        name: 'Chuyến thăm cấp Nhà nước của Chủ tịch nước Trung Quốc',
        type: 'diplomatic_visit',
        level: 'especially_important',
        venue: 'phu-chu-tich',
        start: '2023-12-12T12:00',
        end: '2023-12-13T20:00',
      },
      {
        name: 'Đêm nhạc BLACKPINK World Tour',
        type: 'cultural_sports',
        level: 'important',
        venue: 'svd-my-dinh',
        start: '2023-07-29T15:00',
        end: '2023-07-30T23:30',
      },
    ],
    2024: [
      {
        name: 'Chuyến thăm cấp Nhà nước của Tổng thống Liên bang Nga',
        type: 'diplomatic_visit',
        level: 'especially_important',
        venue: 'phu-chu-tich',
        start: '2024-06-19T22:00',
        end: '2024-06-20T20:00',
      },
    ],
    2025: [
      {
        name: 'Diễu binh, diễu hành kỷ niệm 80 năm Quốc khánh (A80) — hợp luyện và tổng duyệt',
        type: 'mass_gathering',
        level: 'especially_important',
        venue: 'quang-truong-ba-dinh',
        start: '2025-08-21T18:00',
        end: '2025-09-01T23:00',
      },
      {
        name: 'Đại hội đại biểu Đảng bộ thành phố Hà Nội lần thứ XVIII',
        type: 'political_meeting',
        level: 'especially_important',
        venue: 'cung-huu-nghi',
        start: '2025-10-16T07:00',
        end: '2025-10-18T18:00',
      },
    ],
    2026: [
      {
        name: 'Đại hội đại biểu toàn quốc lần thứ XIV của Đảng',
        type: 'political_meeting',
        level: 'especially_important',
        venue: 'trung-tam-hoi-nghi-quoc-gia',
        start: '2026-01-19T06:00',
        end: '2026-01-25T20:00',
      },
    ],
  };
  return [...out, ...(special[year] ?? [])];
}

const COUNTRIES = [
  'Lào',
  'Campuchia',
  'Nhật Bản',
  'Hàn Quốc',
  'Trung Quốc',
  'Hoa Kỳ',
  'Pháp',
  'Đức',
  'Ấn Độ',
  'Singapore',
  'Thái Lan',
  'Indonesia',
  'Australia',
  'Liên bang Nga',
  'Vương quốc Anh',
  'Cuba',
  'Malaysia',
  'Philippines',
  'Italy',
  'Hungary',
  'Ba Lan',
  'Canada',
  'New Zealand',
  'Brazil',
];
const LEADERS = [
  'Tổng thống',
  'Thủ tướng',
  'Chủ tịch Quốc hội',
  'Phó Tổng thống',
  'Bộ trưởng Ngoại giao',
  'Nhà vua',
  'Tổng Bí thư',
];
const MEETINGS = [
  'Hội nghị tổng kết công tác',
  'Hội nghị sơ kết 6 tháng',
  'Hội nghị Ban Chấp hành Đảng bộ thành phố',
  'Kỳ họp Hội đồng nhân dân thành phố',
  'Hội nghị xúc tiến đầu tư',
  'Hội nghị tiếp xúc cử tri',
  'Diễn đàn kinh tế',
  'Hội nghị triển khai nhiệm vụ',
  'Lễ trao giải thưởng',
  'Hội thảo khoa học quốc gia',
];
const CULTURE = [
  'Trận đấu V.League',
  'Chương trình nghệ thuật',
  'Giải chạy',
  'Đêm nhạc',
  'Lễ hội văn hóa',
  'Triển lãm',
  'Giải bóng đá giao hữu quốc tế',
  'Liên hoan phim',
];
const FESTIVALS = ['Lễ hội truyền thống', 'Đại lễ Phật đản', 'Lễ Vu Lan', 'Lễ rước', 'Lễ hội đình làng'];
const GATHERINGS = [
  'Lễ hội đường phố',
  'Bắn pháo hoa',
  'Chương trình đón năm mới',
  'Ngày hội thanh niên',
  'Lễ diễu hành',
];
const OTHERS = [
  'Hội chợ thương mại',
  'Triển lãm quốc tế',
  'Kỳ thi tốt nghiệp THPT',
  'Ngày hội việc làm',
  'Hội nghị khách hàng',
];
const ORGANISERS: Record<EventType, string[]> = {
  political_meeting: ['Văn phòng Thành ủy', 'Văn phòng Quốc hội', 'UBND thành phố', 'Văn phòng Trung ương Đảng'],
  diplomatic_visit: ['Bộ Ngoại giao', 'Văn phòng Chủ tịch nước', 'Văn phòng Chính phủ'],
  cultural_sports: ['Sở Văn hóa và Thể thao', 'Liên đoàn Bóng đá Việt Nam', 'Công ty tổ chức sự kiện'],
  religious_festival: [
    'Ban quản lý di tích',
    'Giáo hội Phật giáo Việt Nam',
    'Tòa Tổng Giám mục Hà Nội',
    'UBND xã, phường',
  ],
  mass_gathering: ['UBND thành phố', 'Thành đoàn Hà Nội', 'UBND phường'],
  other: ['Sở Công Thương', 'Sở Giáo dục và Đào tạo', 'Doanh nghiệp'],
};

const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;
function weighted<T extends string>(rng: Rng, w: Record<T, number>): T {
  const entries = Object.entries(w) as [T, number][];
  let r = rng() * entries.reduce((a, [, v]) => a + v, 0);
  for (const [k, v] of entries) if ((r -= v) < 0) return k;
  return entries[0]![0];
}
const instant = (local: string) => new Date(`${local}:00+07:00`);
const MONTH_FACTOR = [1.1, 1.15, 1.1, 1.1, 1.0, 0.9, 0.85, 0.9, 1.1, 1.1, 1.0, 1.1];

/** Fewer gatherings during the COVID-19 restrictions in Hanoi. */
function covidFactor(d: string) {
  if (d >= '2020-04-01' && d <= '2020-04-30') return 0.15;
  if (d >= '2021-05-01' && d <= '2021-10-15') return 0.3;
  return 1;
}

export async function seedDemoEvents(
  deps: { db: Db; clock: Clock; areas: AreaService },
  actor: Actor,
  opts: { seed?: number; from?: string; perYear?: number } = {},
): Promise<{ inserted: number; closed: number; safe: number; staffing: number; ms: number }> {
  const started = Date.now();
  const { db, clock, areas } = deps;
  const rng = rngFrom(hash32('events', opts.seed ?? 1));
  const today = hcmDateOf(clock.now());
  const from = opts.from ?? '2020-01-01';
  const perYear = opts.perYear ?? PER_YEAR;
  const until = addDays(today, 60);

  const communes = await db
    .selectFrom('area')
    .select(['code', 'validFrom', 'validTo', 'fullName'])
    .where('provinceCode', '=', '01')
    .where('level', '=', 3)
    .execute();
  const jurisdictions = await db
    .selectFrom('unitJurisdiction as j')
    .innerJoin('unit as u', 'u.id', 'j.unitId')
    .select(['j.areaCode', 'j.validFrom', 'j.validTo', 'u.id'])
    .where('u.kind', '=', 'commune')
    .execute();
  const byArea = new Map<string, { from: string; to: string; unitId: string }[]>();
  for (const j of jurisdictions)
    byArea.set(j.areaCode, [
      ...(byArea.get(j.areaCode) ?? []),
      { from: j.validFrom, to: j.validTo ?? '9999-12-31', unitId: j.id },
    ]);
  const unitFor = (code: string, date: string) =>
    byArea.get(code)?.find((i) => i.from <= date && date <= i.to)?.unitId ?? null;
  const departments = new Map(
    (await db.selectFrom('unit').select(['code', 'id']).where('kind', '=', 'department').execute()).map((u) => [
      u.code,
      u.id,
    ]),
  );
  const links = await db
    .selectFrom('areaLink')
    .select(['fromCode', 'fromValidFrom', 'toCode', 'toValidFrom'])
    .execute();
  const backward = new Map<string, { code: string; validFrom: string }[]>();
  for (const l of links)
    backward.set(`${l.toCode}@${l.toValidFrom}`, [
      ...(backward.get(`${l.toCode}@${l.toValidFrom}`) ?? []),
      { code: l.fromCode, validFrom: l.fromValidFrom },
    ]);
  const areaOn = (code: string, date: string) =>
    communes.find((c) => c.code === code && c.validFrom <= date && (c.validTo === null || c.validTo >= date));

  // Venues: the known ones, and a commune hall at the centre of some communes (for ordinary local events).
  const geometry = await areas.geometryOn(TWO_TIER);
  if (!geometry) return { inserted: 0, closed: 0, safe: 0, staffing: 0, ms: 0 };
  const venues = HANOI_VENUES.flatMap((v) => {
    const code = geometry.locate(v.lon, v.lat);
    return code
      ? [{ key: v.key, name: v.name, lon: v.lon, lat: v.lat, code, suits: v.suits as readonly EventType[] }]
      : [];
  });
  const locals = communes
    .filter((c) => c.validFrom === TWO_TIER)
    .flatMap((c) => {
      const b = geometry.bboxOf(c.code);
      if (!b) return [];
      const lon = Math.round(((b[0] + b[2]) / 2) * 1e5) / 1e5;
      const lat = Math.round(((b[1] + b[3]) / 2) * 1e5) / 1e5;
      return geometry.locate(lon, lat) === c.code
        ? [
            {
              key: `nvh-${c.code}`,
              name: `Nhà văn hóa ${c.fullName}`,
              lon,
              lat,
              code: c.code,
              suits: ['cultural_sports', 'mass_gathering', 'other', 'political_meeting'] as readonly EventType[],
            },
          ]
        : [];
    });
  const venueByKey = new Map(venues.map((v) => [v.key, v]));

  /** The commune of a venue on a date: the 2025 commune, or walking the lineage back to the generation of the date. */
  const communeOf = (code: string, date: string) => {
    if (date >= TWO_TIER) return areaOn(code, date);
    let frontier = [{ code, validFrom: TWO_TIER }];
    for (let step = 0; step < 3 && frontier.length; step++) {
      frontier = frontier
        .flatMap((f) => backward.get(`${f.code}@${f.validFrom}`) ?? [])
        .sort((a, b) => a.code.localeCompare(b.code));
      const found = frontier
        .map((f) =>
          communes.find(
            (c) =>
              c.code === f.code &&
              c.validFrom === f.validFrom &&
              c.validFrom <= date &&
              (c.validTo === null || c.validTo >= date),
          ),
        )
        .find(Boolean);
      if (found) return found;
    }
    return undefined;
  };

  const now = clock.now();
  let events: Record<string, unknown>[] = [];
  let staffing: { eventId: string; unitId: string; shiftOn: string; shift: string; staff: number }[] = [];
  let tasks: Record<string, unknown>[] = [];
  let posts: Record<string, unknown>[] = [];
  let logs: Record<string, unknown>[] = [];
  let inserted = 0;
  let staffRows = 0;
  const closedIds: { id: string; areaCode: string; startsAt: Date; endsAt: Date }[] = [];

  const flush = async () => {
    if (!events.length) return;
    const [e, s, t, p, l] = [events, staffing, tasks, posts, logs];
    events = [];
    staffing = [];
    tasks = [];
    posts = [];
    logs = [];
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('event')
        .values(e as never)
        .execute();
      for (let i = 0; i < s.length; i += 2000)
        await trx
          .insertInto('eventStaffing')
          .values(s.slice(i, i + 2000))
          .execute();
      for (let i = 0; i < t.length; i += 2000)
        await trx
          .insertInto('eventTask')
          .values(t.slice(i, i + 2000) as never)
          .execute();
      for (let i = 0; i < p.length; i += 2000)
        await trx
          .insertInto('eventPost')
          .values(p.slice(i, i + 2000) as never)
          .execute();
      if (l.length)
        await trx
          .insertInto('eventLog')
          .values(l as never)
          .execute();
    });
    inserted += e.length;
    staffRows += s.length;
  };

  const add = async (f: {
    name: string;
    type: EventType;
    level: EventLevel;
    venue: (typeof venues)[number];
    startsAt: Date;
    endsAt: Date;
  }) => {
    const startsOn = hcmDateOf(f.startsAt);
    if (startsOn < from || startsOn > until) return;
    const area = communeOf(f.venue.code, startsOn);
    if (!area) return;
    const leadUnitId = unitFor(area.code, startsOn);
    if (!leadUnitId) return;
    const id = randomUUID();
    const ended = hcmDateOf(new Date(f.endsAt.getTime() - 1));
    let status: string;
    if (f.endsAt <= now) status = rng() < 0.01 ? 'cancelled' : 'closed';
    else if (f.startsAt <= now) status = 'active';
    else {
      const ahead = diffDays(today, startsOn);
      status =
        ahead <= 7
          ? 'approved'
          : ahead <= 30
            ? rng() < 0.7
              ? 'approved'
              : 'planned'
            : rng() < 0.5
              ? 'planned'
              : 'draft';
    }
    const point = { lon: f.venue.lon, lat: f.venue.lat };
    // Ordinary events are staffed by the commune police (and the traffic police for crowds); the city
    // departments join important and especially important ones.
    const roles: readonly StaffRole[] =
      f.level === 'especially_important'
        ? ['lead', 'PC02', 'PC06', 'PC07', 'PC08', 'PA05']
        : f.level === 'important'
          ? ['lead', 'PC08', 'PC06']
          : ['lead', 'PC08'];
    const plan = applyTemplate(
      EVENT_TEMPLATES[f.type],
      { startsAt: f.startsAt.toISOString(), endsAt: f.endsAt.toISOString(), level: f.level, point },
      (role: StaffRole) =>
        !roles.includes(role) ? null : role === 'lead' ? leadUnitId : (departments.get(role) ?? null),
    );
    const organiser = pick(rng, ORGANISERS[f.type]);
    events.push({
      id,
      name: f.name,
      type: f.type,
      level: f.level,
      status,
      startsAt: f.startsAt,
      endsAt: f.endsAt,
      startsOn,
      endsOn: ended,
      venueName: f.venue.name,
      venueKey: toSearchKey(f.venue.name),
      lon: point.lon,
      lat: point.lat,
      areaCode: area.code,
      areaValidFrom: area.validFrom,
      expectedAttendance:
        f.level === 'especially_important'
          ? intBetween(rng, 1000, 50_000)
          : f.level === 'important'
            ? intBetween(rng, 300, 5000)
            : intBetween(rng, 50, 800),
      organiser,
      leadUnitId,
      riskNotes: '',
      objectives: JSON.stringify(plan.objectives),
      outcome: status === 'closed' ? 'safe' : null,
      approvedAt: ['approved', 'active', 'closed'].includes(status)
        ? new Date(f.startsAt.getTime() - 3 * 86_400_000)
        : null,
      closedAt: status === 'closed' ? f.endsAt : null,
      searchKey: toSearchKey(`${f.name} ${f.venue.name} ${organiser}`),
      createdAt: new Date(Math.min(f.startsAt.getTime() - 10 * 86_400_000, now.getTime())),
      updatedAt: new Date(Math.min(f.endsAt.getTime(), now.getTime())),
    });
    for (const s of plan.staffing)
      staffing.push({ eventId: id, unitId: s.unitId, shiftOn: s.date, shift: s.shift, staff: s.staff });
    // Checklists and posts for the events people open day to day (recent and upcoming) and the major ones:
    // for every event of seven years they would triple the rows and the first start's time.
    const detailed = f.level === 'especially_important' || diffDays(startsOn, today) <= 90;
    if (detailed)
      plan.tasks.forEach((title, i) =>
        tasks.push({
          id: randomUUID(),
          eventId: id,
          seq: i + 1,
          title,
          done: status === 'closed',
          doneAt: status === 'closed' ? f.endsAt : null,
        }),
      );
    if (detailed) posts.push(...postRows(id, plan.posts));
    if (status === 'active' || (status === 'closed' && diffDays(ended, today) <= 30)) {
      const entries = [
        'Lực lượng vào vị trí, kiểm tra an ninh khu vực',
        'Đại biểu, khách mời vào hội trường an toàn',
        'Tình hình an ninh trật tự ổn định',
        'Kết thúc, giải tỏa khu vực',
      ];
      const span = Math.min(f.endsAt.getTime(), now.getTime()) - f.startsAt.getTime();
      const n = status === 'active' ? 3 : 4;
      for (let i = 0; i < n; i++)
        logs.push({
          id: randomUUID(),
          eventId: id,
          at: new Date(f.startsAt.getTime() + (span * i) / n),
          actorId: null,
          actorName: 'Trực ban',
          text: entries[i]!,
          place: f.venue.name,
          createdAt: now,
        });
    }
    if (status === 'closed') closedIds.push({ id, areaCode: area.code, startsAt: f.startsAt, endsAt: f.endsAt });
    if (events.length >= CHUNK) await flush();
  };

  const firstYear = Number(from.slice(0, 4));
  const lastYear = Number(until.slice(0, 4));
  for (let year = firstYear; year <= lastYear; year++) {
    const fixed = fixedEvents(year);
    // Ordinary days: the rest of the year's count, spread by month, weekday and COVID restrictions.
    const base = (perYear - fixed.length) / 365 / 1.04;
    const days: string[] = [];
    for (let d = `${year}-01-01`; d <= `${year}-12-31`; d = addDays(d, 1)) days.push(d);
    const dayEvents: { d: string; f?: Fixed }[] = [...fixed.map((f) => ({ d: f.start.slice(0, 10), f }))];
    for (const d of days) {
      const tet = TET[year];
      const festive = tet && d >= addDays(tet, -7) && d <= addDays(tet, 15) ? 1.5 : 1;
      const rate =
        base * MONTH_FACTOR[Number(d.slice(5, 7)) - 1]! * covidFactor(d) * festive * (isoWeekday(d) >= 6 ? 0.8 : 1.05);
      const n = Math.floor(rate + rng());
      for (let i = 0; i < n; i++) dayEvents.push({ d });
    }
    dayEvents.sort((a, b) => (a.d < b.d ? -1 : a.d > b.d ? 1 : 0));
    for (const de of dayEvents) {
      if (de.f) {
        const v = venueByKey.get(de.f.venue);
        if (v)
          await add({
            name: de.f.name,
            type: de.f.type,
            level: de.f.level,
            venue: v,
            startsAt: instant(de.f.start),
            endsAt: instant(de.f.end),
          });
        continue;
      }
      const d = de.d;
      const tet = TET[year];
      const nearTet = tet && d >= addDays(tet, -7) && d <= addDays(tet, 30);
      const weekend = isoWeekday(d) >= 6;
      const type = weighted<EventType>(rng, {
        political_meeting: weekend ? 10 : 38,
        diplomatic_visit: weekend ? 6 : 20,
        cultural_sports: weekend ? 34 : 16,
        religious_festival: nearTet ? 35 : 7,
        mass_gathering: weekend ? 12 : 5,
        other: 8,
      });
      const level = weighted<EventLevel>(
        rng,
        type === 'diplomatic_visit'
          ? { especially_important: 25, important: 55, ordinary: 20 }
          : { especially_important: 5, important: 30, ordinary: 65 },
      );
      const known = venues.filter((v) => v.suits.includes(type));
      const venue =
        rng() < (type === 'diplomatic_visit' ? 0.95 : 0.6) && known.length
          ? pick(rng, known)
          : pick(rng, locals.length ? locals : venues);
      let name: string;
      switch (type) {
        case 'political_meeting':
          name = pick(rng, MEETINGS);
          break;
        case 'diplomatic_visit':
          name = `Đón ${pick(rng, LEADERS)} ${pick(rng, COUNTRIES)}`;
          break;
        case 'cultural_sports':
          name = pick(rng, CULTURE);
          break;
        case 'religious_festival':
          name = `${pick(rng, FESTIVALS)} ${venue.name.replace(/^Nhà văn hóa /, '')}`;
          break;
        case 'mass_gathering':
          name = pick(rng, GATHERINGS);
          break;
        default:
          name = pick(rng, OTHERS);
      }
      const startHour =
        type === 'cultural_sports' || type === 'mass_gathering' ? intBetween(rng, 15, 19) : intBetween(rng, 7, 14);
      const hours =
        type === 'diplomatic_visit'
          ? intBetween(rng, 2, 8)
          : type === 'religious_festival'
            ? intBetween(rng, 4, 12)
            : intBetween(rng, 2, 5);
      const multiDay =
        type === 'political_meeting' && rng() < 0.08
          ? intBetween(rng, 1, 3)
          : type === 'religious_festival' && rng() < 0.3
            ? intBetween(rng, 1, 3)
            : 0;
      const startsAt = instant(`${d}T${String(startHour).padStart(2, '0')}:${rng() < 0.5 ? '00' : '30'}`);
      const endsAt = new Date(startsAt.getTime() + (multiDay * 24 + hours) * 3_600_000);
      await add({ name, type, level, venue, startsAt, endsAt });
    }
  }
  await flush();

  // A few closed events with an incident of the registry in the venue's commune during the event.
  let linked = 0;
  const share = 0.004;
  const candidates = closedIds.filter(() => rng() < share * 3);
  for (const c of candidates) {
    if (linked >= Math.ceil(closedIds.length * share)) break;
    const inc = await db
      .selectFrom('incident')
      .select('id')
      .where('areaCode', '=', c.areaCode)
      .where('occurredAt', '>=', c.startsAt)
      .where('occurredAt', '<', c.endsAt)
      .limit(1)
      .executeTakeFirst();
    // Few incidents fall in one commune during one event in a small demo: then one in the city during it.
    const any =
      inc ??
      (await db
        .selectFrom('incident')
        .select('id')
        .where('occurredAt', '>=', c.startsAt)
        .where('occurredAt', '<', c.endsAt)
        .where('kind', 'in', ['traffic_accident', 'crime_report'])
        .limit(1)
        .executeTakeFirst());
    if (!any) continue;
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('eventIncident')
        .values({ eventId: c.id, incidentId: any.id, linkedAt: c.endsAt, linkedBy: null })
        .execute();
      await trx
        .updateTable('event')
        .set({ outcome: 'incidents', outcomeNote: 'Có vụ việc trong thời gian diễn ra sự kiện, đã xử lý' })
        .where('id', '=', c.id)
        .execute();
    });
    linked++;
  }

  // Available strength of today's units: commune stations and city departments.
  const current = await db
    .selectFrom('unit')
    .select(['id', 'kind', 'code'])
    .where('validTo', 'is', null)
    .where('kind', 'in', ['commune', 'department'])
    .execute();
  const strengths = current.map((u) => ({
    unitId: u.id,
    validFrom: TWO_TIER,
    validTo: null,
    strength: u.kind === 'department' ? (u.code === 'PC08' ? 900 : 400) : 50 + (hash32(u.code) % 60),
    updatedAt: now,
  }));
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < strengths.length; i += 500)
      await trx
        .insertInto('unitStrength')
        .values(strengths.slice(i, i + 500))
        .onConflict((oc) => oc.doNothing())
        .execute();
    await appendAudit(
      trx,
      actor,
      {
        action: 'events.demo_seeded',
        entityType: 'event',
        note: { events: inserted, staffing: staffRows, withIncidents: linked },
      },
      now,
    );
  });
  return {
    inserted,
    closed: closedIds.length,
    safe: closedIds.length - linked,
    staffing: staffRows,
    ms: Date.now() - started,
  };
}
