import zlib from 'node:zlib';

/**
 * XLSX files assembled by hand (local headers, deflated data, central directory), so a test can build what no
 * spreadsheet program writes: a zip bomb (a huge repetitive sheet deflated ~1000:1), and one whose central
 * directory declares sizes smaller than what its data inflates to.
 */

export interface RawEntry {
  name: string;
  data: Buffer;
  /** Uncompressed size written in the headers (default: the real one). */
  declaredSize?: number;
}

const crc32 = (b: Buffer): number => (typeof zlib.crc32 === 'function' ? zlib.crc32(b) : 0);

export function buildZip(entries: RawEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const comp = zlib.deflateRawSync(e.data, { level: 9 });
    const size = e.declaredSize ?? e.data.length;
    const crc = crc32(e.data);
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0);
    lh.writeUInt16LE(20, 4);
    lh.writeUInt16LE(0x800, 6);
    lh.writeUInt16LE(8, 8);
    lh.writeUInt32LE(crc >>> 0, 14);
    lh.writeUInt32LE(comp.length, 18);
    lh.writeUInt32LE(size, 22);
    lh.writeUInt16LE(name.length, 26);
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0);
    ch.writeUInt16LE(20, 4);
    ch.writeUInt16LE(20, 6);
    ch.writeUInt16LE(0x800, 8);
    ch.writeUInt16LE(8, 10);
    ch.writeUInt32LE(crc >>> 0, 16);
    ch.writeUInt32LE(comp.length, 20);
    ch.writeUInt32LE(size, 24);
    ch.writeUInt16LE(name.length, 28);
    ch.writeUInt32LE(offset, 42);
    locals.push(lh, name, comp);
    centrals.push(ch, name);
    offset += 30 + name.length + comp.length;
  }
  const cd = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, eocd]);
}

const WORKBOOK = `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`;
const RELS = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`;

/**
 * A sheet of `rows` rows of `cols` inline-string cells, each `cell` long: runs of one character, which deflate
 * about 1000:1. The default (~315 MB of XML) is the bomb, about 300 KB zipped.
 */
export function bombSheetXml(rows = 10_500, cols = 1, cell = 'A'.repeat(30_000)): Buffer {
  const c = `<c t="inlineStr"><is><t>${cell}</t></is></c>`;
  const row = `<row>${c.repeat(cols)}</row>`;
  const head = Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`,
  );
  const body = Buffer.from(row.repeat(rows));
  return Buffer.concat([head, body, Buffer.from('</sheetData></worksheet>')]);
}

/** A workbook around one sheet's XML; `declaredSize` lets the sheet's headers lie about its size. */
export function xlsxOf(sheetXml: Buffer, declaredSize?: number): Buffer {
  return buildZip([
    { name: 'xl/workbook.xml', data: Buffer.from(WORKBOOK) },
    { name: 'xl/_rels/workbook.xml.rels', data: Buffer.from(RELS) },
    { name: 'xl/worksheets/sheet1.xml', data: sheetXml, ...(declaredSize !== undefined ? { declaredSize } : {}) },
  ]);
}
