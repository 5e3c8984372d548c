/**
 * The replay side in Danish (issue 12 item 11): the REPLAY band's line, the typed instant's errors, the re-run choice's
 * errors, the timeline's errors and tooltip words, in the chosen language with the Danish time format (day mark,
 * month names, the clock's full stops) and decimal comma; English unchanged after switching back.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ReplayDiff, TimelineData } from '../../../electron/engine/api';
import { RpcError } from '../../../renderer/platform/rpc-client';
import { setLanguage, t } from '../../../renderer/i18n/i18n';
import { parseInstant } from '../../../renderer/replay/instantInput';
import { replayBandText } from '../../../renderer/replay/replayFormat';
import { rerunEntries, rerunWindow, MAX_RERUN_MS, WINDOW_CHOICES } from '../../../renderer/replay/rerunChoice';
import { timelineErrorText } from '../../../renderer/replay/timelineData';
import { tooltipLines } from '../../../renderer/replay/timelineTooltip';

const TZ = 'Europe/Copenhagen';
const T0 = Date.UTC(2014, 7, 1, 6, 0); // 08:00 CEST
const bounds = { from: Date.UTC(2014, 6, 31, 22, 0), to: Date.UTC(2014, 7, 8, 10, 0) };

afterEach(() => {
  setLanguage('en');
});

describe('replay in Danish', () => {
  it('the band says GENAFSPILNING (or the read-only pack) with a Danish instant', () => {
    setLanguage('da');
    const at = Date.UTC(2014, 7, 4, 8, 40);
    expect(replayBandText(at, 60, TZ, false)).toBe('GENAFSPILNING — man. 4. aug. 2014 10.40.00 CEST, 60x');
    expect(replayBandText(at, 3600, TZ, true)).toBe('Hændelsespakke (skrivebeskyttet) — man. 4. aug. 2014 10.40.00 CEST, 3600x');
    setLanguage('en');
    expect(replayBandText(at, 60, TZ, false)).toBe('REPLAY — Mon 4 Aug 2014 10:40:00 CEST, 60x');
  });

  it('the typed instant is refused in Danish words, the data\u2019s limits in the Danish time format', () => {
    setLanguage('da');
    expect(parseInstant('', TZ, bounds)).toEqual({ ok: false, error: 'skriv en dato og et klokkeslæt, f.eks. 2014-08-01 08:00' });
    const bad = parseInstant('2014-02-30 08:00', TZ, bounds);
    expect(!bad.ok && bad.error).toBe('„2014-02-30 08:00“ er ikke en dato og et klokkeslæt: skriv det som ÅÅÅÅ-MM-DD TT:MM (eller TT:MM:SS) efter byens ur (Europe/Copenhagen)');
    expect(parseInstant('2014-07-31 23:59', TZ, bounds)).toEqual({ ok: false, error: 'ingen data før 1. aug. 2014 00.00 CEST' });
    expect(parseInstant('2014-08-09 00:00', TZ, bounds)).toEqual({ ok: false, error: 'det er efter live-kanten (8. aug. 2014 12.00 CEST)' });
    expect(parseInstant('2014-08-02 00:00', TZ, { from: null, to: null })).toEqual({ ok: false, error: 'cachen rummer endnu ingen data' });
    // Parsing is the same in every language.
    expect(parseInstant('2014-08-01 08:00', TZ, bounds)).toEqual({ ok: true, at: T0 });
  });

  it('the re-run choice: errors and windows in Danish, days with a decimal comma', () => {
    setLanguage('da');
    expect(rerunEntries(new Map(), null)).toEqual({ error: 'Vælg mindst én regel, der skal genkøres.' });
    expect(rerunWindow('view', T0, { from: T0, to: T0 })).toEqual({ error: 'Vinduet er tomt.' });
    expect(rerunWindow('view', T0, { from: T0, to: T0 + MAX_RERUN_MS + 12 * 3_600_000 })).toEqual({
      error: 'En genkørsel dækker højst 31 dage; tidslinjen viser 31,5 dage: zoom ind, eller vælg et vindue omkring tidspunktet.',
    });
    expect(WINDOW_CHOICES.map((w) => t(w.label))).toEqual([
      '1 time på hver side af tidspunktet',
      '6 timer på hver side af tidspunktet',
      '12 timer på hver side af tidspunktet',
      '3 dage på hver side af tidspunktet',
      'Tidslinjens synlige udsnit',
    ]);
    setLanguage('en');
    expect(rerunWindow('view', T0, { from: T0, to: T0 + MAX_RERUN_MS + 12 * 3_600_000 })).toEqual({
      error: 'A re-run covers at most 31 days; the timeline shows 31.5 days: zoom in, or choose a window around the instant.',
    });
    expect(t(WINDOW_CHOICES[0]!.label)).toBe('1 hour either side of the instant');
  });

  it('the timeline: its errors, plurals and tooltip in Danish', () => {
    setLanguage('da');
    expect(timelineErrorText(new RpcError('no answer', 'timeline', 'timeout'))).toBe('Tidslinjen kan ikke indlæses: motoren svarer ikke. Der prøves igen.');
    expect(t('replay.timeline.alarms', { count: 1, n: '1' })).toBe('1 alarm');
    expect(t('replay.timeline.gaps', { count: 3, n: '3' })).toBe('3 huller');
    expect(t('replay.tip.moreHere', { count: 1 })).toBe(' (og 1 mere her)');
    expect(t('replay.tip.moreHere', { count: 2 })).toBe(' (og 2 flere her)');
    const data: TimelineData = {
      from: T0,
      to: T0 + 100_000,
      extent: { from: T0, to: T0 + 100_000, rawFrom: T0 },
      alarms: [
        { id: 'a1', ruleId: 'full', ruleName: 'Car park full', subject: 'car-park:1', subjectName: 'Bruuns Galleri', severity: 'critical', priority: 'high', raisedAt: T0 + 50_000, clearedAt: T0 + 70_000, acknowledgedAt: null, resolvedAt: null },
      ],
      alarmsTotal: 1,
      gaps: [{ id: 1, scope: 'all', from: T0 + 20_000, to: T0 + 30_000, reason: 'feed down' }],
      actions: [],
      density: { bucketMs: 10_000, counts: [6, 6, 0, 0, 6, 1, 6, 6, 6, 6] },
    };
    const view = { from: T0, to: T0 + 100_000 };
    const lines = tooltipLines(data, null, view, 100, 50, TZ);
    expect(lines[0]).toBe('1. aug. 2014 08.00.50 CEST');
    expect(lines[1]).toBe('Kritisk: Car park full ved Bruuns Galleri, udløst 1. aug. 2014 08.00.50 CEST, afstillet 1. aug. 2014 08.01.10 CEST. Klik for at genafspille den.');
    expect(lines.at(-1)).toBe('omkring 6,0 målinger i minuttet');
    expect(tooltipLines(data, null, view, 100, 25, TZ)).toContain('ingen målinger registreret her');
    const added = { ruleId: 'full', ruleName: 'Car park full', subject: 'car-park:1', subjectName: 'Bruuns Galleri', severity: 'critical', at: T0 + 80_000, clearedAt: null, message: 'belægning 97 %', position: null, alarmId: null } as const;
    const diff: ReplayDiff = { id: 'r', from: T0, to: T0 + 100_000, rules: [], readings: 10, added: [added], missed: [], matched: 0, note: null };
    expect(tooltipLines(data, diff, view, 100, 80, TZ)).toContain('+ genkørslen ville have udløst Car park full ved Bruuns Galleri (1. aug. 2014 08.01.20 CEST): belægning 97 %');
  });
});
