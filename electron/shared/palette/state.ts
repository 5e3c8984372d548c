/**
 * A sensor's state on the map as one ordered class (pure): what colour it takes in a palette, its second cue, and its
 * rank, so that worse is drawn on top, wider and larger, never thinner, smaller or fainter. Ranks, lowest first:
 * never heard from (nothing to show yet: its symbol cannot be sized by a value it never sent), normal band, not
 * computable, stale, cannot be judged, abnormal band of severity 1..4. `stateRank` is what a cluster of symbols shows as
 * its worst (the highest rank of its members): a stale member outranks normal ones, any abnormal one outranks all.
 */
import type { Freshness } from '../model';
import type { ColourBand, SensorType } from '../sensor-types/types';
import { bandRgb, gradeOf } from './bands';
import { paletteOf, type PaletteId, type RGBA } from './palettes';

export type StateKey = 'normal' | 'unknown' | 'never' | 'stale' | 'cannot-judge' | 'abnormal';

/** The cue beside colour: solid symbols carry a value; hollow ones (ring, two rails) do not have one to show. */
export type StateCue = 'solid' | 'hollow';

export interface StateClass {
  key: StateKey;
  /** 0 unless abnormal (1..4). */
  severity: number;
  rank: number;
  cue: StateCue;
}

/** How a headline was judged (sensor-style.ts HeadlineJudgement). */
export type Judgement = 'ok' | 'cannot-judge' | 'unknown' | 'no-reading';

const BASE_RANK: Record<Exclude<StateKey, 'abnormal'>, number> = { never: 0, normal: 1, unknown: 2, stale: 3, 'cannot-judge': 4 };
/** The highest rank (severity 4). */
export const MAX_RANK = BASE_RANK['cannot-judge'] + 4;

export const STATE_CUE: Record<StateKey, StateCue> = {
  normal: 'solid',
  unknown: 'hollow',
  never: 'hollow',
  stale: 'hollow',
  'cannot-judge': 'solid',
  abnormal: 'solid',
};

export function stateClass(key: StateKey, severity = 0): StateClass {
  if (key === 'abnormal') {
    const s = Math.max(1, Math.min(4, severity));
    return { key, severity: s, rank: BASE_RANK['cannot-judge'] + s, cue: 'solid' };
  }
  return { key, severity: 0, rank: BASE_RANK[key], cue: STATE_CUE[key] };
}

/** The class of a sensor's state from its freshness, the judgement of its headline and its band. */
export function classify(type: SensorType, freshness: Freshness, judgement: Judgement, band: ColourBand | null): StateClass {
  if (freshness === 'never' || judgement === 'no-reading') return stateClass('never');
  if (freshness === 'stale') return stateClass('stale');
  if (judgement === 'cannot-judge') return stateClass('cannot-judge');
  if (judgement !== 'ok' || !band) return stateClass('unknown');
  const g = gradeOf(type, band);
  return g.severity === 0 ? stateClass('normal') : stateClass('abnormal', g.severity);
}

/** The rank of a state (higher is worse): for ordering symbols and picking a cluster's worst member. */
export function stateRank(state: Pick<StateClass, 'rank'>): number {
  return state.rank;
}

/** Opacity of band colours on points (lines are opaque; areas use their own fill alpha). */
export const BAND_ALPHA = 235;

/** A state's colour in a palette (the band's colour when it has one). */
export function stateColour(paletteId: PaletteId | undefined, type: SensorType, state: StateClass, band: ColourBand | null, alpha = BAND_ALPHA): RGBA {
  const shared = paletteOf(paletteId).shared;
  switch (state.key) {
    case 'never':
      return [...shared.never];
    case 'stale':
      return [...shared.stale];
    case 'cannot-judge':
      return [...shared.cannotJudge];
    case 'unknown':
      return [...shared.unknown];
    case 'normal':
    case 'abnormal': {
      if (!band) return [...shared.unknown];
      const [r, g, b] = bandRgb(paletteId, type, band);
      return [r, g, b, alpha];
    }
  }
}
