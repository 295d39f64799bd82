import { draw, intBetween, pick, weighted, type Rng, type Weighted } from './random';

/**
 * Small word lists for the demo records: Hanoi street and village names, titles per offence, fire
 * premises and causes, online-fraud scenarios and channels. Ordinary public names only; no person.
 */

/** Streets of Hanoi (phố in the old quarter and centre, đường for the arteries). */
const STREETS: readonly string[] = [
  'phố Hàng Bông', 'phố Hàng Gai', 'phố Hàng Bạc', 'phố Hàng Đào', 'phố Lò Đúc', 'phố Bà Triệu', 'phố Huế',
  'phố Kim Mã', 'phố Đội Cấn', 'phố Tây Sơn', 'phố Xã Đàn', 'phố Chùa Bộc', 'phố Thái Hà', 'phố Bạch Mai',
  'phố Minh Khai', 'phố Ngọc Lâm', 'phố Trần Duy Hưng', 'phố Nguyễn Chí Thanh', 'phố Lạc Trung', 'phố Kim Ngưu',
  'đường Láng', 'đường Trường Chinh', 'đường Giải Phóng', 'đường Nguyễn Trãi', 'đường Cầu Giấy', 'đường Xuân Thủy',
  'đường Hoàng Quốc Việt', 'đường Phạm Văn Đồng', 'đường Lạc Long Quân', 'đường Âu Cơ', 'đường Nguyễn Văn Cừ',
  'đường Tam Trinh', 'đường Lĩnh Nam', 'đường Nguyễn Xiển', 'đường Lê Văn Lương', 'đường Tố Hữu', 'đường Quang Trung',
  'đường Trần Phú', 'đường Hồ Tùng Mậu', 'đường Phạm Hùng', 'đường Nguyễn Văn Linh', 'đường Ngô Gia Tự',
  'đường Võ Chí Công', 'đường Đại Cồ Việt', 'đường Kim Giang', 'đường Nguyễn Hoàng', 'đường Lê Trọng Tấn',
];

const VILLAGE_WORDS: readonly string[] = [
  'Đông', 'Đoài', 'Thượng', 'Hạ', 'Trung', 'Nam', 'Bắc', 'Đình', 'Chùa', 'Cầu', 'Mới', 'An Hòa', 'Phú Mỹ', 'Văn Trì',
  'Yên Nội', 'Hậu Dưỡng', 'Đa Phúc', 'Lộc Hà', 'Thanh Vân', 'Vân Điềm',
];

/** Roads through the outer communes (national and provincial roads). */
const ROADS: readonly string[] = [
  'Quốc lộ 1A', 'Quốc lộ 2', 'Quốc lộ 3', 'Quốc lộ 6', 'Quốc lộ 21', 'Quốc lộ 21B', 'Quốc lộ 32', 'Quốc lộ 5',
  'Đại lộ Thăng Long', 'đường tỉnh 419', 'đường tỉnh 427', 'đường tỉnh 429', 'đường Vành đai 3', 'đường Vành đai 4',
];

/** A plausible address in an urban ward (`urban`) or a rural commune, ending with the commune's name. */
export function addressFor(rng: Rng, urban: boolean, communeName: string, onRoad: boolean): string {
  let place: string;
  if (urban) {
    const street = pick(rng, STREETS);
    const r = rng();
    if (onRoad && r < 0.6) place = `Trước số ${intBetween(rng, 1, 400)} ${street}`;
    else if (r < 0.55) place = `Số ${intBetween(rng, 1, 250)} ${street}`;
    else if (r < 0.85) place = `Số ${intBetween(rng, 1, 80)} ngõ ${intBetween(rng, 1, 300)} ${street}`;
    else place = `Ngõ ${intBetween(rng, 1, 300)} ${street}`;
  } else if (onRoad && rng() < 0.7) {
    place = `Km${intBetween(rng, 2, 60)}+${String(intBetween(rng, 0, 9) * 100).padStart(3, '0')} ${pick(rng, ROADS)}`;
  } else {
    place = rng() < 0.7 ? `Thôn ${pick(rng, VILLAGE_WORDS)}` : `Xóm ${intBetween(rng, 1, 15)}, thôn ${pick(rng, VILLAGE_WORDS)}`;
  }
  return communeName ? `${place}, ${communeName}` : place;
}

/** Short titles per Penal Code article (what the registry's "nội dung" line says). */
const TITLES: Readonly<Record<string, readonly string[]>> = {
  '123': ['Giết người', 'Giết người do mâu thuẫn cá nhân'],
  '128': ['Vô ý làm chết người'],
  '134': ['Cố ý gây thương tích', 'Xô xát, đánh nhau gây thương tích', 'Dùng hung khí gây thương tích'],
  '141': ['Hiếp dâm'],
  '150': ['Mua bán người'],
  '168': ['Cướp tài sản', 'Dùng dao khống chế cướp xe máy', 'Cướp tài sản tại cửa hàng tiện lợi'],
  '169': ['Bắt cóc nhằm chiếm đoạt tài sản'],
  '170': ['Cưỡng đoạt tài sản', 'Đòi nợ thuê, cưỡng đoạt tài sản'],
  '171': ['Cướp giật túi xách', 'Cướp giật điện thoại di động trên đường', 'Cướp giật dây chuyền vàng'],
  '173': [
    'Trộm cắp xe máy', 'Trộm cắp xe máy', 'Trộm cắp tài sản tại nhà dân', 'Trộm cắp điện thoại di động',
    'Trộm cắp tài sản tại cửa hàng', 'Trộm cắp tiền tại nhà riêng', 'Trộm cắp xe đạp điện', 'Trộm cắp tài sản tại công trình',
  ],
  '174': ['Lừa đảo chiếm đoạt tài sản', 'Lừa đảo mua bán đất', 'Lừa đảo xin việc làm', 'Lừa đảo vay tiền, chiếm đoạt tài sản'],
  '175': ['Lạm dụng tín nhiệm chiếm đoạt tài sản', 'Thuê xe tự lái rồi mang đi cầm cố'],
  '178': ['Hủy hoại tài sản', 'Cố ý làm hư hỏng tài sản'],
  '188': ['Buôn lậu'],
  '192': ['Sản xuất, buôn bán hàng giả'],
  '249': ['Tàng trữ trái phép chất ma túy'],
  '250': ['Vận chuyển trái phép chất ma túy'],
  '251': ['Mua bán trái phép chất ma túy'],
  '255': ['Tổ chức sử dụng trái phép chất ma túy', 'Tổ chức sử dụng ma túy tại quán karaoke'],
  '260': ['Vi phạm quy định về tham gia giao thông đường bộ gây chết người'],
  '266': ['Đua xe trái phép'],
  '290': ['Sử dụng mạng viễn thông chiếm đoạt tài sản', 'Chiếm đoạt tài sản qua mạng xã hội'],
  '304': ['Tàng trữ trái phép vũ khí quân dụng'],
  '318': ['Gây rối trật tự công cộng'],
  '321': ['Đánh bạc dưới hình thức ghi lô đề', 'Đánh bạc bằng hình thức đánh bài'],
  '322': ['Tổ chức đánh bạc', 'Tổ chức đánh bạc qua mạng'],
  '330': ['Chống người thi hành công vụ'],
  '353': ['Tham ô tài sản'],
  '354': ['Nhận hối lộ'],
};

export function crimeTitle(rng: Rng, article: string): string {
  const list = TITLES[article];
  return list ? pick(rng, list) : `Vụ việc theo Điều ${article} Bộ luật Hình sự`;
}

const lowerFirst = (s: string) => s[0]!.toLowerCase() + s.slice(1);

export function reportTitle(source: 'to_giac' | 'tin_bao' | 'kien_nghi_khoi_to', crime: string): string {
  if (source === 'to_giac') return `Tố giác ${lowerFirst(crime)}`;
  if (source === 'tin_bao') return `Tin báo ${lowerFirst(crime)}`;
  return `Kiến nghị khởi tố vụ ${lowerFirst(crime)}`;
}

// ---------------------------------------------------------------------------------------------------------
// Traffic

type Party = 'xe máy' | 'ô tô' | 'ô tô tải' | 'xe khách' | 'xe đạp' | 'người đi bộ' | 'xe buýt';
const PARTIES: Weighted<Party> = weighted<Party>([
  ['xe máy', 55], ['ô tô', 15], ['ô tô tải', 14], ['xe khách', 3], ['xe buýt', 2], ['xe đạp', 5], ['người đi bộ', 6],
]);

export function trafficTitle(rng: Rng, vehicles: number): string {
  if (vehicles >= 3) return pick(rng, ['Tai nạn giao thông liên hoàn', `Tai nạn liên hoàn giữa ${vehicles} phương tiện`]);
  if (vehicles <= 1) {
    return pick(rng, ['Xe máy tự gây tai nạn', 'Xe máy tự va vào dải phân cách', 'Ô tô mất lái đâm vào lề đường']);
  }
  const a = draw(rng, PARTIES);
  let b = draw(rng, PARTIES);
  if (a === 'người đi bộ' && b === 'người đi bộ') b = 'xe máy';
  if (b === 'người đi bộ') return `${capital(a)} va chạm với người đi bộ`;
  if (a === 'người đi bộ') return `${capital(b)} va chạm với người đi bộ`;
  if (a === b) return `Va chạm giao thông giữa hai ${a}`;
  return `Va chạm giao thông giữa ${a} và ${b}`;
}

const capital = (s: string) => s[0]!.toUpperCase() + s.slice(1);

// ---------------------------------------------------------------------------------------------------------
// Fire

/** Type of premises, with weights: most fires in Hanoi are in houses, many of them shop-houses. */
export const FIRE_PREMISES: Weighted<string> = weighted([
  ['Nhà ở riêng lẻ', 30],
  ['Nhà ở kết hợp sản xuất, kinh doanh', 20],
  ['Chung cư, nhà nhiều căn hộ', 6],
  ['Chợ, trung tâm thương mại', 3],
  ['Cơ sở sản xuất, kho hàng', 12],
  ['Quán karaoke, bar, nhà hàng', 4],
  ['Cơ quan, trường học, bệnh viện', 3],
  ['Phương tiện giao thông', 8],
  ['Bãi rác, thảm thực vật, đất trống', 14],
]);

/** Causes: electrical faults are about two thirds of fires in Hanoi's reports. */
export const FIRE_CAUSES: Weighted<string> = weighted([
  ['Sự cố hệ thống, thiết bị điện', 62],
  ['Sơ suất khi sử dụng nguồn lửa, nguồn nhiệt', 18],
  ['Đốt vàng mã, hương nến', 6],
  ['Vi phạm quy định an toàn phòng cháy khi sản xuất', 5],
  ['Cố ý gây cháy', 2],
  ['Nguyên nhân khác', 7],
]);

export const FIRE_CAUSE_UNKNOWN = 'Chưa xác định';

export function fireTitle(premises: string): string {
  if (premises.startsWith('Phương tiện')) return 'Cháy phương tiện giao thông';
  if (premises.startsWith('Bãi rác')) return 'Cháy bãi rác, thảm thực vật';
  return `Cháy tại ${lowerFirst(premises)}`;
}

// ---------------------------------------------------------------------------------------------------------
// Online fraud

export interface FraudScenario {
  readonly title: string;
  readonly channels: readonly string[];
  /** Median loss, VND. */
  readonly medianLoss: number;
  /** The scenario appears from this date on. */
  readonly from?: string;
}

export const FRAUD_SCENARIOS: Weighted<FraudScenario> = weighted<FraudScenario>([
  [{ title: 'Giả danh công an, viện kiểm sát gọi điện yêu cầu chuyển tiền', channels: ['Cuộc gọi điện thoại'], medianLoss: 120e6 }, 12],
  [{ title: 'Lừa đảo tuyển cộng tác viên làm nhiệm vụ trực tuyến', channels: ['Telegram', 'Zalo', 'Facebook'], medianLoss: 80e6 }, 20],
  [{ title: 'Lừa đảo đầu tư tiền ảo, chứng khoán qua ứng dụng', channels: ['Ứng dụng đầu tư', 'Trang web giả mạo', 'Telegram'], medianLoss: 250e6 }, 12],
  [{ title: 'Giả danh nhân viên ngân hàng hỗ trợ nâng hạn mức thẻ', channels: ['Cuộc gọi điện thoại', 'Tin nhắn SMS'], medianLoss: 40e6 }, 10],
  [{ title: 'Lừa đảo mua bán hàng trực tuyến', channels: ['Facebook', 'Zalo', 'TikTok'], medianLoss: 5e6 }, 18],
  [{ title: 'Giả mạo người thân nhắn tin vay tiền', channels: ['Facebook', 'Zalo'], medianLoss: 15e6 }, 10],
  [{ title: 'Lừa đảo hỗ trợ lấy lại tiền đã bị lừa', channels: ['Facebook', 'Trang web giả mạo'], medianLoss: 30e6 }, 5],
  [{ title: 'Lừa đảo cài ứng dụng dịch vụ công giả mạo (VNeID)', channels: ['Cuộc gọi điện thoại', 'Trang web giả mạo'], medianLoss: 200e6, from: '2023-06-01' }, 8],
  [{ title: 'Lừa đảo vay tiền qua ứng dụng', channels: ['Ứng dụng đầu tư', 'Tin nhắn SMS'], medianLoss: 10e6 }, 5],
]);

const PHONE_PREFIXES = ['032', '033', '034', '035', '036', '037', '038', '039', '056', '058', '070', '076', '077', '078', '079', '081', '082', '083', '084', '085', '086', '088', '089', '090', '091', '093', '094', '096', '097', '098'];
const BANK_CODES = ['VCB', 'BIDV', 'CTG', 'AGR', 'TCB', 'MB', 'ACB', 'VPB', 'TPB', 'STB', 'VIB', 'SHB', 'HDB', 'OCB', 'MSB'];
const DOMAIN_WORDS = ['dichvucong', 'vneid', 'hotro', 'nganhang', 'khuyenmai', 'dautu', 'sanvang', 'viecnhe', 'hoantien', 'tuyendung', 'baohiem', 'chungkhoan'];
const TLDS = ['top', 'xyz', 'online', 'site', 'vip', 'cc', 'com', 'net'];
const HANDLE_WORDS = ['shop', 'ho.tro', 'tuyen.dung', 'dau.tu', 'kiem.tien', 'nhiem.vu', 'san.sale', 'admin', 'cskh', 'vay.nhanh'];

/**
 * The `i`-th scam identifier of the demo city, in canonical form (as normalised by
 * incidents/scam-identifiers.ts): the same index always gives the same value, so reports that draw
 * from a shared pool repeat identifiers the way real scams do.
 */
export function scamIdentifier(rng: Rng, kind: 'phone' | 'bank_account' | 'url' | 'social'): { kind: typeof kind; value: string } {
  const digits = (n: number) => {
    let s = '';
    for (let i = 0; i < n; i++) s += String(Math.floor(rng() * 10));
    return s;
  };
  switch (kind) {
    case 'phone':
      return { kind, value: pick(rng, PHONE_PREFIXES) + digits(7) };
    case 'bank_account':
      return { kind, value: `${pick(rng, BANK_CODES)}:${digits(intBetween(rng, 9, 14))}` };
    case 'url':
      return { kind, value: `${pick(rng, DOMAIN_WORDS)}-${pick(rng, DOMAIN_WORDS)}${intBetween(rng, 1, 99)}.${pick(rng, TLDS)}` };
    case 'social': {
      const platform = pick(rng, ['facebook', 'telegram', 'zalo', 'tiktok'] as const);
      if (platform === 'zalo') return { kind, value: `zalo:${pick(rng, PHONE_PREFIXES)}${digits(7)}` };
      return { kind, value: `${platform}:${pick(rng, HANDLE_WORDS)}${intBetween(rng, 1, 9999)}` };
    }
  }
}
