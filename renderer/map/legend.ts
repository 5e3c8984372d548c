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
import { formatNumber } from '../panels/format';
import { t } from '../i18n/i18n';

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
  return formatNumber(Math.round(v * 1000) / 1000);
}

/** The legend's base radius for points (px), before the per-severity step the map adds. */
export const LEGEND_POINT_PX = 4.5;

function cueWords(state: StateClass, geometry: TypeGeometry): string {
  if (state.key === 'normal') return t('map.cueNormal');
  if (state.key === 'abnormal') return t(geometry === 'line' ? 'map.cueAbnormalWider' : 'map.cueAbnormalLarger', { n: state.severity });
  return state.cue === 'hollow' ? t('map.cueHollow') : state.key;
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
    if (b.upTo === null) range = prev === null ? t('map.anyValue') : `> ${num(prev)}${u}`;
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
  let sizeText: string | null = line ? t('map.sizeWidth') : t('map.sizeLarger', { step: num(POINT_STEP_PX) });
  if (!('pixels' in size)) {
    const def = registry.metric(type.id, size.metric);
    const what = def ? def.label : size.metric;
    sizeText = line
      ? t('map.sizeWidthMetric', { what, from: num(size.domain[0]), to: num(size.domain[1]) })
      : t('map.sizeMetric', { what, from: num(size.domain[0]), to: num(size.domain[1]), min: num(size.minPixels), max: num(size.maxPixels), step: num(POINT_STEP_PX) });
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

/** A shared state, its words read in the current language each time (label, cue). */
function sharedState(key: LegendState['key'], words: () => { label: string; cue: string }, rest: Omit<LegendState, 'key' | 'label' | 'cue'>): LegendState {
  return {
    key,
    get label() {
      return words().label;
    },
    get cue() {
      return words().cue;
    },
    ...rest,
  };
}

/** The states every type shares, drawn the same way for all (colours from the palette's shared colours). */
export const LEGEND_STATES: readonly LegendState[] = [
  sharedState('stale', () => ({ label: t('map.stateStale', { n: STALE_GRACE_FACTOR }), cue: t('map.cueStale') }), { hollow: true, ring: false, colour: (s) => s.stale }),
  sharedState('never', () => ({ label: t('map.stateNever'), cue: t('map.cueNever') }), { hollow: true, ring: false, colour: (s) => s.never }),
  sharedState('cannot-judge', () => ({ label: t('map.stateCannotJudge'), cue: t('map.cueCannotJudge') }), { hollow: false, ring: false, colour: (s) => s.cannotJudge }),
  sharedState('unknown', () => ({ label: t('map.stateUnknown'), cue: t('map.cueUnknown') }), { hollow: true, ring: false, colour: (s) => s.unknown }),
  sharedState('flagged', () => ({ label: t('map.stateFlagged'), cue: t('map.cueFlagged') }), { hollow: false, ring: true, colour: (s) => s.flagRing }),
];

/** A shared state's colour in a palette. */
export function legendStateColour(state: LegendState, palette: PaletteId): RGBA {
  return state.colour(PALETTES[palette].shared);
}
