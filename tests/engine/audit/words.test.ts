/** Audit rows in words: every action the engine audits, the rule and the place named, local times, no raw ids. */
import { describe, expect, it } from 'vitest';
import { execSync } from 'node:child_process';
import { join } from 'node:path';
import { auditRowInWords, hasAuditWords } from '../../../electron/engine/audit/words';
import type { AuditRow } from '../../../electron/engine/api';
import { directory, SENSORS, TZ, writeFixture } from './fixture';

const ROOT = join(__dirname, '..', '..', '..');

function rowsInWords(): { rows: AuditRow[]; fx: ReturnType<typeof writeFixture> } {
  const fx = writeFixture();
  const dir = directory();
  return { rows: fx.store.auditQuery({ oldestFirst: true }).rows.map((r) => auditRowInWords(r, dir, TZ)), fx };
}

const RAW_IDS = [...SENSORS.map((s) => s.id), 'car-park-full', 'congestion-district', 'group:district:170', 'note-1', 'incident-7'];
const ISO = /\d{4}-\d\d-\d\dT\d\d:\d\d/;

describe('audit rows in words', () => {
  it('has words for every action the engine audits (the list is checked against the code)', () => {
    // Every literal action name passed to audit(…) / add(…) / auditMany, and the alarm book's transitions.
    const src = execSync(`grep -rhoE "(audit|add)\\\\((ctx\\\\.user|session\\\\.user|clean|'system'|user|a\\\\.user|sanitizeUserName\\\\([^)]*\\\\) \\\\|\\\\| 'host'), [^,]+" electron/engine --include=*.ts`, { cwd: ROOT, encoding: 'utf8' });
    const named = new Set<string>();
    for (const m of src.matchAll(/'([a-z]+\.[a-z-]+)'/g)) named.add(m[1]!);
    named.add('action.sent').add('action.rejected');
    const book = execSync(`grep -hoE "action: '[a-z-]+'" electron/engine/rules/alarms.ts`, { cwd: ROOT, encoding: 'utf8' });
    for (const m of book.matchAll(/action: '([a-z-]+)'/g)) named.add(`alarm.${m[1]!}`);
    const missing = [...named].filter((a) => !hasAuditWords(a));
    expect(missing).toEqual([]);
    expect(named.size).toBeGreaterThan(25);
  });

  it('names the rule and the place of every row, with no raw id and no ISO time in the words', () => {
    const { rows } = rowsInWords();
    expect(rows.length).toBeGreaterThan(35);
    for (const r of rows) {
      for (const id of RAW_IDS) {
        expect(r.subjectText, `${r.action} subject`).not.toContain(id);
        expect(r.detailText, `${r.action} detail`).not.toContain(id);
        expect(r.actionText, `${r.action} action`).not.toContain(id);
      }
      expect(`${r.actionText} ${r.detailText}`, r.action).not.toMatch(ISO);
      expect(r.detailText, r.action).not.toMatch(/[{}]|"\w+":/); // no JSON
      expect(r.actionText, r.action).not.toMatch(/^[a-z]+\.[a-z-]+$/); // not the raw action name
    }
  });

  it('says what happened in plain words, times in the city\u2019s zone', () => {
    const { rows, fx } = rowsInWords();
    const of = (action: string, subject?: string) => rows.filter((r) => r.action === action && (subject === undefined || r.subject === subject)).map((r) => [r.subjectText, r.actionText, r.detailText]);
    expect(of('alarm.raise', fx.bruuns)).toEqual([['Car park full at Bruuns Galleri', 'raised', 'Occupancy 97% > 95% at Bruuns Galleri']]);
    expect(of('alarm.acknowledge', fx.bruuns)).toEqual([['Car park full at Bruuns Galleri', 'acknowledged', "'on it'"]]);
    // 10:06 CEST + 30 min
    expect(of('alarm.shelve', fx.bruuns)).toEqual([['Car park full at Bruuns Galleri', 'shelved for 30 min until 10:36 CEST', 'roadworks']]);
    expect(of('alarm.unshelve', fx.bruuns)).toEqual([['Car park full at Bruuns Galleri', 'came off the shelf (the shelving expired)', '']]);
    expect(of('sound.mute')).toEqual([['Car park full at Bruuns Galleri', 'muted the alarm sound', 'night shift']]);
    expect(of('alarm.clear', fx.bruuns)).toEqual([['Car park full at Bruuns Galleri', 'cleared and resolved (it was acknowledged)', 'Occupancy 85% < 90% for 10 min at Bruuns Galleri']]);
    expect(of('alarm.resolve', fx.salling)).toEqual([['Car park full at Salling', 'resolved', "'spaces free again'"]]);
    expect(of('alarm.member-raise', fx.group)).toEqual([['Congestion by district at Midtbyen', 'a member raised', 'Randersvej north: Speed 30% of normal on Randersvej north']]);
    expect(of('alarm.escalate', fx.group)).toEqual([['Congestion by district at Midtbyen', 'escalated from warning to critical', 'not acknowledged within 60 min']]);
    expect(of('rule.publish')).toEqual([['rule Car park full', 'published version 3', '']]);
    expect(of('rule.restore')).toEqual([['rule Car park full', 'restored version 1 as version 4', '']]);
    expect(of('rule.disable')).toEqual([['rule Congestion by district', 'disabled (version 2)', '']]);
    expect(of('rules.import')).toEqual([['', 'imported 2 rules', 'Car park full, Congestion by district']]);
    expect(of('note.add')).toEqual([['Bruuns Galleri', 'added a note', "'barrier stuck open'"]]);
    expect(of('action.rejected')).toEqual([['note on Bruuns Galleri', 'note rejected by the feed', 'unknown sensor']]);
    expect(of('supervisor.unlock-failed')).toEqual([['', 'gave a wrong supervisor passphrase', '3 wrong passphrases in a row']]);
    expect(of('cache.readings-set-aside')).toEqual([['', 'set aside 12 readings with implausible times', 'later than 15:00 CEST']]);
    expect(of('incident.save')).toEqual([['incident Bruuns overflow', 'created the incident (version 1)', '']]);
    expect(of('incident.archive')).toEqual([['incident Bruuns overflow', 'archived the incident (version 2)', '']]);
    const ack = rows.find((r) => r.action === 'alarm.acknowledge' && r.subject === fx.bruuns)!;
    expect(ack).toMatchObject({ alarmId: fx.bruuns, ruleId: 'car-park-full', ruleName: 'Car park full', place: 'Bruuns Galleri', user: 'Ana' });
  });

  it('a time on another day says which; an unknown rule or place keeps its id rather than vanish', () => {
    const row = { id: 1, at: 0, feedAt: Date.UTC(2014, 7, 1, 21, 50), user: 'Ana', action: 'alarm.shelve', subject: 'gone-rule|parking:X|1406930000000', detail: 'shelved until 2014-08-02T06:00:00.000Z: overnight works' };
    const w = auditRowInWords(row, directory(), TZ);
    expect(w.actionText).toBe('shelved for 8 h 10 min until 2 Aug 08:00 CEST');
    expect(w.subjectText).toBe('gone-rule at parking:X');
    const unknown = auditRowInWords({ ...row, action: 'future.thing', subject: null, detail: { count: 2, names: ['a', 'b'] } }, directory(), TZ);
    expect([unknown.actionText, unknown.detailText]).toEqual(['thing', 'count: 2; names: a, b']);
  });
});
