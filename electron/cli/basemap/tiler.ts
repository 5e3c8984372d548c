/**
 * Cuts named GeoJSON layers into gzip-compressed Mapbox Vector Tiles (geojson-vt to slice and simplify, vt-pbf to
 * encode), zoom by zoom over the tiles that cover the bounding box. Each feature carries the zoom from which it is
 * drawn (profile.ts); a tile holds only the layers that have features in it, and a tile with none is not written.
 */
import type { Feature, FeatureCollection } from 'geojson';
import GeoJSONVT, { type LegacyFeature } from 'geojson-vt';
import { fromGeojsonVt } from 'vt-pbf';
import { gzipSync } from 'node:zlib';
import type { ArchiveTile } from './pmtiles-writer';
import { ruleFor } from './profile';

import type { Bbox } from '../../shared/geojson-bbox';

export type { Bbox };

export interface NamedLayer {
  name: string;
  data: FeatureCollection;
}

export interface TileOptions {
  minZoom: number;
  maxZoom: number;
  bbox: Bbox;
}

export interface LayerStats {
  name: string;
  features: number;
  /** Features the profile dropped (e.g. coastline lines, drawn by the sea polygon). */
  dropped: number;
}

/** The property that holds a feature's first zoom while tiling; removed before encoding. */
const MIN_ZOOM_KEY = '__citydesk_minzoom';
const EXTENT = 4096;

/** Applies the layer's rule: keeps the listed properties and records the feature's first zoom. */
export function prepareLayer(layer: NamedLayer): { data: FeatureCollection; stats: LayerStats } {
  const rule = ruleFor(layer.name);
  const features: Feature[] = [];
  let dropped = 0;
  for (const f of layer.data.features) {
    if (!f.geometry) {
      dropped++;
      continue;
    }
    const props = (f.properties ?? {}) as Record<string, unknown>;
    const minZoom = rule ? rule.minZoom(props, f.geometry.type) : 0;
    if (minZoom === null) {
      dropped++;
      continue;
    }
    const kept: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(props)) if ((!rule || rule.keep.includes(k)) && v !== null && v !== undefined && typeof v !== 'object') kept[k] = v;
    kept[MIN_ZOOM_KEY] = minZoom;
    features.push({ type: 'Feature', geometry: f.geometry, properties: kept });
  }
  return { data: { type: 'FeatureCollection', features }, stats: { name: layer.name, features: features.length, dropped } };
}

/** Tile x/y ranges covering the bbox at zoom z (Web Mercator, latitudes clamped to its limits). */
export function tileRange(bbox: Bbox, z: number): { x0: number; x1: number; y0: number; y1: number } {
  const n = 2 ** z;
  const clampLat = (lat: number) => Math.max(-85.0511, Math.min(85.0511, lat));
  const x = (lon: number) => Math.min(n - 1, Math.max(0, Math.floor(((lon + 180) / 360) * n)));
  const y = (lat: number) => {
    const r = (clampLat(lat) * Math.PI) / 180;
    return Math.min(n - 1, Math.max(0, Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n)));
  };
  return { x0: x(bbox[0]), x1: x(bbox[2]), y0: y(bbox[3]), y1: y(bbox[1]) };
}

const visibleAt = (z: number) => (f: LegacyFeature): boolean => Number(f.tags?.[MIN_ZOOM_KEY] ?? 0) <= z;
const withoutMinZoom = (z: number, keepFrom: Readonly<Record<string, number>> = {}) => (f: LegacyFeature): LegacyFeature => {
  const tags = { ...(f.tags ?? {}) };
  delete tags[MIN_ZOOM_KEY];
  for (const [k, from] of Object.entries(keepFrom)) if (z < from) delete tags[k];
  return { ...f, tags } as LegacyFeature;
};

/** Every non-empty tile of the layers, gzip-compressed MVT; `onZoom` reports progress. */
export function* cutTiles(layers: readonly NamedLayer[], opts: TileOptions, onZoom?: (z: number, tiles: number) => void): Generator<ArchiveTile> {
  const indexes = layers.map((l) => ({ name: l.name, index: new GeoJSONVT(l.data, { maxZoom: opts.maxZoom, indexMaxZoom: Math.min(5, opts.maxZoom), extent: EXTENT, buffer: 64, tolerance: 3 }) }));
  for (let z = opts.minZoom; z <= opts.maxZoom; z++) {
    const r = tileRange(opts.bbox, z);
    let count = 0;
    for (let x = r.x0; x <= r.x1; x++) {
      for (let y = r.y0; y <= r.y1; y++) {
        const tileLayers: Record<string, { features: LegacyFeature[] }> = {};
        for (const { name, index } of indexes) {
          const tile = index.getTile(z, x, y);
          const features = tile?.features.filter(visibleAt(z)).map(withoutMinZoom(z, ruleFor(name)?.keepFrom)) ?? [];
          if (features.length > 0) tileLayers[name] = { features };
        }
        if (Object.keys(tileLayers).length === 0) continue;
        const mvt = fromGeojsonVt(tileLayers, { version: 2, extent: EXTENT });
        count++;
        yield { z, x, y, data: new Uint8Array(gzipSync(mvt, { level: 9 })) };
      }
    }
    onZoom?.(z, count);
  }
}
