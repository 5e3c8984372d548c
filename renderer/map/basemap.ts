/**
 * Loads the base-map GeoJSON from ./assets/basemap/<name>.geojson.gz (relative to the page). The hosts serve the raw
 * gzip bytes; we inflate them with DecompressionStream. If a host (or a proxy) already decoded them, the bytes are
 * plain JSON and are parsed as such.
 */
import type { FeatureCollection } from 'geojson';
import type { BasemapSource } from './style';

export function basemapUrl(name: BasemapSource, base: string | URL = document.baseURI): string {
  return new URL(`./assets/basemap/${name}.geojson.gz`, base).href;
}

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

export async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

export async function decodeGeoJson(bytes: Uint8Array): Promise<FeatureCollection> {
  const raw = isGzip(bytes) ? await gunzip(bytes) : bytes;
  const parsed: unknown = JSON.parse(new TextDecoder().decode(raw));
  if (typeof parsed !== 'object' || parsed === null || (parsed as { type?: unknown }).type !== 'FeatureCollection' || !Array.isArray((parsed as { features?: unknown }).features)) {
    throw new Error('not a GeoJSON FeatureCollection');
  }
  return parsed as FeatureCollection;
}

export async function fetchBasemap(name: BasemapSource, signal?: AbortSignal): Promise<FeatureCollection> {
  const url = basemapUrl(name);
  const res = await fetch(url, { signal });
  if (!res.ok) throw new Error(`${name}: HTTP ${res.status} for ${url}`);
  try {
    return await decodeGeoJson(new Uint8Array(await res.arrayBuffer()));
  } catch (err) {
    throw new Error(`${name}: ${err instanceof Error ? err.message : String(err)}`);
  }
}
