/**
 * The sensor-type registry's document shapes. A sensor type is data (a validated JSON document, see README.md beside
 * this file), never code: everything that differs between traffic segments, car parks, air-quality stations, bins...
 * (metrics, units, valid ranges, derived metrics, quality checks, provenance, map style) is described here, and the
 * engine, the map layers, the panels, the rule editor and the export all derive from it.
 *
 * Pure: no Node, no DOM (electron/shared/ is lint-enforced).
 */

/** How a sensor of this type is placed on the map. */
export type TypeGeometry = 'point' | 'line' | 'moving-point' | 'area';
export const TYPE_GEOMETRIES = ['point', 'line', 'moving-point', 'area'] as const satisfies readonly TypeGeometry[];

/** Where the numbers come from: shown to the operator beside every value. */
export type Provenance = 'measured' | 'modelled' | 'simulated';
export const PROVENANCES = ['measured', 'modelled', 'simulated'] as const satisfies readonly Provenance[];

/** An RGB colour, 0..255 each. */
export type Rgb = [number, number, number];

export interface MetricDef {
  /** Identifier used in readings, rules and exports: letters, digits, '_' ; starts with a letter. */
  id: string;
  label: string;
  /** Unit symbol from the unit table (units.ts), e.g. 'µg/m³', 'km/h', '%', '' for a pure count or index. */
  unit: string;
  /** Physically valid range; a value outside it is kept and flagged 'out-of-range', never dropped. */
  min?: number;
  max?: number;
  /** Decimals shown. */
  precision: number;
  /** true: a higher value is worse (pollution, fill level); false: lower is worse (speed); null: neither. */
  higherIsWorse: boolean | null;
}

export interface DerivedMetricDef extends MetricDef {
  /**
   * A formula in the registry's expression language (expression.ts): numbers, metric ids, `attr.NAME` for a sensor's
   * numeric attribute, + - * / ( ), min(), max(), abs(), round(). Missing inputs give a missing result, never 0.
   */
  formula: string;
}

export interface QualityCheckDef {
  /** Flag id, e.g. 'over-capacity', 'sensor-maximum'. */
  id: string;
  /** What the flag means, in an operator's words. */
  label: string;
  /** A boolean expression (comparisons, and, or, not) over metrics, derived metrics and `attr.NAME`. */
  when: string;
}

/** One colour class of a headline metric: values up to and including `upTo` (null: no upper bound). Ordered. */
export interface ColourBand {
  upTo: number | null;
  label: string;
  /** The band's colour in the classic palette (the calm 'hmi' palette derives its colour from `severity`). */
  colour: Rgb;
  /**
   * How abnormal the band is: 0 normal (grey in the calm palette), 1..4 rising. Absent: graded from the headline's
   * `higherIsWorse` (electron/shared/palette/bands.ts).
   */
  severity?: number;
}

export interface MapStyleDef {
  /** The metric (raw or derived) that colours the symbol. */
  headline: string;
  bands: ColourBand[];
  /** Symbol size: a fixed pixel radius / line width, or scaled by a metric between min and max pixels. */
  size: { pixels: number } | { metric: string; minPixels: number; maxPixels: number; domain: [number, number] };
  /** Icon name from the renderer's icon set (the shape cue beside colour), e.g. 'circle', 'square', 'triangle'. */
  shape?: 'circle' | 'square' | 'diamond' | 'triangle';
}

export interface SensorType {
  /** e.g. 'traffic', 'car-park', 'parking-bay', 'air-quality'. Lower-case letters, digits, '-'. */
  id: string;
  /** Schema version of this document shape. */
  schema: 1;
  label: string;
  /** Plural for lists and legends: 'Car parks'. */
  pluralLabel: string;
  description?: string;
  geometry: TypeGeometry;
  provenance: Provenance;
  /** Shown with provenance, e.g. 'Sensor.Community low-cost citizen sensors (uncalibrated)'. */
  provenanceNote?: string;
  /** Default expected reporting interval in seconds (a sensor may override it in the catalogue). */
  expectedIntervalS: number;
  metrics: MetricDef[];
  derived: DerivedMetricDef[];
  checks: QualityCheckDef[];
  style: MapStyleDef;
  /** Starter rules for this type (rule documents, schema as in electron/engine/rules/RULES.md). */
  starterRules?: unknown[];
}
