/**
 * A small zip writer (PKWARE APPNOTE 6.3, no zip64) for a pack's `zip: true`: each file streamed from disk through
 * node:zlib's raw deflate (text) or stored as is (PNG, already compressed; read whole: pictures are small), CRC-32 by
 * node:zlib, sizes and CRC of deflated entries in a data descriptor after their data, names in UTF-8. Written to
 * `out` (created; never overwritten). Over 4 GiB or 65,535 files is refused: that would need zip64.
 */
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { once } from 'node:events';
import { join } from 'node:path';
import { crc32, createDeflateRaw } from 'node:zlib';

const MAX32 = 0xffffffff;
const FLAG_DESCRIPTOR = 0x0008;
const FLAG_UTF8 = 0x0800;

interface Entry {
  name: Buffer;
  method: 0 | 8;
  flags: number;
  crc: number;
  compressed: number;
  size: number;
  offset: number;
}

/** MS-DOS time and date of a wall-clock instant (local time, 2-second steps), as zip headers hold them. */
function dosTime(at: Date): { time: number; date: number } {
  const year = Math.max(1980, at.getFullYear());
  return { time: (at.getHours() << 11) | (at.getMinutes() << 5) | (at.getSeconds() >> 1), date: ((year - 1980) << 9) | ((at.getMonth() + 1) << 5) | at.getDate() };
}

class ZipOut {
  offset = 0;
  constructor(private readonly stream: WriteStream) {}
  async write(b: Buffer): Promise<void> {
    this.offset += b.length;
    if (this.offset > MAX32) throw new Error('the zip would be over 4 GiB (zip64 is not supported): use the folder');
    if (!this.stream.write(b)) await once(this.stream, 'drain');
  }
}

function localHeader(e: Entry, t: { time: number; date: number }): Buffer {
  const h = Buffer.alloc(30);
  h.writeUInt32LE(0x04034b50, 0);
  h.writeUInt16LE(20, 4);
  h.writeUInt16LE(e.flags, 6);
  h.writeUInt16LE(e.method, 8);
  h.writeUInt16LE(t.time, 10);
  h.writeUInt16LE(t.date, 12);
  // With a data descriptor, CRC and sizes are 0 here and follow the data.
  h.writeUInt32LE(e.flags & FLAG_DESCRIPTOR ? 0 : e.crc, 14);
  h.writeUInt32LE(e.flags & FLAG_DESCRIPTOR ? 0 : e.compressed, 18);
  h.writeUInt32LE(e.flags & FLAG_DESCRIPTOR ? 0 : e.size, 22);
  h.writeUInt16LE(e.name.length, 26);
  h.writeUInt16LE(0, 28);
  return Buffer.concat([h, e.name]);
}

function descriptor(e: Entry): Buffer {
  const d = Buffer.alloc(16);
  d.writeUInt32LE(0x08074b50, 0);
  d.writeUInt32LE(e.crc, 4);
  d.writeUInt32LE(e.compressed, 8);
  d.writeUInt32LE(e.size, 12);
  return d;
}

function centralHeader(e: Entry, t: { time: number; date: number }): Buffer {
  const h = Buffer.alloc(46);
  h.writeUInt32LE(0x02014b50, 0);
  h.writeUInt16LE((3 << 8) | 20, 4); // made by: Unix, 2.0
  h.writeUInt16LE(20, 6);
  h.writeUInt16LE(e.flags, 8);
  h.writeUInt16LE(e.method, 10);
  h.writeUInt16LE(t.time, 12);
  h.writeUInt16LE(t.date, 14);
  h.writeUInt32LE(e.crc, 16);
  h.writeUInt32LE(e.compressed, 20);
  h.writeUInt32LE(e.size, 24);
  h.writeUInt16LE(e.name.length, 28);
  h.writeUInt32LE((0o100644 << 16) >>> 0, 38); // external attributes: a regular file, rw-r--r--
  h.writeUInt32LE(e.offset, 42);
  return Buffer.concat([h, e.name]);
}

function endOfCentralDirectory(count: number, size: number, offset: number): Buffer {
  const h = Buffer.alloc(22);
  h.writeUInt32LE(0x06054b50, 0);
  h.writeUInt16LE(count, 8);
  h.writeUInt16LE(count, 10);
  h.writeUInt32LE(size, 12);
  h.writeUInt32LE(offset, 16);
  return h;
}

/** Streams one file through raw deflate into the zip; returns CRC and sizes. */
async function deflateInto(out: ZipOut, file: string): Promise<{ crc: number; size: number; compressed: number }> {
  let crc = 0;
  let size = 0;
  let compressed = 0;
  const deflate = createDeflateRaw({ level: 6 });
  const source = createReadStream(file);
  source.on('data', (chunk) => {
    crc = crc32(chunk as Buffer, crc);
    size += (chunk as Buffer).length;
  });
  source.on('error', (e) => deflate.destroy(e));
  source.pipe(deflate);
  for await (const chunk of deflate) {
    compressed += (chunk as Buffer).length;
    await out.write(chunk as Buffer);
  }
  return { crc: crc >>> 0, size, compressed };
}

/**
 * Writes `paths` (relative to `dir`, '/'-separated) into the zip `out`. `onFile` is told before each file; `aborted`
 * is asked between files (true stops with `AbortError`; the caller removes the partial zip).
 */
export async function writeZip(dir: string, paths: readonly string[], out: string, hooks: { onFile?: (path: string, index: number) => void; aborted?: () => boolean } = {}): Promise<number> {
  if (paths.length > 0xffff) throw new Error(`a zip holds at most 65,535 files without zip64; this pack has ${paths.length}`);
  const stream = createWriteStream(out, { flags: 'wx', mode: 0o600 });
  const opened = once(stream, 'open');
  let failed: Error | null = null;
  stream.on('error', (e) => (failed = e));
  await opened;
  const zip = new ZipOut(stream);
  const t = dosTime(new Date());
  const entries: Entry[] = [];
  try {
    for (const [i, path] of paths.entries()) {
      if (hooks.aborted?.()) throw Object.assign(new Error('cancelled'), { name: 'AbortError' });
      hooks.onFile?.(path, i);
      const file = join(dir, ...path.split('/'));
      const name = Buffer.from(path, 'utf8');
      if (path.endsWith('.png')) {
        const data = await readFile(file);
        const e: Entry = { name, method: 0, flags: FLAG_UTF8, crc: crc32(data) >>> 0, compressed: data.length, size: data.length, offset: zip.offset };
        await zip.write(localHeader(e, t));
        await zip.write(data);
        entries.push(e);
      } else {
        const e: Entry = { name, method: 8, flags: FLAG_UTF8 | FLAG_DESCRIPTOR, crc: 0, compressed: 0, size: 0, offset: zip.offset };
        await zip.write(localHeader(e, t));
        Object.assign(e, await deflateInto(zip, file));
        if (e.size > MAX32) throw new Error(`${path} is over 4 GiB (zip64 is not supported): use the folder`);
        await zip.write(descriptor(e));
        entries.push(e);
      }
    }
    const cdStart = zip.offset;
    for (const e of entries) await zip.write(centralHeader(e, t));
    await zip.write(endOfCentralDirectory(entries.length, zip.offset - cdStart, cdStart));
    stream.end();
    await once(stream, 'close');
    if (failed) throw failed;
    return zip.offset;
  } catch (e) {
    stream.destroy();
    throw e;
  }
}
