/**
 * A PMTiles v3 writer (https://github.com/protomaps/PMTiles/blob/main/spec/v3/spec.md): one file holding a fixed
 * 127-byte header, the root directory, the JSON metadata, the leaf directories and the tile data, in that order.
 *
 * Tiles are addressed by their Hilbert tile id (z, x, y -> one integer) and written clustered: sorted by tile id, each
 * tile's bytes after the previous one's. Identical tiles (open sea, empty land) are stored once: consecutive ids with
 * the same bytes become one entry with a run length, and a repeat further on points back at the first copy.
 *
 * A directory is a list of entries (tile id, offset, length, run length), serialised column by column as varints:
 * the count, the tile ids as deltas, the run lengths, the lengths, then the offsets (0 = "right after the previous
 * entry", else offset + 1); then compressed (gzip here). The root directory must fit with the header in the first
 * 16 KiB; when it does not, the entries go to leaf directories and the root holds one entry per leaf (run length 0,
 * offset and length of the leaf inside the leaf-directory section).
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { zxyToTileId } from 'pmtiles';

export const HEADER_BYTES = 127;
/** Header + root directory must fit in the first 16 KiB (the spec's limit, so that one read fetches both). */
export const ROOT_LIMIT_BYTES = 16_384 - HEADER_BYTES;

export const Compression = { unknown: 0, none: 1, gzip: 2, brotli: 3, zstd: 4 } as const;
export const TileType = { unknown: 0, mvt: 1, png: 2, jpeg: 3, webp: 4, avif: 5 } as const;

export interface DirEntry {
  tileId: number;
  offset: number;
  length: number;
  /** Consecutive tile ids sharing these bytes; 0 = a pointer to a leaf directory. */
  runLength: number;
}

export interface ArchiveTile {
  z: number;
  x: number;
  y: number;
  /** The tile's bytes as stored (already compressed with `tileCompression`). */
  data: Uint8Array;
}

export interface ArchiveOptions {
  tileType: number;
  tileCompression: number;
  minZoom: number;
  maxZoom: number;
  /** [west, south, east, north] in degrees. */
  bounds: [number, number, number, number];
  center: [number, number, number];
  metadata: Record<string, unknown>;
  /** For tests: a smaller root limit forces leaf directories. */
  rootLimitBytes?: number;
}

// -----------------------------------------------------------------------------------------------------------------
// Varints and directories

/** Unsigned LEB128 (protobuf varint) of a non-negative integer up to 2^53. */
export function writeVarint(out: number[], value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`varint: not a non-negative safe integer: ${value}`);
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
}

/** The directory's bytes before compression. */
export function serializeDirectory(entries: readonly DirEntry[]): Uint8Array {
  const out: number[] = [];
  writeVarint(out, entries.length);
  let last = 0;
  for (const e of entries) {
    writeVarint(out, e.tileId - last);
    last = e.tileId;
  }
  for (const e of entries) writeVarint(out, e.runLength);
  for (const e of entries) writeVarint(out, e.length);
  entries.forEach((e, i) => {
    const prev = i > 0 ? entries[i - 1]! : null;
    writeVarint(out, prev && e.offset === prev.offset + prev.length ? 0 : e.offset + 1);
  });
  return Uint8Array.from(out);
}

const gzip = (bytes: Uint8Array): Uint8Array => new Uint8Array(gzipSync(bytes, { level: 9 }));

export interface Directories {
  root: Uint8Array;
  leaves: Uint8Array;
  leafCount: number;
}

/** Root (and, when it would not fit, leaf) directories for entries sorted by tile id, gzip-compressed. */
export function buildDirectories(entries: readonly DirEntry[], rootLimit = ROOT_LIMIT_BYTES): Directories {
  const root = gzip(serializeDirectory(entries));
  if (root.length <= rootLimit) return { root, leaves: new Uint8Array(0), leafCount: 0 };
  // Leaves of `leafSize` entries; grow the leaves until the root of pointers fits.
  for (let leafSize = Math.max(1, Math.min(4096, Math.ceil(entries.length / 2))); ; leafSize = Math.ceil(leafSize * 1.2) + 1) {
    const pointers: DirEntry[] = [];
    const chunks: Uint8Array[] = [];
    let offset = 0;
    for (let i = 0; i < entries.length; i += leafSize) {
      const leaf = gzip(serializeDirectory(entries.slice(i, i + leafSize)));
      pointers.push({ tileId: entries[i]!.tileId, offset, length: leaf.length, runLength: 0 });
      chunks.push(leaf);
      offset += leaf.length;
    }
    const rootBytes = gzip(serializeDirectory(pointers));
    if (rootBytes.length <= rootLimit || pointers.length === 1) {
      if (rootBytes.length > rootLimit) throw new Error(`PMTiles: the root directory needs ${rootBytes.length} bytes, more than the ${rootLimit} allowed`);
      return { root: rootBytes, leaves: concat(chunks), leafCount: chunks.length };
    }
  }
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

// -----------------------------------------------------------------------------------------------------------------
// Header

export interface HeaderFields {
  rootOffset: number;
  rootLength: number;
  metadataOffset: number;
  metadataLength: number;
  leafOffset: number;
  leafLength: number;
  dataOffset: number;
  dataLength: number;
  addressedTiles: number;
  tileEntries: number;
  tileContents: number;
  clustered: boolean;
  internalCompression: number;
  tileCompression: number;
  tileType: number;
  minZoom: number;
  maxZoom: number;
  bounds: [number, number, number, number];
  center: [number, number, number];
}

const e7 = (deg: number): number => Math.round(deg * 1e7);

export function encodeHeader(h: HeaderFields): Uint8Array {
  const buf = new Uint8Array(HEADER_BYTES);
  const v = new DataView(buf.buffer);
  buf.set(new TextEncoder().encode('PMTiles'), 0);
  v.setUint8(7, 3);
  const u64 = (at: number, n: number): void => v.setBigUint64(at, BigInt(n), true);
  u64(8, h.rootOffset);
  u64(16, h.rootLength);
  u64(24, h.metadataOffset);
  u64(32, h.metadataLength);
  u64(40, h.leafOffset);
  u64(48, h.leafLength);
  u64(56, h.dataOffset);
  u64(64, h.dataLength);
  u64(72, h.addressedTiles);
  u64(80, h.tileEntries);
  u64(88, h.tileContents);
  v.setUint8(96, h.clustered ? 1 : 0);
  v.setUint8(97, h.internalCompression);
  v.setUint8(98, h.tileCompression);
  v.setUint8(99, h.tileType);
  v.setUint8(100, h.minZoom);
  v.setUint8(101, h.maxZoom);
  v.setInt32(102, e7(h.bounds[0]), true);
  v.setInt32(106, e7(h.bounds[1]), true);
  v.setInt32(110, e7(h.bounds[2]), true);
  v.setInt32(114, e7(h.bounds[3]), true);
  v.setUint8(118, h.center[2]);
  v.setInt32(119, e7(h.center[0]), true);
  v.setInt32(123, e7(h.center[1]), true);
  return buf;
}

// -----------------------------------------------------------------------------------------------------------------
// The archive

export interface ArchiveSummary {
  bytes: Uint8Array;
  addressedTiles: number;
  tileEntries: number;
  tileContents: number;
  leafDirectories: number;
}

/** Writes the whole archive in memory (a city's base map is megabytes, not gigabytes). */
export function writeArchive(tiles: Iterable<ArchiveTile>, opts: ArchiveOptions): ArchiveSummary {
  const byId = new Map<number, Uint8Array>();
  for (const t of tiles) {
    const id = zxyToTileId(t.z, t.x, t.y);
    if (byId.has(id)) throw new Error(`PMTiles: tile ${t.z}/${t.x}/${t.y} given twice`);
    byId.set(id, t.data);
  }
  const ids = [...byId.keys()].sort((a, b) => a - b);
  const entries: DirEntry[] = [];
  const chunks: Uint8Array[] = [];
  const firstCopy = new Map<string, { offset: number; length: number }>();
  let dataLength = 0;
  for (const id of ids) {
    const data = byId.get(id)!;
    const hash = createHash('sha256').update(data).digest('hex');
    const last = entries.at(-1);
    const seen = firstCopy.get(hash);
    if (last && seen && last.tileId + last.runLength === id && last.offset === seen.offset) {
      last.runLength++;
      continue;
    }
    if (seen) {
      entries.push({ tileId: id, offset: seen.offset, length: seen.length, runLength: 1 });
      continue;
    }
    firstCopy.set(hash, { offset: dataLength, length: data.length });
    entries.push({ tileId: id, offset: dataLength, length: data.length, runLength: 1 });
    chunks.push(data);
    dataLength += data.length;
  }
  const dirs = buildDirectories(entries, opts.rootLimitBytes ?? ROOT_LIMIT_BYTES);
  const metadata = gzip(new TextEncoder().encode(JSON.stringify(opts.metadata)));
  const rootOffset = HEADER_BYTES;
  const metadataOffset = rootOffset + dirs.root.length;
  const leafOffset = metadataOffset + metadata.length;
  const dataOffset = leafOffset + dirs.leaves.length;
  const header = encodeHeader({
    rootOffset,
    rootLength: dirs.root.length,
    metadataOffset,
    metadataLength: metadata.length,
    leafOffset,
    leafLength: dirs.leaves.length,
    dataOffset,
    dataLength,
    addressedTiles: ids.length,
    tileEntries: entries.length,
    tileContents: chunks.length,
    clustered: true,
    internalCompression: Compression.gzip,
    tileCompression: opts.tileCompression,
    tileType: opts.tileType,
    minZoom: opts.minZoom,
    maxZoom: opts.maxZoom,
    bounds: opts.bounds,
    center: opts.center,
  });
  return {
    bytes: concat([header, dirs.root, metadata, dirs.leaves, ...chunks]),
    addressedTiles: ids.length,
    tileEntries: entries.length,
    tileContents: chunks.length,
    leafDirectories: dirs.leafCount,
  };
}
