import { describe, expect, it } from 'vitest';
import { parseCsv, parseCsvTable } from './csv';

describe('parseCsv', () => {
  it('should read quoted fields with commas, doubled quotes and line breaks', () => {
    const records = parseCsv('a,"b,c","say ""hi""","two\r\nlines"\r\nx,,"",z\r\n');
    expect(records).toEqual([
      { line: 1, fields: ['a', 'b,c', 'say "hi"', 'two\r\nlines'] },
      { line: 3, fields: ['x', '', '', 'z'] },
    ]);
  });

  it('should accept LF, CRLF and CR line ends, a BOM, skip blank lines and keep a trailing empty field', () => {
    expect(parseCsv('\uFEFFa,b\n\nc,\rd,e').map((r) => r.fields)).toEqual([
      ['a', 'b'],
      ['c', ''],
      ['d', 'e'],
    ]);
  });

  it('should reject an unterminated quote and a stray quote, naming the line', () => {
    expect(() => parseCsv('a,b\n"open,c\n')).toThrow(/line 2: unterminated/);
    expect(() => parseCsv('a,b"c\n')).toThrow(/line 1: quote inside/);
    expect(() => parseCsv('"a"b,c\n')).toThrow(/after a closing quote/);
  });
});

describe('parseCsvTable', () => {
  it('should name the source, line and missing column', () => {
    expect(() => parseCsvTable('x,y\n1,2\n', 'f.csv', ['z'])).toThrow('f.csv: line 1: missing column "z"');
    expect(() => parseCsvTable('x,y\n1,2\n3\n', 'f.csv', ['x'])).toThrow('f.csv: line 3: expected 2 fields, found 1');
  });
});
