import fs from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import zlib from 'node:zlib';
import { ImportLimitError, RATIO_FLOOR_BYTES, type ImportLimits } from '../../../domain/import/limits';

/**
 * The ZIP container of an XLSX file, read through its central directory (never by scanning local headers, so
 * what is checked is what is read). Opening checks the directory before anything is inflated: the number of
 * entries, each entry's declared uncompressed size and compression ratio, and the declared total. Reading an
 * entry inflates it as a stream and stops as soon as it yields more than it declared (declared sizes can lie)
 * or the bytes inflated by this archive exceed the total bound.
 */

export class ZipFormatError extends Error {}

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

const EOCD_SIG = 0x06054b50;
const CDH_SIG = 0x02014b50;
const LFH_SIG = 0x04034b50;

export class ZipArchive {
  private inflated = 0;
  private constructor(
    readonly file: string,
    readonly size: number,
    readonly entries: Map<string, ZipEntry>,
    private readonly limits: Pick<ImportLimits, 'xlsxMaxEntries' | 'xlsxMaxUncompressedBytes' | 'xlsxMaxRatio'>,
  ) {}

  static async open(
    file: string,
    limits: Pick<ImportLimits, 'xlsxMaxEntries' | 'xlsxMaxUncompressedBytes' | 'xlsxMaxRatio'>,
  ): Promise<ZipArchive> {
    const fh = await fs.promises.open(file, 'r');
    try {
      const { size } = await fh.stat();
      // End of central directory: the last 22 bytes, or up to 64 KB earlier when the archive has a comment.
      const tailLen = Math.min(size, 22 + 0xffff);
      const tail = Buffer.alloc(tailLen);
      await fh.read(tail, 0, tailLen, size - tailLen);
      let eocd = -1;
      for (let i = tailLen - 22; i >= 0; i--)
        if (tail.readUInt32LE(i) === EOCD_SIG) {
          eocd = i;
          break;
        }
      if (eocd < 0) throw new ZipFormatError('not a ZIP archive (no end of central directory)');
      const count = tail.readUInt16LE(eocd + 10);
      const cdSize = tail.readUInt32LE(eocd + 12);
      const cdOffset = tail.readUInt32LE(eocd + 16);
      if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff)
        throw new ZipFormatError('ZIP64 archives are not supported');
      if (count > limits.xlsxMaxEntries)
        throw new ImportLimitError('entries', limits.xlsxMaxEntries, { actual: count });
      if (cdOffset + cdSize > size) throw new ZipFormatError('the central directory lies outside the file');
      // Each directory record is at least 46 bytes; a directory larger than the entries need is refused too.
      if (cdSize > count * (46 + 3 * 0xffff)) throw new ZipFormatError('malformed central directory');
      const cd = Buffer.alloc(cdSize);
      await fh.read(cd, 0, cdSize, cdOffset);
      const entries = new Map<string, ZipEntry>();
      let declared = 0;
      let p = 0;
      for (let k = 0; k < count; k++) {
        if (p + 46 > cd.length || cd.readUInt32LE(p) !== CDH_SIG)
          throw new ZipFormatError('malformed central directory');
        const flags = cd.readUInt16LE(p + 8);
        const method = cd.readUInt16LE(p + 10);
        const compressedSize = cd.readUInt32LE(p + 20);
        const uncompressedSize = cd.readUInt32LE(p + 24);
        const nameLen = cd.readUInt16LE(p + 28);
        const extraLen = cd.readUInt16LE(p + 30);
        const commentLen = cd.readUInt16LE(p + 32);
        const localHeaderOffset = cd.readUInt32LE(p + 42);
        if (p + 46 + nameLen > cd.length) throw new ZipFormatError('malformed central directory');
        const name = cd.toString(flags & 0x800 ? 'utf8' : 'latin1', p + 46, p + 46 + nameLen);
        p += 46 + nameLen + extraLen + commentLen;
        if (compressedSize === 0xffffffff || uncompressedSize === 0xffffffff)
          throw new ZipFormatError('ZIP64 entries are not supported');
        if (flags & 0x1) throw new ZipFormatError('encrypted ZIP entries are not supported');
        declared += uncompressedSize;
        if (declared > limits.xlsxMaxUncompressedBytes)
          throw new ImportLimitError('uncompressedBytes', limits.xlsxMaxUncompressedBytes, {
            entry: name,
            actual: declared,
          });
        if (
          uncompressedSize > RATIO_FLOOR_BYTES &&
          uncompressedSize > Math.max(1, compressedSize) * limits.xlsxMaxRatio
        )
          throw new ImportLimitError('ratio', limits.xlsxMaxRatio, { entry: name });
        if (localHeaderOffset + 30 + compressedSize > cdOffset)
          throw new ZipFormatError(`entry "${name}" lies outside the archive's data`);
        entries.set(name, { name, method, compressedSize, uncompressedSize, localHeaderOffset });
      }
      return new ZipArchive(file, size, entries, limits);
    } finally {
      await fh.close();
    }
  }

  /** The entry of that name (exact, else ignoring case and a leading slash). */
  find(name: string): ZipEntry | undefined {
    const n = name.replace(/^\//, '');
    const exact = this.entries.get(n);
    if (exact) return exact;
    const lower = n.toLowerCase();
    for (const [k, e] of this.entries) if (k.toLowerCase() === lower) return e;
    return undefined;
  }

  /** Where an entry's compressed data starts (after its local header). */
  private async dataStart(e: ZipEntry): Promise<number> {
    const fh = await fs.promises.open(this.file, 'r');
    try {
      const h = Buffer.alloc(30);
      const { bytesRead } = await fh.read(h, 0, 30, e.localHeaderOffset);
      if (bytesRead < 30 || h.readUInt32LE(0) !== LFH_SIG)
        throw new ZipFormatError(`malformed local header of "${e.name}"`);
      return e.localHeaderOffset + 30 + h.readUInt16LE(26) + h.readUInt16LE(28);
    } finally {
      await fh.close();
    }
  }

  /**
   * An entry's bytes as UTF-8 text, chunk by chunk, inflated as a stream: never more than it declared, never
   * more than the archive's total bound, whatever the compressed data says.
   */
  async *text(e: ZipEntry): AsyncGenerator<string> {
    if (e.method !== 0 && e.method !== 8)
      throw new ZipFormatError(`unsupported compression method ${e.method} of "${e.name}"`);
    const start = await this.dataStart(e);
    if (start + e.compressedSize > this.size) throw new ZipFormatError(`entry "${e.name}" is truncated`);
    if (e.compressedSize === 0) return;
    const raw = fs.createReadStream(this.file, { start, end: start + e.compressedSize - 1, highWaterMark: 64 * 1024 });
    const inflate = e.method === 8 ? zlib.createInflateRaw({ chunkSize: 64 * 1024 }) : null;
    const source = inflate ? raw.pipe(inflate) : raw;
    raw.on('error', (err) => inflate?.destroy(err));
    const decoder = new StringDecoder('utf8');
    let produced = 0;
    try {
      for await (const chunk of source as AsyncIterable<Buffer>) {
        produced += chunk.length;
        this.inflated += chunk.length;
        if (produced > e.uncompressedSize)
          throw new ImportLimitError('declaredSize', e.uncompressedSize, { entry: e.name, actual: produced });
        if (this.inflated > this.limits.xlsxMaxUncompressedBytes)
          throw new ImportLimitError('uncompressedBytes', this.limits.xlsxMaxUncompressedBytes, { entry: e.name });
        const s = decoder.write(chunk);
        if (s) yield s;
      }
      const rest = decoder.end();
      if (rest) yield rest;
    } catch (err) {
      if (err instanceof ImportLimitError || err instanceof ZipFormatError) throw err;
      throw new ZipFormatError(`cannot inflate "${e.name}": ${(err as Error).message}`);
    } finally {
      raw.destroy();
      inflate?.destroy();
    }
  }

  /** A whole (small) entry as text, refused beyond `max` bytes declared. */
  async readText(e: ZipEntry, max: number): Promise<string> {
    if (e.uncompressedSize > max) throw new ZipFormatError(`part "${e.name}" is larger than ${max} bytes`);
    let s = '';
    for await (const chunk of this.text(e)) s += chunk;
    return s;
  }
}
