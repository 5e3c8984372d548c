/**
 * What the legend says about a sensor type, from the registry (pure): its label, where its numbers come from, the
 * headline metric with its unit, the colour bands with their ranges, what sizes the symbols, and the shape cue. The
 * states every type shares (stale, never heard from, cannot be judged, flagged) are listed once, in LEGEND_STATES.
 */
import { STALE_GRACE_FACTOR } from '../../electron/shared/model';
import type { SensorTypeRegistry } from '../../electron/shared/sensor-types/registry';
import type { ColourBand, Rgb, SensorType, TypeGeometry } from '../../electron/shared/sensor-types/types';
import { unitLabel } from '../../electron/shared/sensor-types/units';
import { metricHeading } from '../panels/describe';
import { provenanceOf, type ProvenanceText } from '../panels/provenance';
import { FLAG_HALO_COLOR, FLAG_RING_COLOR, FLAGGED_COLOR, NEVER_COLOR, STALE_COLOR, UNKNOWN_COLOR, type RGBA } from './colors';
import type { Shape } from './layers/shapes';

export interface LegendBand {
  label: string;
  colour: Rgb;
  /** The values it covers, e.g. "≤ 70 %", "70–85 %", "> 100 %". */
  range: string;
}

export interface TypeLegend {
  typeId: string;
  /** Plural, as in a list of layers: "Car parks". */
  label: string;
  geometry: TypeGeometry;
  shape: Shape;
  provenance: ProvenanceText;
  /** The headline metric with its unit, e.g. "Occupancy (%)"; null when the type has none the registry knows. */
  headline: string | null;
  bands: LegendBand[];
  /** What sizes the symbols, e.g. "Size: Total spaces (7–30 px)"; null for a fixed size. */
  size: string | null;
}

function num(v: number): string {
  return String(Math.round(v * 1000) / 1000);
}

export function bandRanges(bands: readonly ColourBand[], unit: string): LegendBand[] {
  const u = unit ? ` ${unitLabel(unit)}` : '';
  return bands.map((b, i) => {
    const prev = i > 0 ? bands[i - 1]!.upTo : null;
    let range: string;
    if (b.upTo === null) range = prev === null ? 'any value' : `> ${num(prev)}${u}`;
    else if (prev === null) range = `≤ ${num(b.upTo)}${u}`;
    else range = `${num(prev)}–${num(b.upTo)}${u}`;
    return { label: b.label, colour: b.colour, range };
  });
}

export function typeLegend(type: SensorType, registry: SensorTypeRegistry): TypeLegend {
  const headlineDef = registry.metric(type.id, type.style.headline);
  const size = type.style.size;
  let sizeText: string | null = null;
  if (!('pixels' in size)) {
    const def = registry.metric(type.id, size.metric);
    const what = def ? def.label : size.metric;
    sizeText = `${type.geometry === 'line' ? 'Width' : 'Size'}: ${what} (${num(size.domain[0])}–${num(size.domain[1])} → ${num(size.minPixels)}–${num(size.maxPixels)} px)`;
  }
  return {
    typeId: type.id,
    label: type.pluralLabel,
    geometry: type.geometry,
    shape: type.style.shape ?? 'circle',
    provenance: provenanceOf(type),
    headline: headlineDef ? metricHeading(headlineDef) : null,
    bands: bandRanges(type.style.bands, headlineDef?.unit ?? ''),
    size: sizeText,
  };
}

/** The states every type shares, drawn the same way for all. */
export const LEGEND_STATES: readonly { key: string; label: string; colour: RGBA; ring?: RGBA }[] = [
  { key: 'stale', label: `stale (silent longer than ${STALE_GRACE_FACTOR} × its interval)`, colour: STALE_COLOR },
  { key: 'never', label: 'no reading yet', colour: NEVER_COLOR },
  { key: 'cannot-judge', label: 'cannot be judged (a value it needs is empty, impossible or flagged)', colour: FLAGGED_COLOR },
  { key: 'unknown', label: 'not computable (e.g. a normal speed or capacity is unknown)', colour: UNKNOWN_COLOR },
  { key: 'flagged', label: 'quality flag: ring (points, areas) or light halo (lines)', colour: FLAG_HALO_COLOR, ring: FLAG_RING_COLOR },
];
