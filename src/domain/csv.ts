/**
 * A small RFC 4180 CSV reader: quoted fields, doubled quotes inside quotes, commas, CR, LF and CRLF line
 * ends, and a UTF-8 byte-order mark. Pure: it takes text, never a file.
 */

/** A parsed CSV record with the 1-based physical line it started on (header = line 1). */
export interface CsvRecord {
  readonly line: number;
  readonly fields: readonly string[];
}

/**
 * Split CSV text into records. Empty lines are skipped; a record's `line` is where it starts, so an error
 * can point the user at the right line even when quoted fields span several lines.
 *
 * @throws Error on an unterminated quoted field or a quote in the middle of an unquoted field.
 */
export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  let fields: string[] = [];
  let field = '';
  let recordLine = 1;
  let fieldStarted = false; // distinguishes an empty line from a line holding one empty field
  const n = text.length;

  const endRecord = () => {
    if (fieldStarted || fields.length > 0) {
      fields.push(field);
      records.push({ line: recordLine, fields });
    }
    fields = [];
    field = '';
    fieldStarted = false;
  };

  while (i < n) {
    const ch = text[i];
    if (!fieldStarted && fields.length === 0) recordLine = line;
    if (ch === '"' && field === '') {
      // A quote opens a quoted field only at the very start of a field.
      fieldStarted = true;
      const startLine = line;
      i++;
      let closed = false;
      while (i < n) {
        const c = text[i];
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          closed = true;
          break;
        }
        if (c === '\n') line++;
        else if (c === '\r' && text[i + 1] !== '\n') line++;
        field += c;
        i++;
      }
      if (!closed) throw new Error(`CSV line ${startLine}: unterminated quoted field`);
      const next = text[i];
      if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
        throw new Error(`CSV line ${line}: unexpected character after a closing quote`);
      }
      continue;
    }
    if (ch === ',') {
      fields.push(field);
      field = '';
      fieldStarted = true;
      i++;
      continue;
    }
    if (ch === '\r' || ch === '\n') {
      endRecord();
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
      continue;
    }
    if (ch === '"') throw new Error(`CSV line ${line}: quote inside an unquoted field`);
    field += ch;
    fieldStarted = true;
    i++;
  }
  endRecord();
  return records;
}

/** A CSV table read by header name. */
export interface CsvTable {
  readonly header: readonly string[];
  readonly rows: readonly CsvRecord[];
}

/**
 * Parse CSV text whose first record is a header, and check that every required column is present and
 * every row has as many fields as the header.
 *
 * @throws Error naming the source, the line and the column.
 */
export function parseCsvTable(text: string, source: string, requiredColumns: readonly string[]): CsvTable {
  const records = parseCsv(text);
  if (records.length === 0) throw new Error(`${source}: empty file (no header)`);
  const [head, ...rows] = records;
  const header = head!.fields.map((h) => h.trim());
  for (const col of requiredColumns) {
    if (!header.includes(col)) throw new Error(`${source}: line 1: missing column "${col}"`);
  }
  for (const row of rows) {
    if (row.fields.length !== header.length) {
      throw new Error(`${source}: line ${row.line}: expected ${header.length} fields, found ${row.fields.length}`);
    }
  }
  return { header, rows };
}
