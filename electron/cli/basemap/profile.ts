/**
 * The CityDesk base-map schema: the layer names our archives carry and, per layer, which properties are kept and from
 * which zoom a feature is drawn (so that footways and buildings do not weigh on the low zooms). The renderer's style
 * for these archives (renderer/map/basemap/city-style.ts) reads the same names. A layer not listed here is kept as it
 * is: every property, every zoom.
 *
 * Input properties follow OpenStreetMap / OpenMapTiles: roads carry `class` (OpenMapTiles) and/or `highway` (OSM).
 */
export const SCHEMA = { name: 'citydesk-basemap', version: 1 } as const;

type Props = Record<string, unknown>;

export interface LayerRule {
  /** Properties kept in the tiles (the rest is dropped: the style does not use it). */
  keep: readonly string[];
  /** Kept properties that are left out of the tiles below a zoom (a street's name: only where streets are labelled). */
  keepFrom?: Readonly<Record<string, number>>;
  /** The first zoom at which the feature is in the tiles; null drops it altogether. */
  minZoom(props: Props, geometryType: string): number | null;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

const PATH_LIKE = new Set(['path', 'footway', 'steps', 'cycleway', 'bridleway', 'pedestrian', 'corridor', 'track', 'via_ferrata']);
const MINOR = new Set(['minor', 'residential', 'unclassified', 'living_street', 'road', 'minor_construction']);

/** Zoom from which a road of this class is drawn. */
export function roadMinZoom(props: Props): number {
  const cls = str(props.class) || str(props.highway);
  const highway = str(props.highway);
  if (PATH_LIKE.has(cls) || PATH_LIKE.has(highway)) return 13;
  if (cls === 'service' || highway === 'service' || cls.endsWith('_construction') || highway === 'construction') return 12;
  if (MINOR.has(cls) || MINOR.has(highway)) return 10;
  if (cls.startsWith('tertiary') || highway.startsWith('tertiary')) return 8;
  return 0;
}

export const LAYER_RULES: Readonly<Record<string, LayerRule>> = {
  // Street names are labelled from zoom 14 (renderer/map/labels): in the tiles from 13, so that z13 tiles overzoomed
  // at 13.x-14 carry them too.
  roads: { keep: ['class', 'highway', 'brunnel', 'name'], keepFrom: { name: 13 }, minZoom: roadMinZoom },
  water: {
    keep: ['kind', 'class'],
    minZoom: (p, type) => {
      if (!type.endsWith('LineString')) return 0;
      if (str(p.kind) === 'coastline') return null; // the sea polygon's edge: drawn by the polygon itself
      return str(p.class) === 'river' || str(p.class) === 'canal' ? 8 : 12;
    },
  },
  buildings: { keep: [], minZoom: () => 13 },
  landuse: { keep: ['kind', 'class'], minZoom: (p) => (['pitch', 'playground', 'garden'].includes(str(p.class)) ? 12 : 6) },
  places: { keep: ['class', 'name'], minZoom: (p) => (['city', 'town'].includes(str(p.class)) ? 0 : 10) },
  railways: { keep: ['railway'], minZoom: (p) => (str(p.railway) === 'rail' ? 0 : 12) },
  boundaries: { keep: ['admin_level'], minZoom: () => 0 },
  aeroway: { keep: ['aeroway'], minZoom: () => 10 },
  // The land of the map's area, written by the command when the input draws its own sea (make.ts).
  earth: { keep: [], minZoom: () => 0 },
  // The world map's layers (electron/cli/basemap/world.ts).
  land: { keep: [], minZoom: () => 0 },
  borders: { keep: ['kind'], minZoom: () => 0 },
};

/** The rule for a layer: ours, or "keep everything" for a layer we do not know. */
export function ruleFor(layer: string): LayerRule | null {
  return Object.hasOwn(LAYER_RULES, layer) ? LAYER_RULES[layer]! : null;
}
