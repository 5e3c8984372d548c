/** Types for the packages the base-map command uses that ship none (the calls CityDesk makes). */
declare module 'vt-pbf' {
  /** Layers by name -> an uncompressed Mapbox Vector Tile (protobuf). */
  export function fromGeojsonVt(layers: Record<string, { features: readonly unknown[] }>, options?: { version?: number; extent?: number }): Uint8Array;
}

declare module 'topojson-client' {
  import type { Feature, FeatureCollection, GeometryObject, MultiLineString } from 'geojson';
  export function feature(topology: unknown, object: unknown): FeatureCollection | Feature;
  export function mesh(topology: unknown, object?: unknown, filter?: (a: GeometryObject, b: GeometryObject) => boolean): MultiLineString;
}
