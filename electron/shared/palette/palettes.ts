/**
 * The map's palettes as data (pure). 'hmi' (the default, ISA-101 / high-performance HMI practice): neutral greys for
 * normal states, colour kept for abnormal states and alarm priority; abnormal scales vary in lightness as well as hue
 * so that they survive colour-vision deficiencies. 'classic': each band in its type document's own colour.
 *
 * Colour is never the only cue: every state also has a cue of its own (see state.ts: hollow symbols for stale, never
 * heard from and not computable; wider lines and larger symbols for worse states; a ring or halo when flagged).
 */
import type { Rgb } from '../sensor-types/types';

export type RGBA = [number, number, number, number];

export const PALETTE_IDS = ['hmi', 'classic'] as const;
export type PaletteId = (typeof PALETTE_IDS)[number];
export const DEFAULT_PALETTE: PaletteId = 'hmi';

/** The colours of the states every type shares, and the marks around symbols. */
export interface SharedColours {
  /** Silent for longer than 1.5 × the expected interval (drawn hollow). */
  stale: RGBA;
  /** Never heard from (drawn hollow). */
  never: RGBA;
  /** A live reading whose headline cannot be judged (a value it needs is empty, impossible or flagged). */
  cannotJudge: RGBA;
  /** The headline cannot be computed although the reading is fine (drawn hollow). */
  unknown: RGBA;
  /** Ring around a flagged point or area (e.g. a car park over capacity). */
  flagRing: RGBA;
  /** Halo under a flagged line. */
  flagHalo: RGBA;
  /** Outline of a point symbol: live / not live. */
  outlineLive: RGBA;
  outlineDim: RGBA;
  /** The inside of a hollow line (the dark map ground). */
  hole: RGBA;
}

export interface Palette {
  id: PaletteId;
  label: string;
  shared: SharedColours;
  /**
   * Normal bands: null to use each band's own colour (classic); else greys from `lightest` to `darkest` (sRGB level,
   * 0..255), spread over a type's normal bands in value order so that neighbouring normal classes stay distinct.
   */
  normalGreys: { lightest: number; darkest: number } | null;
  /**
   * Abnormal bands by severity 1..4 (index 0 is severity 1): on the side the type calls worse (`worse`, e.g. slow
   * traffic, full car parks) and on the other side (`other`, e.g. very cold, empty bike stations). null: the band's own.
   * Lightness falls as severity rises (and widths grow), so the scale reads without hue.
   */
  worse: readonly [Rgb, Rgb, Rgb, Rgb] | null;
  other: readonly [Rgb, Rgb, Rgb, Rgb] | null;
}

/** The marks both palettes draw alike: dark outlines on the dark map, and the map's ground inside a hollow line. */
const MARKS: Pick<SharedColours, 'outlineLive' | 'outlineDim' | 'hole'> = {
  outlineLive: [15, 20, 28, 255],
  outlineDim: [40, 44, 52, 255],
  hole: [12, 16, 22, 255],
};

export const PALETTES: Record<PaletteId, Palette> = {
  hmi: {
    id: 'hmi',
    label: 'Calm (greys for normal)',
    shared: {
      stale: [150, 156, 166, 255],
      never: [96, 102, 112, 255],
      cannotJudge: [178, 132, 255, 255],
      unknown: [206, 212, 222, 255],
      flagRing: [250, 250, 252, 255],
      flagHalo: [235, 235, 255, 130],
      ...MARKS,
    },
    normalGreys: { lightest: 180, darkest: 100 },
    worse: [
      [255, 224, 110],
      [250, 150, 40],
      [215, 35, 35],
      [150, 0, 70],
    ],
    other: [
      [170, 210, 240],
      [90, 160, 220],
      [40, 100, 190],
      [70, 50, 170],
    ],
  },
  classic: {
    id: 'classic',
    label: 'Classic (every band in colour)',
    shared: {
      stale: [120, 128, 140, 255],
      never: [85, 92, 104, 255],
      cannotJudge: [186, 120, 255, 255],
      unknown: [150, 200, 230, 255],
      flagRing: [255, 0, 220, 255],
      flagHalo: [235, 235, 255, 110],
      ...MARKS,
    },
    normalGreys: null,
    worse: null,
    other: null,
  },
};

export function paletteOf(id: PaletteId | undefined): Palette {
  return PALETTES[id ?? DEFAULT_PALETTE] ?? PALETTES[DEFAULT_PALETTE];
}

export function isPaletteId(v: unknown): v is PaletteId {
  return typeof v === 'string' && (PALETTE_IDS as readonly string[]).includes(v);
}
