/**
 * Venues in Hanoi where protected events are held (public places, coordinates from public maps, rounded).
 * The commune of a venue is found from its point on the boundaries of the date; the demo data and the
 * venue picker use this list, and an event may also name any other place.
 */
export interface Venue {
  key: string;
  name: string;
  lon: number;
  lat: number;
  /** What is usually held there (weights the demo's choice). */
  suits: readonly (
    'political_meeting' | 'diplomatic_visit' | 'cultural_sports' | 'religious_festival' | 'mass_gathering' | 'other'
  )[];
}

export const HANOI_VENUES: readonly Venue[] = [
  { key: 'nha-quoc-hoi', name: 'Nhà Quốc hội', lon: 105.8373, lat: 21.0369, suits: ['political_meeting'] },
  {
    key: 'trung-tam-hoi-nghi-quoc-gia',
    name: 'Trung tâm Hội nghị Quốc gia',
    lon: 105.7866,
    lat: 21.006,
    suits: ['political_meeting', 'diplomatic_visit', 'other'],
  },
  {
    key: 'tthn-quoc-te',
    name: 'Trung tâm Hội nghị Quốc tế (11 Lê Hồng Phong)',
    lon: 105.838,
    lat: 21.032,
    suits: ['political_meeting', 'diplomatic_visit'],
  },
  {
    key: 'phu-chu-tich',
    name: 'Phủ Chủ tịch',
    lon: 105.8347,
    lat: 21.0398,
    suits: ['diplomatic_visit', 'political_meeting'],
  },
  {
    key: 'quang-truong-ba-dinh',
    name: 'Quảng trường Ba Đình',
    lon: 105.8357,
    lat: 21.0352,
    suits: ['mass_gathering', 'political_meeting'],
  },
  {
    key: 'nha-hat-lon',
    name: 'Nhà hát Lớn Hà Nội',
    lon: 105.8577,
    lat: 21.0243,
    suits: ['cultural_sports', 'diplomatic_visit'],
  },
  {
    key: 'ho-hoan-kiem',
    name: 'Hồ Hoàn Kiếm và phố đi bộ',
    lon: 105.8523,
    lat: 21.0287,
    suits: ['mass_gathering', 'cultural_sports'],
  },
  {
    key: 'van-mieu',
    name: 'Văn Miếu – Quốc Tử Giám',
    lon: 105.8355,
    lat: 21.0293,
    suits: ['cultural_sports', 'diplomatic_visit'],
  },
  {
    key: 'hoang-thanh',
    name: 'Hoàng thành Thăng Long',
    lon: 105.8403,
    lat: 21.0352,
    suits: ['cultural_sports', 'mass_gathering'],
  },
  {
    key: 'cung-huu-nghi',
    name: 'Cung Văn hóa Hữu nghị Việt Xô',
    lon: 105.8466,
    lat: 21.021,
    suits: ['cultural_sports', 'political_meeting'],
  },
  {
    key: 'svd-my-dinh',
    name: 'Sân vận động Quốc gia Mỹ Đình',
    lon: 105.764,
    lat: 21.0205,
    suits: ['cultural_sports', 'mass_gathering'],
  },
  { key: 'svd-hang-day', name: 'Sân vận động Hàng Đẫy', lon: 105.8263, lat: 21.031, suits: ['cultural_sports'] },
  { key: 'cung-quan-ngua', name: 'Cung Thể thao Quần Ngựa', lon: 105.8147, lat: 21.0417, suits: ['cultural_sports'] },
  { key: 'nha-tho-lon', name: 'Nhà thờ Lớn Hà Nội', lon: 105.8489, lat: 21.0287, suits: ['religious_festival'] },
  { key: 'chua-tran-quoc', name: 'Chùa Trấn Quốc', lon: 105.8364, lat: 21.048, suits: ['religious_festival'] },
  { key: 'phu-tay-ho', name: 'Phủ Tây Hồ', lon: 105.8193, lat: 21.058, suits: ['religious_festival'] },
  { key: 'chua-huong', name: 'Chùa Hương (Hương Sơn)', lon: 105.747, lat: 20.617, suits: ['religious_festival'] },
  { key: 'den-soc', name: 'Đền Sóc (Sóc Sơn)', lon: 105.8345, lat: 21.2624, suits: ['religious_festival'] },
  {
    key: 'co-loa',
    name: 'Khu di tích Cổ Loa',
    lon: 105.872,
    lat: 21.115,
    suits: ['religious_festival', 'cultural_sports'],
  },
  {
    key: 'duong-lam',
    name: 'Làng cổ Đường Lâm',
    lon: 105.479,
    lat: 21.157,
    suits: ['cultural_sports', 'religious_festival'],
  },
  {
    key: 'giang-vo',
    name: 'Trung tâm Triển lãm Giảng Võ',
    lon: 105.821,
    lat: 21.027,
    suits: ['other', 'cultural_sports'],
  },
  {
    key: 'metropole',
    name: 'Khách sạn Sofitel Legend Metropole',
    lon: 105.856,
    lat: 21.0257,
    suits: ['diplomatic_visit'],
  },
  {
    key: 'jw-marriott',
    name: 'Khách sạn JW Marriott Hà Nội',
    lon: 105.7827,
    lat: 21.0077,
    suits: ['diplomatic_visit', 'other'],
  },
  {
    key: 'lotte-center',
    name: 'Lotte Center Hà Nội',
    lon: 105.8126,
    lat: 21.0318,
    suits: ['other', 'diplomatic_visit'],
  },
  { key: 'noi-bai', name: 'Sân bay Quốc tế Nội Bài', lon: 105.805, lat: 21.2187, suits: ['diplomatic_visit'] },
  { key: 'dhqg', name: 'Đại học Quốc gia Hà Nội', lon: 105.7826, lat: 21.0379, suits: ['other', 'political_meeting'] },
  {
    key: 'cv-thong-nhat',
    name: 'Công viên Thống Nhất',
    lon: 105.844,
    lat: 21.0157,
    suits: ['mass_gathering', 'cultural_sports'],
  },
  {
    key: 'trien-lam-quoc-gia',
    name: 'Trung tâm Triển lãm Quốc gia (Đông Anh)',
    lon: 105.787,
    lat: 21.124,
    suits: ['other', 'cultural_sports'],
  },
  {
    key: 'den-hai-ba-trung',
    name: 'Đền Hai Bà Trưng (Mê Linh)',
    lon: 105.724,
    lat: 21.186,
    suits: ['religious_festival'],
  },
];
