import { ImportLimitError, type ImportLimits } from './limits';

/**
 * The parts of an XLSX workbook that an import reads, parsed from text fed chunk by chunk: a small streaming
 * XML scanner (elements, attributes, text, the five named entities and character references; no DTD, so no
 * entity expansion) and the handlers of the workbook, its relationships, the shared strings, the styles (which
 * number formats are dates) and a sheet. Every buffer is bounded: a tag, a cell's text, a row's columns and
 * characters, the number of rows. The ZIP layer (bounded inflation) lives in the server's import reader.
 */

export interface XmlHandler {
  open(name: string, attrs: Record<string, string>, selfClosing: boolean): void;
  close(name: string): void;
  text(text: string): void;
}

export class XmlError extends Error {}

const ENTITY = /&(#x[0-9a-fA-F]+|#[0-9]+|lt|gt|amp|quot|apos);/g;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
export function decodeXmlText(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(ENTITY, (_, e: string) => {
    if (e[0] !== '#') return NAMED[e]!;
    const cp = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : '';
  });
}

const ATTR = /([^\s=/]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
const localName = (n: string) => {
  const i = n.indexOf(':');
  return i === -1 ? n : n.slice(i + 1);
};

/** Index of the '>' closing the tag opened at `from`, skipping quoted attribute values; -1 when not yet there. */
function tagEnd(s: string, from: number): number {
  let q = '';
  for (let i = from; i < s.length; i++) {
    const c = s[i]!;
    if (q) {
      if (c === q) q = '';
    } else if (c === '"' || c === "'") q = c;
    else if (c === '>') return i;
  }
  return -1;
}

/**
 * A streaming XML scanner: `push` text in any split, `end` at the end. Text between tags is handed over as it
 * comes (a character reference cut by a chunk boundary waits for the next chunk); a tag, comment or CDATA
 * section longer than `maxTagChars` is refused.
 */
export function createXmlScanner(h: XmlHandler, maxTagChars: number) {
  let buf = '';
  const push = (chunk: string) => {
    buf += chunk;
    let i = 0;
    const n = buf.length;
    while (i < n) {
      const lt = buf.indexOf('<', i);
      if (lt === -1) {
        let end = n;
        const amp = buf.lastIndexOf('&');
        if (amp >= i && buf.indexOf(';', amp) === -1 && n - amp < 12) end = amp;
        if (end > i) h.text(decodeXmlText(buf.slice(i, end)));
        i = end;
        break;
      }
      if (lt > i) h.text(decodeXmlText(buf.slice(i, lt)));
      i = lt;
      if (buf.startsWith('<!--', i)) {
        const e = buf.indexOf('-->', i + 4);
        if (e === -1) break;
        i = e + 3;
        continue;
      }
      if (buf.startsWith('<![CDATA[', i)) {
        const e = buf.indexOf(']]>', i + 9);
        if (e === -1) break;
        h.text(buf.slice(i + 9, e));
        i = e + 3;
        continue;
      }
      if (n - i < 9 && ('<![CDATA['.startsWith(buf.slice(i)) || '<!--'.startsWith(buf.slice(i)))) break;
      const gt = tagEnd(buf, i + 1);
      if (gt === -1) break;
      const body = buf.slice(i + 1, gt);
      i = gt + 1;
      if (body[0] === '?' || body[0] === '!') continue; // declaration, processing instruction, DOCTYPE: ignored
      if (body[0] === '/') {
        h.close(localName(body.slice(1).trim()));
        continue;
      }
      const selfClosing = body.endsWith('/');
      const inner = selfClosing ? body.slice(0, -1) : body;
      const m = /^\s*([^\s/>]+)/.exec(inner);
      if (!m) throw new XmlError('malformed tag');
      const attrs: Record<string, string> = {};
      ATTR.lastIndex = m[0].length;
      for (let a = ATTR.exec(inner); a; a = ATTR.exec(inner)) attrs[a[1]!] = decodeXmlText(a[2] ?? a[3] ?? '');
      const name = localName(m[1]!);
      h.open(name, attrs, selfClosing);
      if (selfClosing) h.close(name);
    }
    buf = buf.slice(i);
    if (buf.length > maxTagChars) throw new XmlError(`an XML tag or section is longer than ${maxTagChars} characters`);
  };
  return {
    push,
    end() {
      if (buf.trim().length) throw new XmlError('the XML part ends inside a tag');
      buf = '';
    },
  };
}

/** Feeds a whole text to a handler (small parts: workbook, relationships). */
export function scanXml(text: string, h: XmlHandler, maxTagChars = 1 << 20) {
  const s = createXmlScanner(h, maxTagChars);
  s.push(text);
  s.end();
}

// ---- workbook and relationships

export interface WorkbookInfo {
  sheets: { name: string; relId: string }[];
  date1904: boolean;
}

export function parseWorkbookXml(text: string): WorkbookInfo {
  const out: WorkbookInfo = { sheets: [], date1904: false };
  scanXml(text, {
    open(name, a) {
      if (name === 'workbookPr') out.date1904 = a.date1904 === '1' || a.date1904 === 'true';
      else if (name === 'sheet') {
        const relId = Object.entries(a).find(([k]) => localName(k) === 'id' && k.includes(':'))?.[1] ?? '';
        out.sheets.push({ name: a.name ?? '', relId });
      }
    },
    close() {},
    text() {},
  });
  return out;
}

export interface Relationship {
  id: string;
  type: string;
  target: string;
}

export function parseRelsXml(text: string): Relationship[] {
  const out: Relationship[] = [];
  scanXml(text, {
    open(name, a) {
      if (name === 'Relationship') out.push({ id: a.Id ?? '', type: a.Type ?? '', target: a.Target ?? '' });
    },
    close() {},
    text() {},
  });
  return out;
}

/** A relationship target of `xl/workbook.xml` as a ZIP entry name. */
export function resolveWorkbookTarget(target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = ['xl'];
  for (const p of target.split('/')) {
    if (p === '..') parts.pop();
    else if (p !== '.' && p !== '') parts.push(p);
  }
  return parts.join('/');
}

// ---- shared strings

/**
 * The shared strings table: the text of each `<si>` (runs joined, phonetic runs left out), each cut one
 * character beyond `maxCellChars` (so a string too long is refused by the sheet where a cell uses it).
 */
export function createSharedStringsParser(limits: Pick<ImportLimits, 'maxCellChars'>) {
  const strings: string[] = [];
  let inSi = false;
  let inT = false;
  let phonetic = 0;
  let cur = '';
  const scanner = createXmlScanner(
    {
      open(name, _a, selfClosing) {
        if (name === 'si') {
          inSi = true;
          cur = '';
        } else if (name === 'rPh') phonetic++;
        else if (name === 't' && inSi && !phonetic && !selfClosing) inT = true;
      },
      close(name) {
        if (name === 'si') {
          strings.push(cur.normalize('NFC'));
          inSi = false;
        } else if (name === 'rPh') phonetic--;
        else if (name === 't') inT = false;
      },
      text(t) {
        // Kept up to one character beyond the bound: the sheet refuses it where a cell uses it (row, column).
        if (!inT || cur.length > limits.maxCellChars) return;
        cur += t.length > limits.maxCellChars + 1 ? t.slice(0, limits.maxCellChars + 1) : t;
        if (cur.length > limits.maxCellChars + 1) cur = cur.slice(0, limits.maxCellChars + 1);
      },
    },
    limits.maxCellChars * 8 + 4096,
  );
  return {
    push: (t: string) => scanner.push(t),
    end(): string[] {
      scanner.end();
      return strings;
    },
  };
}

// ---- styles: which cell styles show a number as a date

const BUILTIN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 30, 36, 45, 46, 47, 50, 57]);

/** Whether a number format code shows a date or a time (quoted text, escapes and colours removed). */
export function isDateFormatCode(code: string): boolean {
  const bare = code
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/\[(?!h\]|m\]|s\])[^\]]*\]/gi, '')
    .split(';')[0]!;
  return /[dmyhs]/i.test(bare) && !/^General$/i.test(bare.trim());
}

/** The style indexes (`s` of a cell) whose number format is a date. */
export function createStylesParser() {
  const custom = new Map<number, string>();
  const xfFormats: number[] = [];
  let inCellXfs = false;
  const scanner = createXmlScanner(
    {
      open(name, a) {
        if (name === 'numFmt') custom.set(Number(a.numFmtId), a.formatCode ?? '');
        else if (name === 'cellXfs') inCellXfs = true;
        else if (name === 'xf' && inCellXfs) xfFormats.push(Number(a.numFmtId ?? 0));
      },
      close(name) {
        if (name === 'cellXfs') inCellXfs = false;
      },
      text() {},
    },
    1 << 20,
  );
  return {
    push: (t: string) => scanner.push(t),
    end(): Set<number> {
      scanner.end();
      const dates = new Set<number>();
      xfFormats.forEach((id, i) => {
        const code = custom.get(id);
        if (code !== undefined ? isDateFormatCode(code) : BUILTIN_DATE_FORMATS.has(id)) dates.add(i);
      });
      return dates;
    },
  };
}

// ---- a sheet

export interface SheetRow {
  line: number;
  fields: string[];
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
/** A date serial as wall time 'YYYY-MM-DDTHH:mm:ss' (the 1900 or the 1904 date system). */
export function serialToText(serial: number, date1904: boolean): string {
  const ms = Math.round((serial - (date1904 ? 24107 : 25569)) * 86_400_000);
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return String(serial);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** Column index (0-based) of a cell reference such as "AB12"; -1 without letters. */
export function columnOfRef(ref: string): number {
  let n = 0;
  let i = 0;
  for (; i < ref.length && i < 4; i++) {
    const c = ref.charCodeAt(i);
    const u = c >= 97 ? c - 32 : c;
    if (u < 65 || u > 90) break;
    n = n * 26 + (u - 64);
  }
  return i === 0 ? -1 : n - 1;
}

/**
 * A sheet's rows as text cells, in bounded memory: the row being read only. Cell types: shared string, inline
 * string, formula string, boolean, error, number (a date when its style's format is one). Empty rows are
 * skipped; trailing empty cells dropped. Refuses (ImportLimitError) a cell longer than `maxCellChars`, a value
 * beyond column `maxColumns`, a row longer than `maxLineChars` and more than `maxRows` data rows.
 */
export function createSheetParser(opts: {
  shared: readonly string[];
  dateStyles: ReadonlySet<number>;
  date1904: boolean;
  limits: Pick<ImportLimits, 'maxCellChars' | 'maxColumns' | 'maxRows' | 'maxLineChars'>;
}) {
  const { limits } = opts;
  let deferred: unknown = null;
  let out: SheetRow[] = [];
  let rowNo = 0;
  let emitted = 0;
  let fields: string[] = [];
  let lineChars = 0;
  let nextCol = 0;
  // the cell being read
  let inCell = false;
  let col = 0;
  let type = 'n';
  let style = 0;
  let collecting: 'v' | 't' | null = null;
  let inIs = false;
  let phonetic = 0;
  let value = '';
  const endCell = () => {
    let text: string;
    switch (type) {
      case 's':
        text = opts.shared[Number(value)] ?? '';
        break;
      case 'b':
        text = value === '1' || value === 'true' ? 'true' : 'false';
        break;
      case 'inlineStr':
      case 'str':
      case 'e':
      case 'd':
        text = value;
        break;
      default: {
        const v = value.trim();
        if (v === '') text = '';
        else {
          const num = Number(v);
          if (Number.isNaN(num)) text = v;
          else text = opts.dateStyles.has(style) ? serialToText(num, opts.date1904) : String(num);
        }
      }
    }
    if (text === '') return;
    if (col >= limits.maxColumns) throw new ImportLimitError('columns', limits.maxColumns, { row: rowNo });
    if (text.length > limits.maxCellChars)
      throw new ImportLimitError('cellChars', limits.maxCellChars, { row: rowNo, column: col + 1 });
    lineChars += text.length;
    if (lineChars > limits.maxLineChars) throw new ImportLimitError('lineChars', limits.maxLineChars, { row: rowNo });
    while (fields.length < col) fields.push('');
    fields[col] = text.normalize('NFC');
  };
  const scanner = createXmlScanner(
    {
      open(name, a, selfClosing) {
        if (name === 'row') {
          const r = Number(a.r);
          rowNo = Number.isInteger(r) && r > 0 ? r : rowNo + 1;
          fields = [];
          lineChars = 0;
          nextCol = 0;
        } else if (name === 'c') {
          inCell = true;
          const c = a.r ? columnOfRef(a.r) : -1;
          col = c >= 0 ? c : nextCol;
          nextCol = col + 1;
          type = a.t ?? 'n';
          style = Number(a.s ?? 0);
          value = '';
          inIs = false;
          phonetic = 0;
          if (selfClosing) inCell = false;
        } else if (!inCell || selfClosing) return;
        else if (name === 'v') collecting = 'v';
        else if (name === 'is') inIs = true;
        else if (name === 'rPh') phonetic++;
        else if (name === 't' && inIs && !phonetic) collecting = 't';
      },
      close(name) {
        if (name === 'c') {
          if (inCell) endCell();
          inCell = false;
          collecting = null;
        } else if (name === 'row') {
          while (fields.length > 0 && fields.at(-1) === '') fields.pop();
          if (fields.length === 0) return;
          // The header row does not count as a data row.
          if (emitted > limits.maxRows) throw new ImportLimitError('rows', limits.maxRows, { row: rowNo });
          emitted++;
          out.push({ line: rowNo, fields });
          fields = [];
        } else if (name === 'v' || name === 't') collecting = null;
        else if (name === 'is') inIs = false;
        else if (name === 'rPh') phonetic--;
      },
      text(t) {
        if (!collecting) return;
        // A formula's cached value (<v>) of an inline string cell is not its text.
        if (collecting === 'v' && type === 'inlineStr') return;
        value += t;
        if (value.length > limits.maxCellChars)
          throw new ImportLimitError('cellChars', limits.maxCellChars, { row: rowNo, column: col + 1 });
      },
    },
    limits.maxCellChars * 8 + 4096,
  );
  return {
    // A bound exceeded in the middle of a chunk: the rows before it are returned first, the error thrown at
    // the next call (so a preview of the first rows does not depend on where a chunk ends).
    push(text: string): SheetRow[] {
      if (deferred) throw deferred;
      out = [];
      try {
        scanner.push(text);
      } catch (err) {
        if (!out.length) throw err;
        deferred = err;
      }
      return out;
    },
    end(): SheetRow[] {
      if (deferred) throw deferred;
      out = [];
      scanner.end();
      return out;
    },
  };
}
