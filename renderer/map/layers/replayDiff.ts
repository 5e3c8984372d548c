/**
 * A rule re-run's difference on the map (pure: diff in, layers out): each alarm the re-run would have ADDED as a filled
 * disc with a "+", each recorded alarm it would have MISSED as a hollow ring with a "−", at the alarm's subject
 * (DiffAlarm.position), in its severity's colour. The glyph and the fill, not the colour, tell added from missed.
 * Alarms with no known place are not drawn (the re-run panel lists them all).
 */
import type { Layer } from '@deck.gl/core';
import { ScatterplotLayer, TextLayer } from '@deck.gl/layers';
import type { DiffAlarm, ReplayDiff } from '../../../electron/engine/api';
import type { LngLat } from '../../../electron/shared/model';
import type { RGBA } from '../colors';
import { SEVERITY_COLORS } from './alerts';

/** One mark: an alarm of the difference at its place. */
export interface DiffMark {
  position: LngLat;
  change: 'added' | 'missed';
  alarm: DiffAlarm;
}

export const ADDED_GLYPH = '+';
export const MISSED_GLYPH = '\u2212';
const RADIUS_PX = 9;

/** The placed alarms of the difference (added first), or none. */
export function diffMarks(diff: ReplayDiff | null): DiffMark[] {
  if (!diff) return [];
  const marks: DiffMark[] = [];
  for (const [change, list] of [['added', diff.added], ['missed', diff.missed]] as const) {
    for (const alarm of list) if (alarm.position) marks.push({ position: alarm.position, change, alarm });
  }
  return marks;
}

export function replayDiffLayers(diff: ReplayDiff | null): Layer[] {
  const marks = diffMarks(diff);
  if (marks.length === 0) return [];
  const added = marks.filter((m) => m.change === 'added');
  const missed = marks.filter((m) => m.change === 'missed');
  const colour = (m: DiffMark): RGBA => SEVERITY_COLORS[m.alarm.severity];
  const layers: Layer[] = [];
  if (added.length)
    layers.push(
      new ScatterplotLayer<DiffMark>({
        id: 'replay-diff-added',
        data: added,
        radiusUnits: 'pixels',
        lineWidthUnits: 'pixels',
        filled: true,
        stroked: true,
        getPosition: (d) => d.position,
        getRadius: RADIUS_PX,
        getFillColor: colour,
        getLineColor: [15, 20, 28, 255],
        getLineWidth: 1.5,
        pickable: false,
      }),
    );
  if (missed.length)
    layers.push(
      new ScatterplotLayer<DiffMark>({
        id: 'replay-diff-missed',
        data: missed,
        radiusUnits: 'pixels',
        lineWidthUnits: 'pixels',
        filled: false,
        stroked: true,
        getPosition: (d) => d.position,
        getRadius: RADIUS_PX,
        getLineColor: colour,
        getLineWidth: 3,
        pickable: false,
      }),
    );
  layers.push(
    new TextLayer<DiffMark>({
      id: 'replay-diff-glyphs',
      data: marks,
      characterSet: [ADDED_GLYPH, MISSED_GLYPH],
      getPosition: (d) => d.position,
      getText: (d) => (d.change === 'added' ? ADDED_GLYPH : MISSED_GLYPH),
      getSize: 16,
      sizeUnits: 'pixels',
      fontWeight: 700,
      getColor: (d) => (d.change === 'added' ? [15, 20, 28, 255] : colour(d)),
      getPixelOffset: (d) => (d.change === 'added' ? [0, 0] : [0, -(RADIUS_PX + 9)]),
      pickable: false,
    }),
  );
  return layers;
}
