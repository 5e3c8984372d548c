/**
 * What the legend says about a sensor type, from the registry (pure): its label, where its numbers come from, the
 * headline metric with its unit, the colour bands with their ranges, their colour in each palette and their second cue
 * (how abnormal, and so how wide or large the symbol is), what sizes the symbols, and the shape cue. The states every
 * type shares (stale, never heard from, cannot be judged, not computable, flagged) are listed once, in LEGEND_STATES.
 */
import { STALE_GRACE_FACTOR } from '../../electron/shared/model';
import { gradeOf } from '../../electron/shared/palette/bands';
import { PALETTE_IDS, PALETTES, type PaletteId, type RGBA, type SharedColours } from '../../electron/shared/palette/palettes';
import { stateClass, type StateClass, type StateKey } from '../../electron/shared/palette/state';
import { POINT_STEP_PX, symbolSize } from '../../electron/shared/sensor-style';
import type { SensorTypeRegistry } from '../../electron/shared/sensor-types/registry';
import type { ColourBand, Rgb, SensorType, TypeGeometry } from '../../electron/shared/sensor-types/types';
import { unitLabel } from '../../electron/shared/sensor-types/units';
import { metricHeading } from '../panels/describe';
import { provenanceOf, type ProvenanceText } from '../panels/provenance';
import { bandRgb } from './colors';
import type { Shape } from './layers/shapes';

/** How a legend row's symbol is drawn: the second cue beside its colour. */
export interface LegendSymbol {
  /** Lines: the line's width on the map (px). Points: a radius that grows with the state as on the map (px). */
  sizePx: number;
  /** Outline width of a filled point symbol (px). */
  outlinePx: number;
  /** Drawn as an outline only (lines: two rails). */
  hollow: boolean;
  /** In words: "normal", "abnormal, level 2 of 4: wider", "hollow". */
  cue: string;
}

export interface LegendBand {
  label: string;
  /** The band's colour in each palette. */
  colours: Record<PaletteId, Rgb>;
  /** The values it covers, e.g. "≤ 70 %", "70–85 %", "> 100 %". */
  range: string;
  state: StateClass;
  symbol: LegendSymbol;
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
  /** What sizes the symbols, e.g. "Width: wider is worse; vehicles counted add up to 1.5 px"; null for a fixed size. */
  size: string | null;
}

function num(v: number): string {
  return String(Math.round(v * 1000) / 1000);
}

/** The legend's base radius for points (px), before the per-severity step the map adds. */
export const LEGEND_POINT_PX = 4.5;

function cueWords(state: StateClass, geometry: TypeGeometry): string {
  const bigger = geometry === 'line' ? 'wider' : 'larger';
  if (state.key === 'normal') return 'normal';
  if (state.key === 'abnormal') return `abnormal ${state.severity}/4, ${bigger}`;
  return state.cue === 'hollow' ? 'hollow' : state.key;
}

/** The symbol of a state of a type, as the map draws it (lines at their width, points at a legend radius). */
export function legendSymbol(type: SensorType, state: StateClass): LegendSymbol {
  const line = type.geometry === 'line';
  return {
    sizePx: line ? symbolSize(type, { attributes: {} }, {}, state) : LEGEND_POINT_PX + POINT_STEP_PX * state.severity,
    outlinePx: 1 + 0.5 * state.severity,
    hollow: state.cue === 'hollow',
    cue: cueWords(state, type.geometry),
  };
}

function bandState(type: SensorType, band: ColourBand): StateClass {
  const g = gradeOf(type, band);
  return g.severity === 0 ? stateClass('normal') : stateClass('abnormal', g.severity);
}

export function bandRanges(type: SensorType, bands: readonly ColourBand[], unit: string): LegendBand[] {
  const u = unit ? ` ${unitLabel(unit)}` : '';
  return bands.map((b, i) => {
    const prev = i > 0 ? bands[i - 1]!.upTo : null;
    let range: string;
    if (b.upTo === null) range = prev === null ? 'any value' : `> ${num(prev)}${u}`;
    else if (prev === null) range = `≤ ${num(b.upTo)}${u}`;
    else range = `${num(prev)}–${num(b.upTo)}${u}`;
    const state = bandState(type, b);
    const colours = Object.fromEntries(PALETTE_IDS.map((p) => [p, bandRgb(p, type, b)])) as Record<PaletteId, Rgb>;
    return { label: b.label, colours, range, state, symbol: legendSymbol(type, state) };
  });
}

export function typeLegend(type: SensorType, registry: SensorTypeRegistry): TypeLegend {
  const headlineDef = registry.metric(type.id, type.style.headline);
  const size = type.style.size;
  const line = type.geometry === 'line';
  let sizeText: string | null = line ? 'Width: wider is worse' : `Size: larger is worse (+${num(POINT_STEP_PX)} px a level)`;
  if (!('pixels' in size)) {
    const def = registry.metric(type.id, size.metric);
    const what = def ? def.label : size.metric;
    sizeText = line
      ? `Width: wider is worse; within a state, ${what} (${num(size.domain[0])}–${num(size.domain[1])}) adds up to 1.5 px`
      : `Size: ${what} (${num(size.domain[0])}–${num(size.domain[1])} → ${num(size.minPixels)}–${num(size.maxPixels)} px), +${num(POINT_STEP_PX)} px a level worse`;
  }
  return {
    typeId: type.id,
    label: type.pluralLabel,
    geometry: type.geometry,
    shape: type.style.shape ?? 'circle',
    provenance: provenanceOf(type),
    headline: headlineDef ? metricHeading(headlineDef) : null,
    bands: bandRanges(type, type.style.bands, headlineDef?.unit ?? ''),
    size: sizeText,
  };
}

export interface LegendState {
  key: StateKey | 'flagged';
  label: string;
  /** The cue beside colour, in words. */
  cue: string;
  hollow: boolean;
  /** Drawn with a ring (points, areas) or halo (lines). */
  ring: boolean;
  colour: (shared: SharedColours) => RGBA;
}

/** The states every type shares, drawn the same way for all (colours from the palette's shared colours). */
export const LEGEND_STATES: readonly LegendState[] = [
  { key: 'stale', label: `stale (silent longer than ${STALE_GRACE_FACTOR} × its interval)`, cue: 'hollow', hollow: true, ring: false, colour: (s) => s.stale },
  { key: 'never', label: 'no reading yet', cue: 'hollow, dark', hollow: true, ring: false, colour: (s) => s.never },
  { key: 'cannot-judge', label: 'cannot be judged (a value it needs is empty, impossible or flagged)', cue: 'solid violet', hollow: false, ring: false, colour: (s) => s.cannotJudge },
  { key: 'unknown', label: 'not computable (e.g. a normal speed or capacity is unknown)', cue: 'hollow, light', hollow: true, ring: false, colour: (s) => s.unknown },
  { key: 'flagged', label: 'quality flag: ring (points, areas) or light halo (lines)', cue: 'ring', hollow: false, ring: true, colour: (s) => s.flagRing },
];

/** A shared state's colour in a palette. */
export function legendStateColour(state: LegendState, palette: PaletteId): RGBA {
  return state.colour(PALETTES[palette].shared);
}
