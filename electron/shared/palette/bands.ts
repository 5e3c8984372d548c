/**
 * How abnormal each colour band of a sensor type is (pure), and the band's colour in a palette. A band's `severity`
 * (0 normal .. 4 extreme) comes from the type document; a band without one is graded from its headline metric's
 * direction: the first band normal and each further band one step worse when higher is worse, the reverse when lower
 * is worse, all normal when the metric is neither (a temperature is not an alarm). Abnormal bands below the normal
 * ones and above them are on different sides: the side the type calls worse takes the warm scale, the other the cool.
 */
import type { ColourBand, Rgb, SensorType } from '../sensor-types/types';
import { paletteOf, type PaletteId } from './palettes';

export const MAX_SEVERITY = 4;

export interface BandGrade {
  /** 0: normal; 1..4: abnormal, rising. */
  severity: number;
  /** 'normal' bands; 'worse': on the side the type calls worse (or between normal bands); 'other': the opposite side. */
  side: 'normal' | 'worse' | 'other';
  /** For a normal band: its position among the type's normal bands (0 = lowest value) and their count. */
  normalIndex: number;
  normalCount: number;
}

function higherIsWorse(type: SensorType): boolean | null {
  const id = type.style.headline;
  const def = type.metrics.find((m) => m.id === id) ?? type.derived.find((m) => m.id === id);
  return def ? def.higherIsWorse : null;
}

function computeGrades(type: SensorType): BandGrade[] {
  const bands = type.style.bands;
  const direction = higherIsWorse(type);
  const n = bands.length;
  const severities = bands.map((b, i) => {
    if (b.severity !== undefined) return b.severity;
    if (direction === null) return 0;
    return Math.min(MAX_SEVERITY, direction ? i : n - 1 - i);
  });
  const normals = severities.flatMap((s, i) => (s === 0 ? [i] : []));
  const first = normals.length > 0 ? normals[0]! : -1;
  const last = normals.length > 0 ? normals[normals.length - 1]! : -1;
  const lowerIsWorse = direction === false;
  return severities.map((severity, i) => {
    if (severity === 0) return { severity, side: 'normal', normalIndex: normals.indexOf(i), normalCount: normals.length };
    let side: BandGrade['side'] = 'worse';
    if (normals.length > 0 && i < first) side = lowerIsWorse ? 'worse' : 'other';
    else if (normals.length > 0 && i > last) side = lowerIsWorse ? 'other' : 'worse';
    return { severity, side, normalIndex: -1, normalCount: normals.length };
  });
}

const grades = new WeakMap<SensorType, BandGrade[]>();

/** The grade of each of a type's bands, in band order (worked out once per type document). */
export function bandGrades(type: SensorType): readonly BandGrade[] {
  let g = grades.get(type);
  if (!g) {
    g = computeGrades(type);
    grades.set(type, g);
  }
  return g;
}

/** The grade of one band of the type (by identity, else by label and upper bound); normal when not found. */
export function gradeOf(type: SensorType, band: ColourBand): BandGrade {
  const bands = type.style.bands;
  let i = bands.indexOf(band);
  if (i < 0) i = bands.findIndex((b) => b.label === band.label && b.upTo === band.upTo);
  return bandGrades(type)[i] ?? { severity: 0, side: 'normal', normalIndex: 0, normalCount: 1 };
}

/** A normal band's grey: evenly spaced levels from the palette's lightest to its darkest. */
function grey(levels: { lightest: number; darkest: number }, index: number, count: number): Rgb {
  const t = count <= 1 ? 0.5 : index / (count - 1);
  const v = Math.round(levels.lightest + (levels.darkest - levels.lightest) * t);
  // A hint of blue keeps the greys from looking brown on the dark map; chroma stays well under 5.
  return [v, v + 2, v + 6];
}

/** The colour of one band of a type in a palette. */
export function bandRgb(paletteId: PaletteId | undefined, type: SensorType, band: ColourBand): Rgb {
  const palette = paletteOf(paletteId);
  const g = gradeOf(type, band);
  if (g.side === 'normal') return palette.normalGreys ? grey(palette.normalGreys, g.normalIndex, g.normalCount) : [...band.colour];
  const scale = g.side === 'worse' ? palette.worse : palette.other;
  return scale ? [...scale[Math.min(MAX_SEVERITY, g.severity) - 1]!] : [...band.colour];
}
