/**
 * How bad a point sensor's drawn state is, for clustering (the cluster shows its worst member) and for drawing order
 * (the worst is drawn on top). Interim: built from the sensor-style look (electron/shared/sensor-style.ts) until the
 * palette work exports a shared rank. Pure.
 *
 * Higher is worse: a flagged live reading (e.g. a car park over capacity) above any band; then the headline's band,
 * later bands worse (the point types' bands run from good to bad: occupancy, air-quality indexes); a live reading that
 * cannot be judged with the first band; a stale sensor below any live one (its colour is grey: nothing to compare) and
 * a sensor never heard from last.
 */
import type { SensorDatum } from '../layers/common';

export const RANK = { never: 0, stale: 1, live: 10, flagged: 1000 } as const;

export function stateRank(d: Pick<SensorDatum, 'freshness' | 'flagged' | 'band' | 'type'>): number {
  if (d.freshness === 'never') return RANK.never;
  if (d.freshness === 'stale') return RANK.stale;
  const band = d.band ? Math.max(0, d.type.style.bands.findIndex((b) => b === d.band || b.label === d.band?.label)) : 0;
  return (d.flagged ? RANK.flagged : RANK.live) + band;
}
