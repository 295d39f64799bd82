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

/** Optional bounds of a streaming parse; exceeding one throws `CsvLimitError`. */
export interface CsvLimits {
  maxFieldChars?: number;
  maxFields?: number;
  maxRecordChars?: number;
}

export class CsvLimitError extends Error {
  constructor(
    readonly limit: 'fieldChars' | 'fields' | 'recordChars',
    readonly max: number,
    /** Line where the record starts. */
    readonly line: number,
    /** 1-based field, for `fieldChars`. */
    readonly field?: number,
  ) {
    super(
      `CSV line ${line}: more than ${max} ${limit === 'fieldChars' ? 'characters in a field' : limit === 'fields' ? 'fields' : 'characters in a record'}`,
    );
  }
}

/** A CSV parser fed text chunk by chunk (see `createCsvParser`). */
export interface CsvStreamParser {
  /** Feed the next chunk; returns the records completed by it. */
  push(chunk: string): CsvRecord[];
  /** No more input: returns the last record, if any. @throws on an unterminated quoted field. */
  end(): CsvRecord[];
}

/**
 * The streaming form of `parseCsv`: the same records, line numbers and errors for any split of the text into
 * chunks (a quoted field, a doubled quote or a CRLF may straddle two chunks), holding only the record in
 * progress, so a million-row file is read in bounded memory.
 */
export function createCsvParser(limits: CsvLimits = {}): CsvStreamParser {
  const maxField = limits.maxFieldChars ?? Infinity;
  const maxFields = limits.maxFields ?? Infinity;
  const maxRecord = limits.maxRecordChars ?? Infinity;
  const bounded =
    limits.maxFieldChars !== undefined || limits.maxFields !== undefined || limits.maxRecordChars !== undefined;
  let recordChars = 0; // characters of the finished fields of the record in progress
  /** Throws when the record in progress exceeds a bound (checked as it grows, so nothing unbounded is held). */
  const check = () => {
    if (field.length > maxField) throw new CsvLimitError('fieldChars', maxField, recordLine, fields.length + 1);
    if (fields.length + 1 > maxFields) throw new CsvLimitError('fields', maxFields, recordLine);
    if (recordChars + field.length > maxRecord) throw new CsvLimitError('recordChars', maxRecord, recordLine);
  };
  type State = 'field' | 'quoted' | 'quoteSeen';
  let state: State = 'field';
  let started = false; // a BOM is skipped only at the very start
  let skipLf = false; // a CR ended a record; an LF right after it belongs to the same line end
  let crInQuoted = false; // a CR inside quotes counts a line unless an LF follows
  let line = 1;
  let recordLine = 1;
  let startLine = 1;
  let fields: string[] = [];
  let field = '';
  let fieldStarted = false;
  let out: CsvRecord[] = [];

  const endRecord = () => {
    if (fieldStarted || fields.length > 0) {
      fields.push(field);
      out.push({ line: recordLine, fields });
    }
    fields = [];
    field = '';
    fieldStarted = false;
    recordChars = 0;
  };

  const normal = (ch: string) => {
    if (!fieldStarted && fields.length === 0) recordLine = line;
    if (ch === '"' && field === '') {
      fieldStarted = true;
      startLine = line;
      state = 'quoted';
      return;
    }
    if (ch === ',') {
      fields.push(field);
      recordChars += field.length;
      field = '';
      if (bounded) check();
      fieldStarted = true;
      return;
    }
    if (ch === '\r' || ch === '\n') {
      endRecord();
      line++;
      skipLf = ch === '\r';
      return;
    }
    if (ch === '"') throw new Error(`CSV line ${line}: quote inside an unquoted field`);
    field += ch;
    fieldStarted = true;
    if (bounded) check();
  };

  const step = (ch: string) => {
    if (!started) {
      started = true;
      if (ch === '\uFEFF') return;
    }
    if (skipLf) {
      skipLf = false;
      if (ch === '\n') return;
    }
    if (state === 'quoted') {
      if (crInQuoted) {
        crInQuoted = false;
        if (ch !== '\n') line++;
      }
      if (ch === '"') {
        state = 'quoteSeen';
        return;
      }
      if (ch === '\n') line++;
      else if (ch === '\r') crInQuoted = true;
      field += ch;
      if (bounded) check();
      return;
    }
    if (state === 'quoteSeen') {
      if (ch === '"') {
        field += '"';
        state = 'quoted';
        return;
      }
      if (ch !== ',' && ch !== '\n' && ch !== '\r')
        throw new Error(`CSV line ${line}: unexpected character after a closing quote`);
      state = 'field';
    }
    normal(ch);
  };

  // A bound exceeded in the middle of a chunk: the records completed before it are returned first and the
  // error is thrown at the next call, so the first records do not depend on where a chunk ends.
  let deferred: CsvLimitError | null = null;
  return {
    push(chunk) {
      if (deferred) throw deferred;
      try {
        return pushChunk(chunk);
      } catch (err) {
        if (!(err instanceof CsvLimitError) || out.length === 0) throw err;
        deferred = err;
        return out;
      }
    },
    end() {
      if (deferred) throw deferred;
      return endInput();
    },
  };

  function pushChunk(chunk: string): CsvRecord[] {
    out = [];
    // Plain runs are appended in one slice; the state machine sees only the characters that matter.
    let i = 0;
    const n = chunk.length;
    while (i < n) {
      if (state === 'field' && started && !skipLf && fieldStarted) {
        let j = i;
        while (j < n) {
          const c = chunk.charCodeAt(j);
          if (c === 44 || c === 10 || c === 13 || c === 34) break;
          j++;
        }
        if (j > i) {
          field += chunk.slice(i, j);
          i = j;
          if (bounded) check();
          continue;
        }
      }
      step(chunk[i]!);
      i++;
    }
    return out;
  }

  function endInput(): CsvRecord[] {
    out = [];
    if (state === 'quoted') throw new Error(`CSV line ${startLine}: unterminated quoted field`);
    state = 'field';
    endRecord();
    return out;
  }
}

/** Reads records from an (async) iterable of text chunks. */
export async function* parseCsvChunks(chunks: AsyncIterable<string> | Iterable<string>): AsyncGenerator<CsvRecord> {
  const parser = createCsvParser();
  for await (const chunk of chunks) yield* parser.push(chunk);
  yield* parser.end();
}

/**
 * One CSV field: quoted when it holds a comma, quote, CR or LF (quotes doubled). With `guardFormula`, a
 * value starting with = + - @ or a tab/CR is prefixed with an apostrophe so that a spreadsheet shows it
 * instead of evaluating it (CSV injection).
 */
export function formatCsvField(value: string, guardFormula = false): string {
  let v = value;
  if (guardFormula && /^[=+\-@\t\r]/.test(v)) v = `'${v}`;
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** Rows to CSV text with CRLF line ends (RFC 4180). */
export function formatCsv(rows: readonly (readonly string[])[], options: { guardFormula?: boolean } = {}): string {
  return rows.map((r) => r.map((f) => formatCsvField(f, options.guardFormula)).join(',') + '\r\n').join('');
}
