/**
 * The investigation's audit commands over a fixture log: search by alarm id and by place or rule finds every row of
 * an alarm; the feed-time range; paging with true totals; CSV with every row (parsed back with csv-parse); an alarm's
 * timeline in order with who, when and why.
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { auditCommands } from '../../../electron/engine/commands/audit';
import type { EngineParts } from '../../../electron/engine/commands/types';
import type { AuditRow } from '../../../electron/engine/api';
import { AUDIT_CSV_HEADER } from '../../../electron/engine/audit/csv';
import { MIN, RULES, SENSORS, T0, TZ, writeFixture, ZONES } from './fixture';

function setup() {
  const fx = writeFixture();
  for (const r of RULES) fx.store.saveRuleVersion(r, 'test');
  const parts = {
    store: fx.store,
    state: { catalogue: () => SENSORS, registry: undefined, city: () => ({ name: 'Aarhus', timeZone: TZ }) },
    zones: ZONES,
  } as unknown as EngineParts;
  const cmd = auditCommands(parts);
  const session = { role: 'operator', user: 'Ana' } as never;
  const page = async (p: { from?: number; to?: number; search?: string; alarmId?: string; offset?: number; limit?: number }) => cmd.auditPage({ offset: 0, limit: 1000, ...p }, session);
  return { fx, cmd, page, session };
}

const subjectsOf = (rows: AuditRow[]) => new Set(rows.map((r) => r.subject));

describe('searching the audit log', () => {
  it('an alarm id finds every row of that alarm, and only those', async () => {
    const { fx, page } = setup();
    const all = fx.store.auditQuery({}).rows.filter((r) => r.subject === fx.bruuns);
    const res = await page({ search: fx.bruuns });
    expect(res.total).toBe(all.length);
    expect(res.rows.map((r) => r.action).sort()).toEqual(['alarm.acknowledge', 'alarm.clear', 'alarm.raise', 'alarm.shelve', 'alarm.unshelve', 'sound.mute']);
    expect((await page({ alarmId: fx.bruuns })).total).toBe(all.length);
  });

  it('a place\u2019s name, or a rule\u2019s and a place\u2019s words, find every row of the alarms there', async () => {
    const { fx, page } = setup();
    const bruunsRows = fx.store.auditQuery({ subjects: [fx.bruuns] }).rows.length;
    const byPlace = await page({ search: 'bruuns' });
    // Every row of the alarm, plus the note on the car park (its sensor) and the note's feed answers; nothing of Salling.
    expect(byPlace.rows.filter((r) => r.alarmId === fx.bruuns).length).toBe(bruunsRows);
    expect(byPlace.rows.some((r) => r.alarmId === fx.salling)).toBe(false);
    expect(byPlace.rows.some((r) => r.action === 'note.add')).toBe(true);
    const byRuleAndPlace = await page({ search: 'car park full salling' });
    expect(subjectsOf(byRuleAndPlace.rows)).toEqual(new Set([fx.salling]));
    expect(byRuleAndPlace.total).toBe(fx.store.auditQuery({ subjects: [fx.salling] }).rows.length);
    // A district's name finds its group alarm's rows (subject group:district:170), the member's name the member rows.
    const district = await page({ search: 'midtbyen' });
    expect(subjectsOf(district.rows)).toEqual(new Set([fx.group]));
    expect(district.rows.map((r) => r.action).sort()).toEqual(['alarm.acknowledge', 'alarm.clear', 'alarm.escalate', 'alarm.member-clear', 'alarm.member-raise', 'alarm.raise']);
  });

  it('matches users, action words and details; every word must match', async () => {
    const { page } = setup();
    const ole = await page({ search: 'ole' });
    expect(ole.rows.map((r) => r.user)).toEqual(['Ole']);
    const shelved = await page({ search: 'shelved' });
    expect(shelved.rows.map((r) => r.action).sort()).toEqual(['alarm.shelve', 'alarm.unshelve']);
    expect((await page({ search: 'roadworks' })).rows.map((r) => r.action)).toEqual(['alarm.shelve']);
    expect((await page({ search: '"night shift"' })).rows.map((r) => r.action)).toEqual(['sound.mute']);
    expect((await page({ search: 'published' })).rows.map((r) => r.action)).toEqual(['rule.publish']);
    expect((await page({ search: 'roadworks ole' })).total).toBe(0);
    expect((await page({ search: 'nothing-like-this' })).total).toBe(0);
  });

  it('a feed-time range (inclusive), newest first, paged with the true total', async () => {
    const { fx, page } = setup();
    const from = T0;
    const to = T0 + 55 * MIN;
    const expected = fx.store.auditQuery({}).rows.filter((r) => r.feedAt >= from && r.feedAt <= to);
    const first = await page({ from, to, limit: 4 });
    expect(first.total).toBe(expected.length);
    expect(first.rows).toHaveLength(4);
    const seen: AuditRow[] = [];
    for (let offset = 0; offset < first.total; offset += 4) seen.push(...(await page({ from, to, offset, limit: 4 })).rows);
    expect(seen.map((r) => r.id).sort((a, b) => a - b)).toEqual(expected.map((r) => r.id).sort((a, b) => a - b));
    expect(seen.every((r, i) => i === 0 || r.feedAt <= seen[i - 1]!.feedAt)).toBe(true);
    expect(seen.every((r) => r.feedAt >= from && r.feedAt <= to)).toBe(true);
    await expect(page({ from: to, to: from })).rejects.toMatchObject({ code: 'invalid-params' });
  });
});

describe('an alarm\u2019s timeline', () => {
  it('lists its life in feed-time order: who, when, why', async () => {
    const { fx, cmd, session } = setup();
    const t = await cmd.alarmTimeline({ id: fx.bruuns }, session);
    expect(t.alarm?.id).toBe(fx.bruuns);
    expect(t.entries.map((e) => [e.kind, e.by, (e.at - T0) / MIN, e.text])).toEqual([
      ['raised', 'system', 0, 'Occupancy 97% > 95% at Bruuns Galleri'],
      ['acknowledged', 'Ana', 5, "'on it'"],
      ['shelved', 'Ana', 6, 'shelved for 30 min until 10:36 CEST: roadworks'],
      ['other', 'Ana', 7, 'muted the alarm sound: night shift'],
      ['unshelved', 'system', 40, 'came off the shelf (the shelving expired)'],
      ['cleared', 'system', 80, 'Occupancy 85% < 90% for 10 min at Bruuns Galleri'],
      ['resolved', 'system', 80, 'it had been acknowledged'],
    ]);
    const s = await cmd.alarmTimeline({ id: fx.salling }, session);
    expect(s.entries.map((e) => [e.kind, e.by])).toEqual([['raised', 'system'], ['cleared', 'system'], ['resolved', 'Ole']]);
    expect(s.entries[2]!.text).toBe("'spaces free again'");
    await expect((async () => cmd.alarmTimeline({ id: 'car-park-full|parking:NOPE|1' }, session))()).rejects.toMatchObject({ code: 'not-found' });
    await expect((async () => cmd.alarmTimeline({ id: 'not an alarm' }, session))()).rejects.toMatchObject({ code: 'invalid-params' });
  });
});

describe('the audit CSV', () => {
  it('parses, and holds every row of the range and search in words', async () => {
    const { fx, cmd, session } = setup();
    const all = await cmd.auditCsv({}, session);
    const records = parse(all.csv, { columns: true }) as Record<string, string>[];
    expect(Object.keys(records[0]!).join(',')).toBe(AUDIT_CSV_HEADER);
    expect(records.map((r) => Number(r['audit_id'])).sort((a, b) => a - b)).toEqual(fx.store.auditQuery({}).rows.map((r) => r.id).sort((a, b) => a - b));
    const shelve = records.find((r) => r['action'] === 'alarm.shelve')!;
    expect(shelve).toMatchObject({ user: 'Ana', action_text: 'shelved for 30 min until 10:36 CEST', detail_text: 'roadworks', subject_text: 'Car park full at Bruuns Galleri', rule_name: 'Car park full', place: 'Bruuns Galleri', feed_time: new Date(T0 + 6 * MIN).toISOString(), feed_time_local: '1 Aug 2014 10:06:00 CEST' });
    const searched = await cmd.auditCsv({ search: 'salling', from: T0, to: T0 + 60 * MIN }, session);
    const rows = parse(searched.csv, { columns: true }) as Record<string, string>[];
    expect(rows.length).toBe((await cmd.auditPage({ search: 'salling', from: T0, to: T0 + 60 * MIN, offset: 0, limit: 1000 }, session)).total);
    expect(rows.every((r) => r['subject'] === fx.salling)).toBe(true);
    expect(searched.filename).toBe('citydesk-audit-2014-08-01T0800Z-to-2014-08-01T0900Z.csv');
  });

  it('has no fixed cap: 3000 rows all come out', async () => {
    const { fx, cmd, session } = setup();
    for (let i = 0; i < 3000; i++) fx.store.audit('Ana', 'note.add', 'parking:SALLING', { id: `n${i}`, text: `round ${i}, "quoted"\nline two` }, T0 + 200 * MIN + i);
    const res = parse((await cmd.auditCsv({ search: 'round' }, session)).csv, { columns: true }) as Record<string, string>[];
    expect(res).toHaveLength(3000);
    expect(res[2999]!['detail_text']).toBe(`'round 2999, "quoted"\nline two'`);
    expect((await cmd.auditPage({ search: 'round', offset: 2990, limit: 1000 }, session)).rows).toHaveLength(10);
  });
});
