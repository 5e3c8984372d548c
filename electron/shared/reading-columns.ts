/**
 * The binary columnar encoding of a reading batch ("columns-1", PROTOCOL.md, "Binary batches"). Pure: typed arrays,
 * DataView and TextEncoder only (no Node, no DOM, no zod), so the engine, the feed servers and the renderer can all use
 * it.
 *
 * A frame is one batch: its envelope (feed id, seq, feed clock) and its readings as columns: a sensor index per row
 * (into the sensor-id dictionary the server sends on the same connection, append-only and stable for the feed id, so
 * a resent frame means the same after a reconnect), the timestamps (integer deltas from a base when they fit, else
 * Float64), each value field as a Float64Array with explicit presence and null bitmaps (a null is not a zero, an
 * absent field is not a null, NaN or an impossible value is carried bit for bit as sent: judging it is the
 * validator's job), and moving points' positions with their own presence bitmap.
 *
 * Layout, little-endian, every section starting on an 8-byte boundary (so decoding can view the frame's Float64
 * columns without copying):
 *   header (64 bytes): magic "CDRC", format version u8, flags u8 (bit 0: positions), field count u16, frame length
 *     u32, CRC-32 u32 of bytes 16..end, seq f64, feedTime f64, rows u32, dictionary size needed u32 (largest sensor
 *     index + 1), timestamp mode u8 (0 Float64, 1 Int32 deltas from base), 7 reserved zero bytes, timestamp base f64,
 *     8 reserved zero bytes;
 *   strings: feed id then each field name, each a u16 byte length and UTF-8;
 *   field modes: one byte per field (bit 0: presence bitmap follows, bit 1: null bitmap follows);
 *   sensor index: Uint32 x rows;  timestamps: Float64 or Int32 x rows;
 *   positions (flag bit 0): presence bitmap, then lng Float64 x rows, lat Float64 x rows;
 *   per field: [presence bitmap] [null bitmap] values Float64, one per row that has the field (NaN where null):
 *     a batch that mixes types carries each row's own metrics only.
 * Bitmaps are ceil(rows / 8) bytes, bit i of byte i>>3 = row i. A frame is checked whole (magic, version, lengths of
 * every section, CRC, reserved bits, indices against the dictionary size it states) before anything is returned: a
 * truncated or corrupt frame throws a ColumnsFrameError and nothing of it is applied.
 */

export const COLUMNS_ENCODING = 'columns-1';
export const COLUMNS_FORMAT_VERSION = 1;
/** Most rows in one frame (the protocol's MAX_BATCH_READINGS; a test holds them equal). */
export const COLUMNS_MAX_ROWS = 100_000;
/** Most value fields in one frame (all metric ids of all the types in one batch). */
export const COLUMNS_MAX_FIELDS = 4096;
export const COLUMNS_HEADER_BYTES = 64;

const MAGIC = 0x43524443; // "CDRC" read as a little-endian u32
const FLAG_POSITIONS = 1;
const MODE_PRESENCE = 1;
const MODE_NULLS = 2;
const TS_FLOAT64 = 0;
const TS_DELTA_I32 = 1;

/** A reading as the codec takes it (the protocol's Reading; declared here so the codec imports nothing). */
export interface ColumnsReading {
  sensorId: string;
  ts: number;
  values: Record<string, number | null>;
  position?: readonly [number, number] | undefined;
}

export interface ColumnsBatch {
  feedId: string;
  seq: number;
  feedTime: number;
  readings: readonly ColumnsReading[];
}

export interface FieldColumn {
  name: string;
  /** One value per row that has the field, in row order (NaN where the row sent null: see nulls). */
  values: Float64Array;
  /** Presence bitmap (null: every row has the field). */
  present: Uint8Array | null;
  /** Null bitmap (null: no row sent null). */
  nulls: Uint8Array | null;
}

export interface ReadingFrame {
  feedId: string;
  seq: number;
  feedTime: number;
  rows: number;
  /** The sensor of each row, as an index into the connection's sensor-id dictionary. */
  sensorIndex: Uint32Array;
  ts: Float64Array;
  fields: FieldColumn[];
  /** Moving points' positions (null: no row has one). */
  position: { present: Uint8Array; lng: Float64Array; lat: Float64Array } | null;
  /** Largest sensor index + 1: the dictionary must hold at least this many ids. */
  dictionarySize: number;
}

export class ColumnsFrameError extends Error {
  constructor(message: string) {
    super(`binary batch frame: ${message}`);
    this.name = 'ColumnsFrameError';
  }
}

export const bitIsSet = (bits: Uint8Array, i: number): boolean => (bits[i >>> 3]! & (1 << (i & 7))) !== 0;

const pad8 = (n: number) => (n + 7) & ~7;
const bitmapBytes = (rows: number) => (rows + 7) >>> 3;

/** UTF-8 by hand: electron/shared may use ECMAScript globals only (TextEncoder is a web and Node API). A lone surrogate throws (kept as sent: such a batch goes as JSON). */
function utf8Encode(s: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      }
    }
    if (c >= 0xd800 && c <= 0xdfff) throw new RangeError('a string with a lone surrogate (not UTF-8): the batch goes as JSON');
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return Uint8Array.from(out);
}

/** Strict UTF-8 decoding: null on any invalid sequence (overlong, surrogate, beyond U+10FFFF, truncated). */
function utf8Decode(b: Uint8Array): string | null {
  let s = '';
  for (let i = 0; i < b.length; ) {
    const c = b[i]!;
    let cp: number;
    let n: number;
    if (c < 0x80) {
      cp = c;
      n = 0;
    } else if (c >= 0xc2 && c < 0xe0) {
      cp = c & 31;
      n = 1;
    } else if (c >= 0xe0 && c < 0xf0) {
      cp = c & 15;
      n = 2;
    } else if (c >= 0xf0 && c < 0xf5) {
      cp = c & 7;
      n = 3;
    } else return null;
    for (let k = 1; k <= n; k++) {
      const d = b[i + k];
      if (d === undefined || (d & 0xc0) !== 0x80) return null;
      cp = (cp << 6) | (d & 63);
    }
    if ((n === 2 && cp < 0x800) || (n === 3 && (cp < 0x10000 || cp > 0x10ffff)) || (cp >= 0xd800 && cp <= 0xdfff)) return null;
    s += String.fromCodePoint(cp);
    i += n + 1;
  }
  return s;
}

// ---- CRC-32 (IEEE 802.3, the zip/PNG one), slicing by 4 ----
const CRC_TABLES = (() => {
  const t = new Uint32Array(4 * 256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  for (let n = 0; n < 256; n++) {
    let c = t[n]!;
    for (let k = 1; k < 4; k++) {
      c = t[c & 0xff]! ^ (c >>> 8);
      t[k * 256 + n] = c >>> 0;
    }
  }
  return t;
})();

export function crc32(bytes: Uint8Array, from = 0, to = bytes.length): number {
  const t = CRC_TABLES;
  let c = 0xffffffff;
  let i = from;
  for (; i + 4 <= to; i += 4) {
    c ^= bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24);
    c = t[768 + (c & 0xff)]! ^ t[512 + ((c >>> 8) & 0xff)]! ^ t[256 + ((c >>> 16) & 0xff)]! ^ t[(c >>> 24) & 0xff]!;
  }
  for (; i < to; i++) c = t[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/**
 * Encodes a batch. `indexOf` gives each sensor id its dictionary index (the server's append-only dictionary). Throws
 * (RangeError) on what cannot be framed: more than COLUMNS_MAX_ROWS readings, more than COLUMNS_MAX_FIELDS fields, a
 * string over 65,535 UTF-8 bytes, an index that is not a u32.
 */
export function encodeColumns(batch: ColumnsBatch, indexOf: (sensorId: string) => number): Uint8Array {
  const { readings } = batch;
  const rows = readings.length;
  if (rows > COLUMNS_MAX_ROWS) throw new RangeError(`a batch of ${rows} readings (a frame holds at most ${COLUMNS_MAX_ROWS})`);
  // Fields in order of first appearance, and what each needs.
  const fieldIndex = new Map<string, number>();
  const names: string[] = [];
  const counts: number[] = [];
  const nullCount: number[] = [];
  let positions = 0;
  for (let r = 0; r < rows; r++) {
    const rd = readings[r]!;
    const vals = rd.values;
    for (const k in vals) {
      if (!Object.hasOwn(vals, k)) continue;
      let f = fieldIndex.get(k);
      if (f === undefined) {
        f = names.length;
        if (f >= COLUMNS_MAX_FIELDS) throw new RangeError(`a batch of more than ${COLUMNS_MAX_FIELDS} fields`);
        fieldIndex.set(k, f);
        names.push(k);
        counts.push(0);
        nullCount.push(0);
      }
      counts[f]!++;
      if (vals[k] === null) nullCount[f]!++;
    }
    if (rd.position !== undefined) positions++;
  }
  // Timestamps: integer deltas from the smallest when every ts is an integer and the span fits an i32.
  let tsMin = Infinity;
  let tsMax = -Infinity;
  let tsIntegers = true;
  for (let r = 0; r < rows; r++) {
    const ts = readings[r]!.ts;
    if (!Number.isSafeInteger(ts)) tsIntegers = false;
    if (ts < tsMin) tsMin = ts;
    if (ts > tsMax) tsMax = ts;
  }
  const tsMode = rows > 0 && tsIntegers && tsMax - tsMin <= 0x7fffffff ? TS_DELTA_I32 : TS_FLOAT64;
  const tsBase = tsMode === TS_DELTA_I32 ? tsMin : 0;

  const feedIdBytes = utf8Encode(batch.feedId);
  const nameBytes = names.map((n) => utf8Encode(n));
  for (const b of [feedIdBytes, ...nameBytes]) if (b.length > 0xffff) throw new RangeError('a feed id or field name over 65,535 bytes');
  const modes = names.map((_, f) => (counts[f]! < rows ? MODE_PRESENCE : 0) | (nullCount[f]! > 0 ? MODE_NULLS : 0));
  const bm = bitmapBytes(rows);

  let size = COLUMNS_HEADER_BYTES;
  size += pad8(2 + feedIdBytes.length + nameBytes.reduce((n, b) => n + 2 + b.length, 0));
  size += pad8(names.length);
  size += pad8(4 * rows);
  size += pad8((tsMode === TS_DELTA_I32 ? 4 : 8) * rows);
  if (positions > 0) size += pad8(bm) + 16 * rows;
  modes.forEach((m, f) => (size += (m & MODE_PRESENCE ? pad8(bm) : 0) + (m & MODE_NULLS ? pad8(bm) : 0) + 8 * counts[f]!));

  const buf = new ArrayBuffer(size);
  const bytes = new Uint8Array(buf);
  const dv = new DataView(buf);
  dv.setUint32(0, MAGIC, true);
  dv.setUint8(4, COLUMNS_FORMAT_VERSION);
  dv.setUint8(5, positions > 0 ? FLAG_POSITIONS : 0);
  dv.setUint16(6, names.length, true);
  dv.setUint32(8, size, true);
  dv.setFloat64(16, batch.seq, true);
  dv.setFloat64(24, batch.feedTime, true);
  dv.setUint32(32, rows, true);
  dv.setUint8(40, tsMode);
  dv.setFloat64(48, tsBase, true);

  let at = COLUMNS_HEADER_BYTES;
  const putString = (b: Uint8Array) => {
    dv.setUint16(at, b.length, true);
    bytes.set(b, at + 2);
    at += 2 + b.length;
  };
  putString(feedIdBytes);
  for (const b of nameBytes) putString(b);
  at = pad8(at);
  bytes.set(modes, at);
  at = pad8(at + names.length);

  // Little-endian typed arrays: every platform CityDesk runs on is little-endian (checked below at load).
  const index = new Uint32Array(buf, at, rows);
  let maxIndex = -1;
  for (let r = 0; r < rows; r++) {
    const i = indexOf(readings[r]!.sensorId);
    if (!Number.isInteger(i) || i < 0 || i > 0xfffffffe) throw new RangeError(`sensor index ${i} of ${readings[r]!.sensorId} is not a u32`);
    index[r] = i;
    if (i > maxIndex) maxIndex = i;
  }
  dv.setUint32(36, maxIndex + 1, true);
  at = pad8(at + 4 * rows);
  if (tsMode === TS_DELTA_I32) {
    const d = new Int32Array(buf, at, rows);
    for (let r = 0; r < rows; r++) d[r] = readings[r]!.ts - tsBase;
    at = pad8(at + 4 * rows);
  } else {
    const d = new Float64Array(buf, at, rows);
    for (let r = 0; r < rows; r++) d[r] = readings[r]!.ts;
    at += 8 * rows;
  }
  if (positions > 0) {
    const present = new Uint8Array(buf, at, bm);
    at += pad8(bm);
    const lng = new Float64Array(buf, at, rows);
    const lat = new Float64Array(buf, at + 8 * rows, rows);
    for (let r = 0; r < rows; r++) {
      const p = readings[r]!.position;
      if (p === undefined) {
        lng[r] = NaN;
        lat[r] = NaN;
      } else {
        present[r >>> 3]! |= 1 << (r & 7);
        lng[r] = p[0];
        lat[r] = p[1];
      }
    }
    at += 16 * rows;
  }
  for (let f = 0; f < names.length; f++) {
    const name = names[f]!;
    const mode = modes[f]!;
    let present: Uint8Array | null = null;
    let nulls: Uint8Array | null = null;
    if (mode & MODE_PRESENCE) {
      present = new Uint8Array(buf, at, bm);
      at += pad8(bm);
    }
    if (mode & MODE_NULLS) {
      nulls = new Uint8Array(buf, at, bm);
      at += pad8(bm);
    }
    const values = new Float64Array(buf, at, counts[f]!);
    at += 8 * counts[f]!;
    let k = 0;
    for (let r = 0; r < rows; r++) {
      const vals = readings[r]!.values;
      if (present) {
        if (!Object.hasOwn(vals, name)) continue;
        present[r >>> 3]! |= 1 << (r & 7);
      }
      const v = vals[name];
      if (v === null || v === undefined) {
        values[k++] = NaN;
        if (nulls) nulls[r >>> 3]! |= 1 << (r & 7);
      } else values[k++] = v;
    }
  }
  dv.setUint32(12, crc32(bytes, 16, size), true);
  return bytes;
}

/** Decodes and checks a frame whole; throws ColumnsFrameError, with what is wrong, before returning anything. */
export function decodeColumns(input: unknown): ReadingFrame {
  const bytes = asBytes(input);
  const fail = (why: string): never => {
    throw new ColumnsFrameError(why);
  };
  if (bytes.length < COLUMNS_HEADER_BYTES) fail(`truncated: ${bytes.length} bytes, a header alone is ${COLUMNS_HEADER_BYTES}`);
  let dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  if (dv.getUint32(0, true) !== MAGIC) fail('not a CityDesk reading frame (bad magic)');
  const version = dv.getUint8(4);
  if (version !== COLUMNS_FORMAT_VERSION) fail(`format version ${version} (this build reads ${COLUMNS_FORMAT_VERSION})`);
  const size = dv.getUint32(8, true);
  if (size !== bytes.length) fail(size > bytes.length ? `truncated: the header says ${size} bytes, ${bytes.length} arrived` : `${bytes.length - size} bytes after the frame's end (the header says ${size})`);
  const crc = crc32(bytes, 16, size);
  if (crc !== dv.getUint32(12, true)) fail(`checksum mismatch (CRC-32 ${hex(crc)}, the header says ${hex(dv.getUint32(12, true))}): corrupt`);
  // Typed-array views need 8-byte alignment: a Buffer from a pooled slab may not have it. Copy once then.
  let buf = bytes.buffer;
  let base = bytes.byteOffset;
  if (base % 8 !== 0 || !(buf instanceof ArrayBuffer)) {
    const copy = new Uint8Array(size);
    copy.set(bytes);
    buf = copy.buffer;
    base = 0;
    dv = new DataView(buf);
  }
  const flags = dv.getUint8(5);
  if (flags & ~FLAG_POSITIONS) fail(`unknown flags ${hex(flags)}`);
  const fieldCount = dv.getUint16(6, true);
  if (fieldCount > COLUMNS_MAX_FIELDS) fail(`${fieldCount} fields (at most ${COLUMNS_MAX_FIELDS})`);
  const seq = dv.getFloat64(16, true);
  const feedTime = dv.getFloat64(24, true);
  const rows = dv.getUint32(32, true);
  if (rows > COLUMNS_MAX_ROWS) fail(`${rows} rows (at most ${COLUMNS_MAX_ROWS})`);
  const dictionarySize = dv.getUint32(36, true);
  const tsMode = dv.getUint8(40);
  if (tsMode !== TS_FLOAT64 && tsMode !== TS_DELTA_I32) fail(`timestamp mode ${tsMode}`);
  for (let i = 41; i < 48; i++) if (dv.getUint8(i) !== 0) fail('reserved header bytes are not zero');
  for (let i = 56; i < 64; i++) if (dv.getUint8(i) !== 0) fail('reserved header bytes are not zero');
  const tsBase = dv.getFloat64(48, true);

  let at = COLUMNS_HEADER_BYTES;
  const need = (n: number, what: string) => {
    if (at + n > size) fail(`truncated in ${what}: ${n} bytes needed at ${at}, the frame ends at ${size}`);
  };
  const getString = (what: string): string => {
    need(2, what);
    const len = dv.getUint16(at, true);
    need(2 + len, what);
    const s = utf8Decode(new Uint8Array(buf, base + at + 2, len));
    if (s === null) fail(`${what} is not UTF-8`);
    at += 2 + len;
    return s!;
  };
  const feedId = getString('feed id');
  const names: string[] = [];
  for (let f = 0; f < fieldCount; f++) names.push(getString(`field name ${f}`));
  at = pad8(at);
  need(fieldCount, 'field modes');
  const modes = new Uint8Array(buf, base + at, fieldCount).slice();
  for (let f = 0; f < fieldCount; f++) if (modes[f]! & ~(MODE_PRESENCE | MODE_NULLS)) fail(`field ${names[f]}: unknown mode ${modes[f]}`);
  at = pad8(at + fieldCount);
  const bm = bitmapBytes(rows);
  const section = (n: number, what: string): number => {
    need(n, what);
    const s = at;
    at = pad8(at + n);
    return s;
  };
  const sensorIndex = new Uint32Array(buf, base + section(4 * rows, 'sensor index'), rows);
  let ts: Float64Array;
  if (tsMode === TS_DELTA_I32) {
    const d = new Int32Array(buf, base + section(4 * rows, 'timestamps'), rows);
    ts = new Float64Array(rows);
    for (let r = 0; r < rows; r++) ts[r] = tsBase + d[r]!;
  } else ts = new Float64Array(buf, base + section(8 * rows, 'timestamps'), rows);
  let position: ReadingFrame['position'] = null;
  if (flags & FLAG_POSITIONS) {
    const present = new Uint8Array(buf, base + section(bm, 'position presence'), bm);
    const lng = new Float64Array(buf, base + section(8 * rows, 'longitudes'), rows);
    const lat = new Float64Array(buf, base + section(8 * rows, 'latitudes'), rows);
    position = { present, lng, lat };
  }
  const fields: FieldColumn[] = [];
  for (let f = 0; f < fieldCount; f++) {
    const present = modes[f]! & MODE_PRESENCE ? new Uint8Array(buf, base + section(bm, `field ${names[f]} presence`), bm) : null;
    const nulls = modes[f]! & MODE_NULLS ? new Uint8Array(buf, base + section(bm, `field ${names[f]} nulls`), bm) : null;
    const count = present ? popcount(present) : rows;
    const values = new Float64Array(buf, base + section(8 * count, `field ${names[f]} values`), count);
    fields.push({ name: names[f]!, values, present, nulls });
  }
  if (at !== size) fail(`${size - at} bytes after the last column`);
  // Checks across columns: bits past the last row, nulls only where present, indices within the stated dictionary.
  const tailMask = rows & 7 ? 0xff & ~((1 << (rows & 7)) - 1) : 0;
  const checkTail = (bits: Uint8Array, what: string) => {
    if (tailMask && bits[bm - 1]! & tailMask) fail(`${what}: bits set past the last row`);
  };
  if (position) checkTail(position.present, 'position presence');
  for (const c of fields) {
    if (c.present) checkTail(c.present, `field ${c.name} presence`);
    if (c.nulls) {
      checkTail(c.nulls, `field ${c.name} nulls`);
      if (c.present) for (let i = 0; i < bm; i++) if (c.nulls[i]! & ~c.present[i]!) fail(`field ${c.name}: a null where the field is absent`);
    }
  }
  let maxIndex = -1;
  for (let r = 0; r < rows; r++) if (sensorIndex[r]! > maxIndex) maxIndex = sensorIndex[r]!;
  if (maxIndex + 1 !== dictionarySize) fail(`the header says the sensor indices need ${dictionarySize} dictionary ids, they need ${maxIndex + 1}`);
  return { feedId, seq, feedTime, rows, sensorIndex, ts, fields, position, dictionarySize };
}

/** The readings of a frame again, as objects (the validator's input), in row order, with the dictionary's ids. */
export function frameReadings(frame: ReadingFrame, sensorIds: readonly string[]): ColumnsReading[] {
  const { fields, rows } = frame;
  const next = new Int32Array(fields.length); // each field's next value
  const out: ColumnsReading[] = new Array<ColumnsReading>(rows);
  const p = frame.position;
  for (let row = 0; row < rows; row++) {
    const values: Record<string, number | null> = {};
    for (let f = 0; f < fields.length; f++) {
      const c = fields[f]!;
      if (c.present && !bitIsSet(c.present, row)) continue;
      const raw = c.values[next[f]!++]!;
      const v = c.nulls && bitIsSet(c.nulls, row) ? null : raw;
      // A field named "__proto__" must become an own property, as JSON.parse makes it (the validator then counts it).
      if (c.name === '__proto__') Object.defineProperty(values, c.name, { value: v, enumerable: true, writable: true, configurable: true });
      else values[c.name] = v;
    }
    const r: ColumnsReading = { sensorId: sensorIds[frame.sensorIndex[row]!]!, ts: frame.ts[row]!, values };
    if (p && bitIsSet(p.present, row)) r.position = [p.lng[row]!, p.lat[row]!];
    out[row] = r;
  }
  return out;
}

function popcount(bits: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < bits.length; i++) {
    let b = bits[i]!;
    while (b) {
      b &= b - 1;
      n++;
    }
  }
  return n;
}

function asBytes(input: unknown): Uint8Array {
  if (input instanceof Uint8Array) return input; // a Node Buffer is one
  if (input instanceof ArrayBuffer) return new Uint8Array(input);
  if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  throw new ColumnsFrameError(`expected bytes, got ${input === null ? 'null' : typeof input}`);
}

const hex = (n: number) => `0x${n.toString(16).padStart(8, '0')}`;

if (new Uint8Array(new Uint32Array([1]).buffer)[0] !== 1) throw new Error('reading-columns: a big-endian platform is not supported');
