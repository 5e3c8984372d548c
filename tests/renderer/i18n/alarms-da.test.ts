/**
 * The alarm side in Danish (issue 12 item 11): the audit's rows worded on the screen from their structured fields (the
 * same builder as the engine's English, electron/shared/audit-words.ts), byte for byte the engine's English when the
 * words are English, and a few alarm-list strings with their plurals.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { auditRowInWords } from '../../../electron/engine/audit/words';
import type { AlarmTimelineEntry, AuditRow } from '../../../electron/engine/api';
import { auditRowIn, namesFromTable, recordingNames } from '../../../electron/shared/audit-words';
import { auditRowText, auditWords, timelineText } from '../../../renderer/audit/auditWords';
import { pageLabel, timelineKindText } from '../../../renderer/audit/auditQuery';
import { alarmStateWord, groupSummary, priorityLabel, rangeText, stateLabel } from '../../../renderer/alarms/alarmList';
import { floodSummary } from '../../../renderer/alarms/flood';
import { setLanguage, t } from '../../../renderer/i18n/i18n';
import { directory, TZ, writeFixture } from '../../engine/audit/fixture';
import type { Alarm, AlarmGroup } from '../../../electron/engine/api';

/** The fixture's rows as the engine sends them to the screen: English words, the detail and the names they used. */
function screenRows(): AuditRow[] {
  const fx = writeFixture();
  const dir = directory();
  return fx.store.auditQuery({ oldestFirst: true }).rows.map((r) => {
    const rec = recordingNames(dir);
    return { ...auditRowInWords(r, rec.names, TZ), detail: r.detail, names: rec.table };
  });
}

const byAction = (rows: AuditRow[], action: string): AuditRow => rows.find((r) => r.action === action)!;

afterEach(() => {
  setLanguage('en');
});

describe('audit rows on the screen', () => {
  it('in English, the words built from the fields are the engine’s, byte for byte', () => {
    setLanguage('en');
    for (const row of screenRows()) {
      const again = auditRowIn(auditWords(t), { ...row, detail: row.detail }, namesFromTable(row.names!), TZ);
      expect([again.actionText, again.subjectText, again.detailText], row.action).toEqual([row.actionText, row.subjectText, row.detailText]);
      // English is shown as the engine sent it.
      expect(auditRowText(row, TZ)).toBe(row);
    }
  });

  it('in Danish, every row is worded in Danish from its fields', () => {
    const rows = screenRows();
    setLanguage('da');
    const da = (action: string) => {
      const w = auditRowText(byAction(rows, action), TZ);
      return [w.subjectText, w.actionText, w.detailText];
    };
    expect(da('alarm.raise')).toEqual(['Car park full ved Bruuns Galleri', 'udløst', 'Occupancy 97% > 95% at Bruuns Galleri']);
    expect(da('alarm.acknowledge')).toEqual(['Car park full ved Bruuns Galleri', 'kvitteret', '»on it«']);
    expect(da('alarm.shelve')).toEqual(['Car park full ved Bruuns Galleri', 'tilsidesat i 30 min til 10.36 CEST', 'roadworks']);
    expect(da('alarm.unshelve')).toEqual(['Car park full ved Bruuns Galleri', 'ikke længere tilsidesat (tilsidesættelsen udløb)', '']);
    expect(auditRowText(rows.find((r) => r.actionText.startsWith('cleared and resolved'))!, TZ).actionText).toBe('afstillet og afsluttet (den var kvitteret)');
    expect(da('alarm.clear')[1]).toMatch(/^afstillet/);
    expect(da('alarm.escalate')).toEqual(['Congestion by district ved Midtbyen', 'eskaleret fra advarsel til kritisk', 'not acknowledged within 60 min']);
    expect(da('alarm.member-raise')[1]).toBe('et medlem udløste');
    expect(da('sound.mute')[1]).toBe('slog alarmlyden fra');
    expect(da('rule.publish')).toEqual(['regel Car park full', 'udgav version 3', '']);
    expect(da('rule.restore')[1]).toBe('gendannede version 1 som version 4');
    expect(da('rules.import')).toEqual(['', 'importerede 2 regler', 'Car park full, Congestion by district']);
    expect(da('rules.seed')[1]).toBe('installerede 1 startregel');
    expect(da('note.add')).toEqual(['Bruuns Galleri', 'tilføjede en note', '»barrier stuck open«']);
    expect(da('action.rejected')).toEqual(['note om Bruuns Galleri', 'note afvist af datafeedet', 'unknown sensor']);
    expect(da('supervisor.unlock-failed')).toEqual(['', 'angav en forkert vagtleder-adgangsfrase', '3 forkerte adgangsfraser i træk']);
    expect(da('cache.readings-set-aside')).toEqual(['', 'så bort fra 12 målinger med usandsynlige tidspunkter', 'senere end 15.00 CEST']);
    expect(da('incident.save')).toEqual(['hændelse Bruuns overflow', 'oprettede hændelsen (version 1)', '']);
    expect(da('incident.archive')[1]).toBe('arkiverede hændelsen (version 2)');
    expect(da('source.remove').slice(1)).toEqual(['fjernet (den var på version 2)', 'ved pult desk-1']);
  });

  it('plurals follow the count in Danish', () => {
    setLanguage('da');
    const w = auditWords(t);
    expect([w.imported(1), w.imported(3)]).toEqual(['importerede 1 regel', 'importerede 3 regler']);
    expect([w.wrongInARow(1), w.wrongInARow(2)]).toEqual(['1 forkert adgangsfrase i træk', '2 forkerte adgangsfraser i træk']);
    expect(w.readingsSetAside(1)).toBe('så bort fra 1 måling med usandsynlige tidspunkter');
  });

  it('an alarm’s timeline is worded in Danish, the resolution a step of its own', () => {
    const rows = screenRows();
    const clear = rows.find((r) => r.actionText.startsWith('cleared and resolved'))!;
    const ack = byAction(rows, 'alarm.acknowledge');
    const entries: AlarmTimelineEntry[] = [
      { at: ack.feedAt, kind: 'acknowledged', by: ack.user, text: ack.detailText, auditId: ack.id },
      { at: clear.feedAt, kind: 'cleared', by: clear.user, text: clear.detailText, auditId: clear.id },
      { at: clear.feedAt, kind: 'resolved', by: clear.user, text: 'it had been acknowledged', auditId: clear.id },
    ];
    expect(timelineText(entries, rows, TZ, t, true)).toEqual(entries);
    setLanguage('da');
    const da = timelineText(entries, rows, TZ);
    expect(da.map((e) => e.text)).toEqual(['»on it«', clear.detailText, 'den var kvitteret']);
    expect(timelineKindText('resolved')).toBe('Afsluttet');
    // (the thousands separator follows the locale once panels/format.ts does)
    expect(pageLabel(0, 100, 1234)).toMatch(/^1–100 af 1[.,]234$/);
  });
});

describe('alarm list in Danish', () => {
  const group = (n: number): AlarmGroup => ({ kind: 'group', name: 'Midtbyen', firstOut: 's1', members: Array.from({ length: n }, (_, i) => ({ subject: `s${i + 1}`, raisedAt: i, clearedAt: null, message: '' })) }) as unknown as AlarmGroup;
  const ctx = { catalogue: new Map([['s1', { id: 's1', name: 'Ringvej Syd' }]]), zones: [], rules: new Map(), registry: { get: () => undefined } } as never;

  it('says states, priorities, ranges and group sizes in Danish, with plurals', () => {
    setLanguage('da');
    expect([alarmStateWord('active'), alarmStateWord('acknowledged'), alarmStateWord('cleared'), alarmStateWord('resolved')]).toEqual(['aktiv', 'kvitteret', 'afstillet', 'afsluttet']);
    expect(stateLabel('cleared')).toBe('Afstillet (ikke kvitteret)');
    expect(priorityLabel('urgent')).toBe('Akut');
    expect(rangeText(0, 200, 10739)).toMatch(/^1–200 af 10[.,]739$/);
    expect(groupSummary(group(1), ctx)).toBe('1 sensor · først: Ringvej Syd');
    expect(groupSummary(group(12), ctx)).toBe('12 sensorer · først: Ringvej Syd');
    expect(t('alarms.bulk.ticked', { count: 3 })).toBe('3 markeret');
    expect(t('alarms.members.caption', { count: 1 })).toBe('Medlemmer i den rækkefølge de udløste · 1 udløsning');
    expect(t('alarms.members.caption', { count: 4 })).toBe('Medlemmer i den rækkefølge de udløste · 4 udløsninger');
  });

  it('says a flood in Danish, one alarm and many', () => {
    setLanguage('da');
    const alarm = (i: number): Alarm => ({ id: `a${i}`, ruleId: 'car-park-full', priority: 'high', raisedAt: i }) as unknown as Alarm;
    const one = floodSummary([alarm(1)], { flood: true, lastTenMinutes: 1 }, () => 'P-hus fuldt');
    expect(one!.text).toBe('Alarmflod: 1 ny alarm på 10 min — 1 P-hus fuldt');
    const many = floodSummary(Array.from({ length: 30 }, (_, i) => alarm(i)), null, () => 'P-hus fuldt');
    expect(many!.text).toBe('Alarmflod: 30 nye alarmer på 10 min — 30 P-hus fuldt');
    setLanguage('en');
    expect(floodSummary([alarm(1)], { flood: true, lastTenMinutes: 1 }, () => 'Car park full')!.text).toBe('Flood: 1 new alarm in 10 min — 1 Car park full');
  });
});
