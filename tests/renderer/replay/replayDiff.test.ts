/** The re-run difference on the map (renderer/map/layers/replayDiff.ts): + filled for added, − hollow for missed. */
import { ScatterplotLayer, TextLayer } from '@deck.gl/layers';
import { describe, expect, it } from 'vitest';
import type { DiffAlarm, ReplayDiff } from '../../../electron/engine/api';
import { SEVERITY_COLORS } from '../../../renderer/map/layers/alerts';
import { ADDED_GLYPH, diffMarks, MISSED_GLYPH, replayDiffLayers, type DiffMark } from '../../../renderer/map/layers/replayDiff';

const T = Date.UTC(2014, 7, 4, 8, 0);
const alarm = (over: Partial<DiffAlarm>): DiffAlarm => ({
  ruleId: 'full',
  ruleName: 'Car park full',
  subject: 'parking:P1',
  subjectName: 'Bruuns Galleri',
  severity: 'warning',
  at: T,
  clearedAt: null,
  message: 'full',
  position: [10.2, 56.15],
  alarmId: null,
  ...over,
});
const diff = (added: DiffAlarm[], missed: DiffAlarm[]): ReplayDiff => ({ id: 'd', from: T, to: T + 3_600_000, rules: [], readings: 10, added, missed, matched: 0, note: null });

describe('re-run difference layer', () => {
  it('draws nothing without a difference, or when nothing in it has a place', () => {
    expect(replayDiffLayers(null)).toEqual([]);
    expect(replayDiffLayers(diff([], []))).toEqual([]);
    expect(replayDiffLayers(diff([alarm({ position: null })], [alarm({ position: null, alarmId: 'x' })]))).toEqual([]);
  });

  it('added: a filled disc with +; missed: a hollow ring with −; each at its alarm position, in its severity colour', () => {
    const d = diff([alarm({ severity: 'critical', position: [10.1, 56.1] }), alarm({ subject: 'x', position: null })], [alarm({ alarmId: 'full|parking:P2|1', subject: 'parking:P2', position: [10.3, 56.2] })]);
    const layers = replayDiffLayers(d);
    expect(layers.map((l) => l.id)).toEqual(['replay-diff-added', 'replay-diff-missed', 'replay-diff-glyphs']);
    const [added, missed, glyphs] = layers as [ScatterplotLayer<DiffMark>, ScatterplotLayer<DiffMark>, TextLayer<DiffMark>];
    expect(added).toBeInstanceOf(ScatterplotLayer);
    expect(added.props.filled).toBe(true);
    expect(missed.props.filled).toBe(false);
    expect(missed.props.stroked).toBe(true);
    const addedData = added.props.data as DiffMark[];
    const missedData = missed.props.data as DiffMark[];
    expect(addedData.map((m) => m.position)).toEqual([[10.1, 56.1]]);
    expect(missedData.map((m) => m.position)).toEqual([[10.3, 56.2]]);
    const fill = added.props.getFillColor as unknown as (m: DiffMark) => number[];
    expect(fill(addedData[0]!)).toEqual(SEVERITY_COLORS.critical);
    const ring = missed.props.getLineColor as unknown as (m: DiffMark) => number[];
    expect(ring(missedData[0]!)).toEqual(SEVERITY_COLORS.warning);
    const text = glyphs.props.getText as unknown as (m: DiffMark) => string;
    expect((glyphs.props.data as DiffMark[]).map(text)).toEqual([ADDED_GLYPH, MISSED_GLYPH]);
    expect(glyphs.props.characterSet).toEqual(expect.arrayContaining([ADDED_GLYPH, MISSED_GLYPH]));
  });

  it('marks keep every placed alarm of both sides, added first', () => {
    const d = diff([alarm({ at: T + 1 }), alarm({ at: T + 2, position: null })], [alarm({ at: T + 3, alarmId: 'a' }), alarm({ at: T + 4, alarmId: 'b' })]);
    expect(diffMarks(d).map((m) => `${m.change}@${m.alarm.at - T}`)).toEqual(['added@1', 'missed@3', 'missed@4']);
  });
});
