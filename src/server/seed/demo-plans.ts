import { addDays, hcmDateOf } from '../../domain/calendar/dates';
import type { TaskStatus } from '../../domain/plans';
import { systemActor, userActor, type Actor } from '../platform/actor';
import type { Clock } from '../platform/clock';
import type { Db } from '../platform/db/database';
import type { PlanService } from '../modules/plans/plans.service';

interface DemoTask {
  title: string;
  lead: string;
  coop?: string[];
  start: string;
  due: string;
  weight?: number;
  priority?: 'high' | 'normal' | 'low';
  /** Progress reports: [date, percent, text]. */
  reports?: [string, number | null, string][];
  status?: TaskStatus;
  subtasks?: DemoTask[];
}

interface DemoGroup {
  code: string;
  title: string;
  breakthrough: boolean;
  weight: number;
  tasks: DemoTask[];
}

/**
 * The 2025 plan of the city police: the breakthrough task groups echo the year's directives — the highest
 * level of security for the year's major events (the 80th anniversary of the August Revolution and National
 * Day, the city Party congress), curbing crime, traffic-accident and fire prevention campaigns, cybercrime
 * and online fraud, economic security, and streamlining the apparatus after the 2025 reorganisation
 * (two-tier police from 01/03/2025, the 126 wards and communes from 01/07/2025).
 */
const GROUPS: DemoGroup[] = [
  {
    code: '1',
    title: 'Bảo đảm tuyệt đối an ninh, an toàn các sự kiện trọng đại của đất nước và Thủ đô năm 2025',
    breakthrough: true,
    weight: 3,
    tasks: [
      {
        title:
          'Bảo vệ tuyệt đối an toàn Lễ kỷ niệm 80 năm Cách mạng Tháng Tám và Quốc khánh 2/9 (diễu binh, diễu hành A80)',
        lead: 'CATP-HN',
        coop: ['PV01', 'PC06'],
        start: '2025-06-01',
        due: '2025-09-05',
        weight: 3,
        priority: 'high',
        reports: [
          ['2025-07-15', 40, 'Hoàn thành phương án bảo vệ, phân công lực lượng theo từng khu vực'],
          ['2025-08-25', 85, 'Tổng hợp luyện, sơ duyệt an toàn tuyệt đối'],
        ],
        status: 'done',
        subtasks: [
          {
            title: 'Bảo vệ khu vực Quảng trường Ba Đình và các tuyến diễu hành',
            lead: 'CA-00004',
            start: '2025-07-01',
            due: '2025-09-03',
            reports: [['2025-09-03', 100, 'Bảo đảm tuyệt đối an toàn, không để xảy ra sự cố']],
            status: 'done',
          },
          {
            title: 'Phân luồng giao thông phục vụ hợp luyện, sơ duyệt, tổng duyệt',
            lead: 'PC08',
            start: '2025-07-15',
            due: '2025-09-02',
            reports: [['2025-09-02', 100, 'Phân luồng 24 điểm, không ùn tắc kéo dài']],
            status: 'done',
          },
        ],
      },
      {
        title: 'Bảo vệ Đại hội Đảng bộ thành phố Hà Nội lần thứ XVIII',
        lead: 'PV01',
        coop: ['PC06'],
        start: '2025-09-01',
        due: '2025-10-20',
        weight: 2,
        priority: 'high',
        reports: [['2025-10-18', 100, 'Đại hội diễn ra an toàn tuyệt đối']],
        status: 'done',
      },
    ],
  },
  {
    code: '2',
    title: 'Tấn công, trấn áp tội phạm, kiềm chế, kéo giảm tội phạm về trật tự xã hội',
    breakthrough: true,
    weight: 3,
    tasks: [
      {
        title: 'Cao điểm tấn công trấn áp tội phạm bảo đảm an ninh trật tự dịp Tết Nguyên đán Ất Tỵ',
        lead: 'PC02',
        coop: ['PC01', 'PC04'],
        start: '2025-01-01',
        due: '2025-02-28',
        weight: 2,
        reports: [['2025-02-28', 100, 'Triệt phá 45 băng, ổ nhóm; bắt 312 đối tượng']],
        status: 'done',
      },
      {
        title: 'Kéo giảm ít nhất 5% số vụ phạm tội về trật tự xã hội so với năm 2024',
        lead: 'CATP-HN',
        coop: ['PC02', 'PC01'],
        start: '2025-01-01',
        due: '2025-12-14',
        weight: 3,
        priority: 'high',
        reports: [
          ['2025-06-14', 50, 'Sáu tháng: giảm 6,2% so với cùng kỳ'],
          ['2025-11-30', 90, 'Mười một tháng: giảm 5,8% so với cùng kỳ'],
        ],
        status: 'at_risk',
        subtasks: [
          {
            title: 'Rà soát các điểm nóng về trật tự theo số vụ việc trên địa bàn phường Hoàn Kiếm',
            lead: 'CA-00070',
            start: '2025-07-01',
            due: '2025-12-10',
            reports: [
              ['2025-09-30', 60, 'Rà soát 1.240 vụ việc ba năm, xác định 14 điểm nóng trên bản đồ'],
              ['2025-12-05', 100, 'Hoàn thành, bố trí lại tuyến tuần tra theo các điểm nóng'],
            ],
            status: 'done',
          },
          {
            title: 'Mô hình "Khu phố an toàn" tại phường Ba Đình',
            lead: 'CA-00004',
            start: '2025-07-01',
            due: '2025-12-10',
            reports: [['2025-10-15', 55, 'Triển khai tại 12/20 tổ dân phố']],
            status: 'in_progress',
          },
        ],
      },
      {
        title: 'Điều tra khám phá án đạt trên 75%, trọng án trên 90%',
        lead: 'PC02',
        start: '2025-01-01',
        due: '2025-12-14',
        weight: 2,
        reports: [['2025-12-14', 100, 'Tỷ lệ khám phá đạt chỉ tiêu Nghị quyết 96/2019/QH14']],
        status: 'done',
      },
    ],
  },
  {
    code: '3',
    title: 'Cao điểm phòng ngừa tai nạn giao thông và cháy, nổ',
    breakthrough: true,
    weight: 2,
    tasks: [
      {
        title: 'Kéo giảm tai nạn giao thông trên cả ba tiêu chí (số vụ, số người chết, số người bị thương)',
        lead: 'PC08',
        start: '2025-01-01',
        due: '2025-12-14',
        weight: 2,
        reports: [['2025-09-30', 70, 'Chín tháng: giảm cả ba tiêu chí']],
        status: 'in_progress',
      },
      {
        title: 'Tổng kiểm tra an toàn phòng cháy, chữa cháy nhà ở kết hợp kinh doanh, chung cư mini',
        lead: 'PC07',
        coop: ['CA-00070', 'CA-00004'],
        start: '2025-03-01',
        due: '2025-10-31',
        weight: 2,
        priority: 'high',
        reports: [
          ['2025-06-30', 45, 'Kiểm tra 8.400/18.000 cơ sở'],
          ['2025-10-31', 100, 'Hoàn thành kiểm tra, xử phạt 1.120 trường hợp'],
        ],
        status: 'done',
      },
    ],
  },
  {
    code: '4',
    title: 'Phòng, chống tội phạm sử dụng công nghệ cao, lừa đảo chiếm đoạt tài sản trên không gian mạng',
    breakthrough: true,
    weight: 2,
    tasks: [
      {
        title: 'Tuyên truyền nhận diện thủ đoạn lừa đảo trực tuyến đến 100% tổ dân phố',
        lead: 'PA05',
        coop: ['CA-00070', 'CA-00004'],
        start: '2025-03-01',
        due: '2025-11-30',
        reports: [['2025-08-31', 60, 'Đã tuyên truyền tại 1.900 tổ dân phố']],
        status: 'in_progress',
      },
      {
        title: 'Đấu tranh triệt phá các đường dây lừa đảo "việc nhẹ lương cao", giả danh cơ quan công an',
        lead: 'PA05',
        coop: ['PC02'],
        start: '2025-01-01',
        due: '2025-12-14',
        weight: 2,
        reports: [['2025-12-10', 100, 'Triệt phá 9 đường dây, thu hồi 38 tỷ đồng']],
        status: 'done',
      },
    ],
  },
  {
    code: '5',
    title: 'Bảo đảm an ninh kinh tế, phòng chống buôn lậu, gian lận thương mại, hàng giả',
    breakthrough: true,
    weight: 1,
    tasks: [
      {
        title: 'Đấu tranh với tội phạm sản xuất, buôn bán hàng giả là thuốc chữa bệnh, thực phẩm chức năng',
        lead: 'PC03',
        start: '2025-04-01',
        due: '2025-12-14',
        reports: [['2025-10-31', 80, 'Khởi tố 14 vụ']],
        status: 'in_progress',
      },
      {
        title: 'Rà soát an ninh các dự án đầu tư trọng điểm',
        lead: 'PC03',
        start: '2025-02-01',
        due: '2025-06-30',
        status: 'cancelled',
      },
    ],
  },
  {
    code: '6',
    title: 'Tinh gọn tổ chức bộ máy sau sắp xếp năm 2025 (công an hai cấp, công an xã, phường mới)',
    breakthrough: true,
    weight: 2,
    tasks: [
      {
        title: 'Kết thúc hoạt động công an cấp huyện, bàn giao hồ sơ, địa bàn từ 01/3/2025',
        lead: 'PV01',
        start: '2025-01-15',
        due: '2025-03-01',
        weight: 2,
        priority: 'high',
        reports: [['2025-03-01', 100, 'Bàn giao xong toàn bộ hồ sơ của 30 công an quận, huyện']],
        status: 'done',
      },
      {
        title: 'Kiện toàn công an 126 xã, phường theo địa giới mới từ 01/7/2025',
        lead: 'PV01',
        coop: ['CA-00070', 'CA-00004'],
        start: '2025-05-01',
        due: '2025-07-31',
        weight: 2,
        reports: [
          ['2025-07-01', 80, '126 công an xã, phường đi vào hoạt động'],
          ['2025-07-31', 100, 'Hoàn thành bố trí cán bộ, trụ sở'],
        ],
        status: 'done',
      },
      {
        title: 'Số hóa hồ sơ nghiệp vụ của các đơn vị sau sắp xếp',
        lead: 'PV01',
        start: '2025-07-01',
        due: '2025-12-14',
        reports: [['2025-11-15', 65, 'Số hóa 650.000/1.000.000 hồ sơ']],
        status: 'in_progress',
      },
    ],
  },
];

/**
 * Tasks a unit delegates go down its own subtree, so the tasks with ward subtasks are led by the city
 * command itself (departments cooperate).
 *
 * Loads the demo plan data into an empty plan table: the 2025 plan with its task groups, tasks, subtasks
 * and progress, a few directives with follow-up items (dated relative to today, so some are due soon and
 * some overdue), and targets bound to the statistics. Deterministic for a given day; written through the
 * service, so every record is checked and audited.
 */
export async function seedDemoPlans(deps: {
  db: Db;
  clock: Clock;
  plans: PlanService;
}): Promise<{ tasks: number; directives: number; targets: number } | null> {
  const { db, plans } = deps;
  if (await db.selectFrom('plan').select('id').limit(1).executeTakeFirst()) return null;
  const units = new Map((await db.selectFrom('unit').select(['id', 'code', 'path']).execute()).map((u) => [u.code, u]));
  const city = units.get('CATP-HN');
  if (!city) return null;
  const unitId = (code: string) => units.get(code)?.id;
  const commanderRow = await db
    .selectFrom('appUser')
    .select(['id', 'username', 'fullName', 'unitId'])
    .where('username', '=', 'lanhdao')
    .executeTakeFirst();
  const system = systemActor('seed');
  const commander: Actor = commanderRow
    ? userActor({
        userId: commanderRow.id,
        username: commanderRow.username,
        fullName: commanderRow.fullName,
        unitId: city.id,
        unitPath: city.path,
        roles: ['commander'],
        requestId: 'seed',
      })
    : system;
  const reporter = (code: string) => ({ ...systemActor(code), fullName: `Cán bộ tổng hợp ${code}` });

  const plan = await plans.createPlan(system, {
    year: 2025,
    title: 'Kế hoạch công tác năm 2025 của Công an thành phố Hà Nội',
    description: 'Các nhóm nhiệm vụ đột phá theo chỉ đạo của Bộ Công an và Thành ủy Hà Nội năm 2025.',
    unitId: city.id,
  });
  let tasks = 0;
  const addTask = async (t: DemoTask, where: { groupId?: string; parentId?: string }) => {
    const lead = unitId(t.lead);
    if (!lead) return;
    const body = {
      title: t.title,
      description: '',
      leadUnitId: lead,
      cooperatingUnitIds: (t.coop ?? []).map(unitId).filter((x): x is string => Boolean(x)),
      startOn: t.start,
      dueOn: t.due,
      priority: t.priority ?? 'normal',
      weight: t.weight ?? 1,
    };
    const created = where.parentId
      ? await plans.createSubtask(system, where.parentId, body)
      : await plans.createTask(system, where.groupId!, body);
    tasks++;
    const id = created.task.id;
    for (const s of t.subtasks ?? []) await addTask(s, { parentId: id });
    for (const [date, percent, note] of t.reports ?? [])
      await plans.reportProgress(reporter(t.lead), id, { reportedOn: date, percent, note, attachment: null });
    const target = t.status ?? 'not_started';
    const current = (await plans.getTask(system, id)).task.status;
    if (target !== current) {
      if (target === 'at_risk' || target === 'done' || target === 'cancelled')
        await plans.changeStatus(system, id, { status: target, note: '' });
      else if (target === 'in_progress' && current === 'not_started')
        await plans.changeStatus(system, id, { status: 'in_progress', note: '' });
    }
  };
  for (const g of GROUPS) {
    const tree = await plans.createGroup(system, plan.id, {
      code: g.code,
      title: g.title,
      description: '',
      breakthrough: g.breakthrough,
      weight: g.weight,
    });
    const groupId = tree.groups.find((x) => x.code === g.code)!.id;
    for (const t of g.tasks) await addTask(t, { groupId });
  }

  // Directives: one of the year (closed), two recent with items due around today.
  const today = hcmDateOf(deps.clock.now());
  const d = (n: number) => addDays(today, n);
  let directives = 0;
  if (commander !== system) {
    const issue = async (input: Parameters<PlanService['createDirective']>[1]) => {
      const items = input.items.filter((i) => i.unitId);
      if (items.length === 0) return null;
      directives++;
      return plans.createDirective(commander, { ...input, items });
    };
    const first = await issue({
      number: '68/CĐ-CATP',
      issuedOn: '2025-01-06',
      source: 'meeting',
      meeting: 'Hội nghị triển khai công tác công an năm 2025',
      issuerName: 'Giám đốc Công an thành phố',
      content: 'Tập trung cao điểm tấn công trấn áp tội phạm, bảo đảm an ninh trật tự dịp Tết Nguyên đán Ất Tỵ 2025.',
      planId: plan.id,
      items: [
        {
          unitId: unitId('PC02')!,
          content: 'Xây dựng kế hoạch cao điểm, báo cáo kết quả hằng tuần',
          dueOn: '2025-01-20',
        },
        { unitId: unitId('PC08')!, content: 'Tăng cường tuần tra, xử lý vi phạm nồng độ cồn', dueOn: '2025-02-15' },
      ],
    });
    for (const i of first?.items ?? [])
      await plans.closeItem(reporter('PC'), i.id, {
        report: 'Đã triển khai đầy đủ, báo cáo kết quả về Phòng Tham mưu',
        closedOn: i.dueOn,
      });
    await issue({
      number: `${Number(today.slice(5, 7)) * 7}/CĐ-CATP`,
      issuedOn: d(-20),
      source: 'meeting',
      meeting: 'Hội nghị giao ban Công an thành phố',
      issuerName: 'Giám đốc Công an thành phố',
      content:
        'Rà soát, xử lý dứt điểm các điểm đen tai nạn giao thông và nguy cơ cháy, nổ tại chung cư mini, nhà trọ.',
      planId: plan.id,
      items: [
        { unitId: unitId('PC08')!, content: 'Rà soát các điểm đen, đề xuất giải pháp kỹ thuật', dueOn: d(-3) },
        { unitId: unitId('PC07')!, content: 'Kiểm tra 100% chung cư mini trên địa bàn', dueOn: d(10) },
        {
          unitId: unitId('CA-00070')!,
          content: 'Báo cáo danh sách nhà trọ chưa bảo đảm điều kiện phòng cháy',
          dueOn: d(2),
        },
      ],
    });
    await issue({
      number: `${Number(today.slice(5, 7)) * 7 + 3}/CĐ-CATP`,
      issuedOn: d(-5),
      source: 'document',
      meeting: '',
      issuerName: 'Phó Giám đốc Công an thành phố',
      content: 'Tăng cường tuyên truyền, cảnh báo thủ đoạn lừa đảo giả danh cơ quan công an qua điện thoại.',
      planId: plan.id,
      items: [
        { unitId: unitId('PA05')!, content: 'Phát hành cảnh báo trên các nền tảng mạng xã hội', dueOn: d(7) },
        { unitId: unitId('CA-00004')!, content: 'Tổ chức tuyên truyền tại tổ dân phố, báo cáo kết quả', dueOn: d(3) },
        { unitId: unitId('CA-00070')!, content: 'Tổ chức tuyên truyền tại tổ dân phố, báo cáo kết quả', dueOn: d(-1) },
      ],
    });
  }

  // Targets bound to the statistics: the 2025 year (over) and the reporting year running today.
  let targets = 0;
  const target = async (body: Parameters<PlanService['createTarget']>[1]) => {
    await plans.createTarget(system, body);
    targets++;
  };
  const base = { planId: plan.id, groupId: null, areaCode: null, from: undefined, to: undefined };
  await target({
    ...base,
    title: 'Giảm ít nhất 5% tội phạm về trật tự xã hội so với năm 2024',
    metric: 'social_order_crime',
    measure: 'change_percent',
    comparison: 'same_period',
    op: '<=',
    threshold: -5,
    scope: 'all',
    unitId: city.id,
    periodKind: 'year',
    date: '2025-06-30',
  });
  await target({
    ...base,
    title: 'Tỷ lệ điều tra khám phá trên 75%',
    metric: 'clearance_rate',
    measure: 'value',
    comparison: 'none',
    op: '>=',
    threshold: 75,
    scope: 'all',
    unitId: city.id,
    periodKind: 'year',
    date: '2025-06-30',
  });
  await target({
    ...base,
    title: 'Khám phá trọng án trên 90%',
    metric: 'clearance_rate_trong_an',
    measure: 'value',
    comparison: 'none',
    op: '>=',
    threshold: 90,
    scope: 'all',
    unitId: city.id,
    periodKind: 'year',
    date: '2025-06-30',
  });
  await target({
    ...base,
    title: 'Số người chết do tai nạn giao thông thấp hơn năm trước',
    metric: 'traffic_deaths',
    measure: 'change_absolute',
    comparison: 'same_period',
    op: '<',
    threshold: 0,
    scope: 'all',
    unitId: city.id,
    periodKind: 'year',
    date: '2025-06-30',
  });
  await target({
    ...base,
    title: 'Giải quyết tố giác, tin báo trên 90%',
    metric: 'report_resolution_rate',
    measure: 'value',
    comparison: 'none',
    op: '>=',
    threshold: 90,
    scope: 'all',
    unitId: city.id,
    periodKind: 'report_year',
    date: today,
  });
  await target({
    ...base,
    title: 'Giảm số vụ lừa đảo trên không gian mạng so với cùng kỳ',
    metric: 'fraud_reports',
    measure: 'change_percent',
    comparison: 'same_period',
    op: '<',
    threshold: 0,
    scope: 'all',
    unitId: city.id,
    periodKind: 'report_year',
    date: today,
  });
  await target({
    ...base,
    title: 'Cháy, nổ giảm so với cùng kỳ',
    metric: 'fires',
    measure: 'change_percent',
    comparison: 'same_period',
    op: '<=',
    threshold: 0,
    scope: 'all',
    unitId: city.id,
    periodKind: 'report_year',
    date: today,
  });
  await target({
    ...base,
    title: 'Bảo vệ tuyệt đối an toàn 100% sự kiện',
    metric: 'events_safe_share',
    measure: 'value',
    comparison: 'none',
    op: '>=',
    threshold: 100,
    scope: 'all',
    unitId: city.id,
    periodKind: 'report_year',
    date: today,
  });
  const hk = unitId('CA-00070');
  if (hk)
    await target({
      ...base,
      title: 'Phường Hoàn Kiếm: tỷ lệ điều tra khám phá trên 75%',
      metric: 'clearance_rate',
      measure: 'value',
      comparison: 'none',
      op: '>=',
      threshold: 75,
      scope: 'unit',
      unitId: hk,
      periodKind: 'report_year',
      date: today,
    });
  return { tasks, directives, targets };
}
