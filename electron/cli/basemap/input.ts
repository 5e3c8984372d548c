/**
 * The base-map command's input: one GeoJSON file (a layer named after the file) or a folder of them
 * (`<layer>.geojson`, `<layer>.json`, or gzip-compressed `<layer>.geojson.gz`), each a FeatureCollection in WGS84.
 * Every problem is an InputError that names the file and what is wrong with it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { FeatureCollection } from 'geojson';
import { LAYER_FILE } from '../../shared/basemap-manifest';
import { collectionsBbox } from '../../shared/geojson-bbox';
import type { Bbox, NamedLayer } from './tiler';

export class InputError extends Error {}


/** Reads the layers of a file or folder; `only` keeps the named layers (and fails on a name not found). */
export function readLayers(from: string, only?: readonly string[]): NamedLayer[] {
  let st;
  try {
    st = statSync(from);
  } catch {
    throw new InputError(`--from: ${from}: no such file or folder`);
  }
  let files: string[];
  if (st.isDirectory()) {
    files = readdirSync(from)
      .filter((f) => LAYER_FILE.test(f))
      .sort()
      .map((f) => join(from, f));
    if (files.length === 0) throw new InputError(`--from: ${from}: no GeoJSON layers in this folder (expected files like roads.geojson or roads.geojson.gz)`);
  } else files = [from];
  const layers = files.map(readLayer);
  const names = new Set<string>();
  for (const l of layers) {
    if (names.has(l.name)) throw new InputError(`--from: two files make the layer "${l.name}"`);
    names.add(l.name);
  }
  if (!only) return layers;
  const missing = only.filter((n) => !names.has(n));
  if (missing.length) throw new InputError(`--layers: ${missing.join(', ')} not found in ${from} (there: ${[...names].join(', ')})`);
  return layers.filter((l) => only.includes(l.name));
}

export function readLayer(file: string): NamedLayer {
  const m = LAYER_FILE.exec(basename(file));
  if (!m) throw new InputError(`${file}: not a GeoJSON file name (expected <layer>.geojson, <layer>.json or <layer>.geojson.gz; the layer is named after the file)`);
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new InputError(`${file}: cannot be read (${(e as Error).message})`);
  }
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes);
    } catch (e) {
      throw new InputError(`${file}: damaged gzip (${(e as Error).message})`);
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch (e) {
    throw new InputError(`${file}: not JSON (${(e as Error).message})`);
  }
  return { name: m[1]!, data: checkFeatureCollection(file, parsed) };
}

const GEOMETRY_TYPES = new Set(['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon', 'GeometryCollection']);

/** A FeatureCollection whose features are Features with a known geometry type (or none) and lon/lat coordinates. */
export function checkFeatureCollection(file: string, v: unknown): FeatureCollection {
  const o = v as { type?: unknown; features?: unknown };
  if (typeof v !== 'object' || v === null || o.type !== 'FeatureCollection' || !Array.isArray(o.features)) {
    throw new InputError(`${file}: not a GeoJSON FeatureCollection (type ${JSON.stringify(o?.type ?? null)})`);
  }
  o.features.forEach((f: unknown, i: number) => {
    const feat = f as { type?: unknown; geometry?: { type?: unknown } | null };
    if (typeof f !== 'object' || f === null || feat.type !== 'Feature') throw new InputError(`${file}: features[${i}]: not a Feature`);
    if (feat.geometry !== null && (typeof feat.geometry !== 'object' || !GEOMETRY_TYPES.has(String(feat.geometry?.type)))) {
      throw new InputError(`${file}: features[${i}].geometry: not a GeoJSON geometry`);
    }
  });
  const b = collectionsBbox([o as FeatureCollection]);
  if (b && (b[0] < -180 || b[2] > 180 || b[1] < -90 || b[3] > 90)) {
    throw new InputError(`${file}: coordinates outside longitude -180..180 / latitude -90..90 (bbox ${b.join(',')}): GeoJSON must be WGS84 lon/lat`);
  }
  return o as FeatureCollection;
}

/** The union of the layers' bboxes. */
export function layersBbox(layers: readonly NamedLayer[]): Bbox | null {
  return collectionsBbox(layers.map((l) => l.data));
}

/** `--bbox w,s,e,n`: four numbers, inside the world, west < east and south < north. */
export function parseBbox(text: string): Bbox {
  const parts = text.split(',').map((s) => s.trim());
  const nums = parts.map(Number);
  if (parts.length !== 4 || parts.some((p) => p === '') || nums.some((n) => !Number.isFinite(n))) {
    throw new InputError(`--bbox must be four numbers west,south,east,north (e.g. -2.35,56.95,-1.80,57.52), got ${JSON.stringify(text)}`);
  }
  const [w, s, e, n] = nums as Bbox;
  if (w < -180 || e > 180 || s < -85.0511 || n > 85.0511) throw new InputError(`--bbox ${text} is outside the world (longitude -180..180, latitude -85.0511..85.0511, the Web Mercator limits)`);
  if (!(w < e) || !(s < n)) throw new InputError(`--bbox ${text}: west must be less than east and south less than north`);
  return [w, s, e, n];
}
