import { toSearchKey } from '../text/vietnamese';
import catalogue from '../../../data/law/penal-code.json';
import type { DateString } from '../calendar/dates';
import { assertDate } from '../calendar/dates';

/**
 * The special part of the Penal Code 2015 (Bộ luật Hình sự, amended 2017 and 2025) as data:
 * chapters, articles, clauses (khoản) and the top of each clause's penalty bracket, from which
 * the severity class (art. 9) and the statistical group used in government reports follow.
 */

/** Top of a penalty bracket: years of imprisonment, life (tù chung thân) or death (tử hình). 0 = no prison. */
export type PenaltyTop = number | 'life' | 'death';

export type SeverityClass = 'it_nghiem_trong' | 'nghiem_trong' | 'rat_nghiem_trong' | 'dac_biet_nghiem_trong';

export type StatisticalGroup =
  | 'trat_tu_xa_hoi'
  | 'kinh_te_tham_nhung_buon_lau'
  | 'ma_tuy'
  | 'moi_truong'
  | 'cong_nghe_cao'
  | 'khac';

export interface PenaltyVersion {
  top: PenaltyTop;
  bracket: string;
  validFrom?: DateString;
  validTo?: DateString;
}

export interface Clause {
  clause: number;
  /** Single bracket; absent when `versions` is given; null when not recorded reliably. */
  top?: PenaltyTop | null;
  bracket?: string | null;
  versions?: PenaltyVersion[];
  uncertain?: string;
  note?: string;
}

export interface Article {
  /** '173', '256a'. */
  article: string;
  chapter: string;
  section?: number;
  title: string | null;
  titleUncertain?: boolean;
  /** null: clause data not recorded (absent, not zero). */
  clauses: Clause[] | null;
  validFrom?: DateString;
  repealed?: boolean;
  isOffence?: boolean;
  group?: StatisticalGroup;
  groupNote?: string;
  deathPenaltyRemoved?: DateString;
  note?: string;
}

export interface Section {
  number: number;
  title: string;
  from: number;
  to: number;
  group?: StatisticalGroup;
  groupNote?: string;
}

export interface Chapter {
  id: string;
  number: number;
  title: string;
  from: number;
  to: number;
  group: StatisticalGroup;
  groupNote?: string;
  sections?: Section[];
  note?: string;
}

export interface Labels {
  vi: string;
  en: string;
}

interface Catalogue {
  inForceFrom: DateString;
  chapters: Chapter[];
  articles: Article[];
  severityClasses: Record<SeverityClass, Labels & { rule: string }>;
  statisticalGroups: Record<StatisticalGroup, Labels>;
}

const data = catalogue as unknown as Catalogue;

export const PENAL_CODE_IN_FORCE_FROM: DateString = data.inForceFrom;
export const CHAPTERS: readonly Chapter[] = data.chapters;
export const ARTICLES: readonly Article[] = data.articles;

export const SEVERITY_CLASSES: readonly SeverityClass[] = [
  'it_nghiem_trong',
  'nghiem_trong',
  'rat_nghiem_trong',
  'dac_biet_nghiem_trong',
];
export const STATISTICAL_GROUPS: readonly StatisticalGroup[] = [
  'trat_tu_xa_hoi',
  'kinh_te_tham_nhung_buon_lau',
  'ma_tuy',
  'moi_truong',
  'cong_nghe_cao',
  'khac',
];

export const SEVERITY_LABELS: Readonly<Record<SeverityClass, Labels>> = data.severityClasses;
export const GROUP_LABELS: Readonly<Record<StatisticalGroup, Labels>> = data.statisticalGroups;

/** A refusal with a stable code and messages in both languages (same shape as the API errors). */
export interface LawError {
  code:
    | 'ARTICLE_UNKNOWN'
    | 'ARTICLE_NOT_IN_FORCE'
    | 'ARTICLE_REPEALED'
    | 'NOT_AN_OFFENCE'
    | 'CLAUSE_DATA_ABSENT'
    | 'CLAUSE_UNKNOWN';
  vi: string;
  en: string;
}

export type LawResult<T> = { ok: true; value: T } | { ok: false; error: LawError };

const byNumber = new Map(ARTICLES.map((a) => [a.article, a]));
const chapterById = new Map(CHAPTERS.map((c) => [c.id, c]));

/** Normalises '256A', ' 173 ', 173 to the catalogue key. */
export function normaliseArticle(article: string | number): string {
  return String(article).trim().toLowerCase();
}

export function findArticle(article: string | number): Article | undefined {
  return byNumber.get(normaliseArticle(article));
}

export function chapterOf(article: Article): Chapter {
  const ch = chapterById.get(article.chapter);
  if (!ch) throw new Error(`Catalogue: article ${article.article} has unknown chapter ${article.chapter}`);
  return ch;
}

/** Art. 9: the class from the top of the bracket. */
export function severityFromTop(top: PenaltyTop): SeverityClass {
  if (top === 'life' || top === 'death') return 'dac_biet_nghiem_trong';
  if (top <= 3) return 'it_nghiem_trong';
  if (top <= 7) return 'nghiem_trong';
  if (top <= 15) return 'rat_nghiem_trong';
  return 'dac_biet_nghiem_trong';
}

function err(code: LawError['code'], vi: string, en: string): { ok: false; error: LawError } {
  return { ok: false, error: { code, vi, en } };
}

/** Finds the article and checks it was in force on `date` (default: today's law). */
export function articleInForce(article: string | number, date?: DateString): LawResult<Article> {
  const a = findArticle(article);
  if (!a) return err('ARTICLE_UNKNOWN', `Không có Điều ${article} trong danh mục Bộ luật Hình sự`, `Article ${article} is not in the Penal Code catalogue`);
  if (a.isOffence === false) return err('NOT_AN_OFFENCE', `Điều ${a.article} không quy định tội danh`, `Article ${a.article} defines no offence`);
  if (a.repealed) return err('ARTICLE_REPEALED', `Điều ${a.article} đã bị bãi bỏ`, `Article ${a.article} has been repealed`);
  if (date !== undefined) {
    assertDate(date);
    const from = a.validFrom ?? PENAL_CODE_IN_FORCE_FROM;
    if (date < from) {
      return err(
        'ARTICLE_NOT_IN_FORCE',
        `Điều ${a.article} chưa có hiệu lực vào ngày ${date} (hiệu lực từ ${from})`,
        `Article ${a.article} was not in force on ${date} (in force from ${from})`,
      );
    }
  }
  return { ok: true, value: a };
}

/** The penalty top of a clause on a date (default: the latest version). */
export function penaltyTopOf(article: string | number, clause: number, date?: DateString): LawResult<PenaltyTop> {
  const found = articleInForce(article, date);
  if (!found.ok) return found;
  const a = found.value;
  if (!a.clauses) {
    return err('CLAUSE_DATA_ABSENT', `Chưa có dữ liệu khung hình phạt của Điều ${a.article}`, `No penalty data recorded for article ${a.article}`);
  }
  const c = a.clauses.find((x) => x.clause === clause);
  if (!c) return err('CLAUSE_UNKNOWN', `Điều ${a.article} không có khoản ${clause}`, `Article ${a.article} has no clause ${clause}`);
  if (c.versions) {
    const v = date
      ? c.versions.find((x) => (x.validFrom ?? '0000-01-01') <= date && date <= (x.validTo ?? '9999-12-31'))
      : c.versions[c.versions.length - 1];
    if (!v) return err('CLAUSE_UNKNOWN', `Không có khung hình phạt của khoản ${clause} Điều ${a.article} vào ngày ${date}`, `No bracket for article ${a.article} clause ${clause} on ${date}`);
    return { ok: true, value: v.top };
  }
  if (c.top === null || c.top === undefined) {
    return err('CLAUSE_DATA_ABSENT', `Chưa có dữ liệu khung hình phạt khoản ${clause} Điều ${a.article}`, `No penalty data recorded for article ${a.article} clause ${clause}`);
  }
  return { ok: true, value: c.top };
}

/**
 * Severity class of the clause applied (art. 9), on the date of the offence when given
 * (brackets changed on 2025-07-01 for some articles).
 */
export function severityOf(article: string | number, clause: number, date?: DateString): LawResult<SeverityClass> {
  const top = penaltyTopOf(article, clause, date);
  if (!top.ok) return top;
  return { ok: true, value: severityFromTop(top.value) };
}

/** Statistical group: article override, else section, else chapter (table in the JSON). */
export function statisticalGroupOf(article: string | number): LawResult<StatisticalGroup> {
  const a = findArticle(article);
  if (!a) return err('ARTICLE_UNKNOWN', `Không có Điều ${article} trong danh mục Bộ luật Hình sự`, `Article ${article} is not in the Penal Code catalogue`);
  if (a.group) return { ok: true, value: a.group };
  const ch = chapterOf(a);
  const sec = ch.sections?.find((s) => s.number === a.section);
  return { ok: true, value: sec?.group ?? ch.group };
}

/** Trọng án: very serious and especially serious crimes. */
export function isTrongAn(severity: SeverityClass): boolean {
  return severity === 'rat_nghiem_trong' || severity === 'dac_biet_nghiem_trong';
}

/** "Khoản 1 Điều 173 - Tội trộm cắp tài sản". */
export function describeArticle(article: string | number, clause?: number): string {
  const a = findArticle(article);
  if (!a) return `Điều ${article}`;
  const head = clause === undefined ? `Điều ${a.article}` : `Khoản ${clause} Điều ${a.article}`;
  return a.title ? `${head} - ${a.title}` : head;
}

/**
 * Articles in force on a date (offences only, not repealed) whose number starts with, or whose title
 * (without diacritics) contains, the query — with each clause's severity on that date. For pickers.
 */
export function searchArticles(q: { text?: string; date?: DateString; limit?: number }) {
  const key = q.text ? toSearchKey(q.text) : '';
  return ARTICLES.filter((a) => a.isOffence !== false && !a.repealed && (!q.date || !a.validFrom || a.validFrom <= q.date))
    .filter((a) => !key || a.article.startsWith(key) || toSearchKey(a.title ?? '').includes(key))
    .slice(0, q.limit ?? 100)
    .map((a) => {
      const group = statisticalGroupOf(a.article);
      return {
        article: a.article,
        title: a.title ?? '',
        chapter: a.chapter,
        statGroup: group.ok ? group.value : null,
        clauses: (a.clauses ?? []).map((c) => {
          const s = severityOf(a.article, c.clause, q.date);
          return { clause: c.clause, severity: s.ok ? s.value : null };
        }),
      };
    });
}
