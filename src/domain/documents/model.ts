/**
 * A document in the Decree 30/2020 layout (Nghị định 30/2020/NĐ-CP, appendix I), as data.
 *
 * The report service fills one of these from a report (its template, narrative and frozen or live
 * figures); the renderers in this folder turn it into DOCX, PDF and an XLSX annex without knowing
 * anything about reports. Every string is final text (Vietnamese numbers already formatted as
 * 1.234,5); the renderers only lay it out.
 */

/** The header block, left: the parent agency over the issuing unit (both printed in capitals). */
export interface DocumentIssuer {
  /** Parent agency, e.g. "BỘ CÔNG AN" (regular). Omitted for the top unit when it has none. */
  parentAgency?: string;
  /** Issuing unit, e.g. "CÔNG AN THÀNH PHỐ HÀ NỘI" (bold, with a short rule under it). */
  unit: string;
}

/** "Số: 15/BC-CATP" — the number is absent on a draft (printed "Số:      /BC-CATP"). */
export interface DocumentNumber {
  /** The register number; printed with a leading zero below 10. */
  number?: number;
  /** Document type abbreviation (appendix III): "BC" for a report. */
  typeCode: string;
  /** Issuer abbreviation, configuration (NOT FOUND in law for the police: confirm with the client). */
  issuerCode: string;
}

export type Inline = string | { text: string; bold?: boolean; italic?: boolean };

export interface ParagraphBlock {
  type: 'paragraph';
  /** Runs of text; a plain string is one run. */
  runs: Inline[];
  /** Body paragraphs are justified with a first-line indent; `plain` drops the indent (e.g. notes). */
  style?: 'body' | 'plain' | 'note';
}

export interface TableBlock {
  type: 'table';
  /** Caption above the table, e.g. "Bảng 1. Tội phạm về TTXH theo nhóm (01/12/2023 – 30/11/2024 so với …)". */
  caption: string;
  /** Column headers; one header row. */
  columns: { label: string; align?: 'left' | 'right' | 'center'; width?: number }[];
  /** Cells as displayed text; the annex also gets `values` (numbers) when given. */
  rows: { cells: string[]; values?: (number | string | null)[]; bold?: boolean }[];
  /** Sheet name of this table in the XLSX annex (≤ 31 characters, unique in the document). */
  sheetName: string;
  /** Lines written above the table in its annex sheet: the period, the comparison, the source. */
  notes?: string[];
}

export interface ChartBlock {
  type: 'chart';
  caption: string;
  /** An ECharts option (plain JSON: no functions), rendered on the server to SVG then PNG. */
  option: Record<string, unknown>;
  /** Size of the chart on the page, in millimetres (default 160 × 80). */
  widthMm?: number;
  heightMm?: number;
}

export type DocumentBlock = ParagraphBlock | TableBlock | ChartBlock;

export interface DocumentSection {
  /** Heading as printed, numbering included: "I. TÌNH HÌNH", "1. Tình hình tội phạm". */
  heading: string;
  /** 1 = a main section (bold), 2 = a sub-section (bold), 3 = a sub-sub-section (bold italic). */
  level: 1 | 2 | 3;
  blocks: DocumentBlock[];
}

export interface DocumentSignature {
  /** "TM.", "KT.", "Q.", "TL.", "TUQ." or none (the head signs in their own name). */
  authority?: 'TM.' | 'KT.' | 'Q.' | 'TL.' | 'TUQ.';
  /** The line after the authority, e.g. "GIÁM ĐỐC" for TM. BAN GIÁM ĐỐC / KT. GIÁM ĐỐC. */
  authorityOf?: string;
  /** Signer's title in capitals, e.g. "PHÓ GIÁM ĐỐC". */
  title: string;
  /** Signer's name (bold, no academic title). Absent on a draft. */
  name?: string;
}

export interface ReportDocument {
  issuer: DocumentIssuer;
  number: DocumentNumber;
  /** Place and date line: "Hà Nội, ngày 05 tháng 01 năm 2026" (italic). */
  place: string;
  /** ISO date of the document; absent on a draft (printed "ngày … tháng … năm …"). */
  date?: string;
  /** Document type name, "BÁO CÁO" (bold, centred). */
  title: string;
  /** Subject (trích yếu) under the title, bold, centred, e.g. "Tổng kết công tác năm 2024 …". */
  subject: string;
  /** A draft is watermarked "DỰ THẢO" in the header area. */
  draft: boolean;
  sections: DocumentSection[];
  signature: DocumentSignature;
  /** "Nơi nhận:" list; the renderer prints them as "- …;" and the last as "- Lưu: VT, <archive>." */
  recipients: string[];
  /** Archive unit for the last recipient line: "- Lưu: VT, PV01." */
  archive: string;
  /** Document properties (title, author, subject) written into the files' metadata. */
  metadata?: { author?: string; keywords?: string[] };
}
