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

  it('a time on another day says which; an unknown rule or place is put in words from its id rather than vanish', () => {
    const row = { id: 1, at: 0, feedAt: Date.UTC(2014, 7, 1, 21, 50), user: 'Ana', action: 'alarm.shelve', subject: 'gone-rule|parking:X|1406930000000', detail: 'shelved until 2014-08-02T06:00:00.000Z: overnight works' };
    const w = auditRowInWords(row, directory(), TZ);
    expect(w.actionText).toBe('shelved for 8 h 10 min until 2 Aug 08:00 CEST');
    expect(w.subjectText).toBe('Gone rule at parking sensor X');
    // The subject of the issue: a retired rule on a sensor no longer in the catalogue.
    const old = auditRowInWords({ ...row, action: 'alarm.raise', subject: 'major-road-congestion|traffic:195339|1796029500000', detail: 'Speed 13% of normal' }, directory(), TZ);
    expect(old.subjectText).toBe('Major road congestion at traffic sensor 195339');
    expect(auditRowInWords({ ...row, subject: 'gone|zone:7|1406930000000' }, directory(), TZ).subjectText).toBe('Gone at district 7');
    const unknown = auditRowInWords({ ...row, action: 'future.thing', subject: null, detail: { count: 2, names: ['a', 'b'] } }, directory(), TZ);
    expect([unknown.actionText, unknown.detailText]).toEqual(['thing', 'count: 2; names: a, b']);
  });

  it('every action kind the engine writes has words of its own: none falls back to its raw name or key: value pairs', () => {
    // The action kinds, found in the engine's code as the first test finds them.
    const src = execSync(`grep -rhoE "(audit|add)\\((ctx\\.user|session\\.user|clean|'system'|user|a\\.user|sanitizeUserName\\([^)]*\\) \\|\\| 'host'), [^,]+" electron/engine --include=*.ts`, { cwd: ROOT, encoding: 'utf8' });
    const kinds = new Set<string>();
    for (const m of src.matchAll(/'([a-z]+\.[a-z-]+)'/g)) kinds.add(m[1]!);
    kinds.add('action.sent').add('action.rejected');
    for (const m of execSync(`grep -hoE "action: '[a-z-]+'" electron/engine/rules/alarms.ts`, { cwd: ROOT, encoding: 'utf8' }).matchAll(/action: '([a-z-]+)'/g)) kinds.add(`alarm.${m[1]!}`);
    // What the engine writes for each kind (subject, detail), as the code writes it.
    const alarm = 'car-park-full|parking:bruuns|1406880000000';
    const at = Date.UTC(2014, 7, 1, 8, 0);
    const SAMPLES: Record<string, { subject: string | null; detail: unknown }> = {
      'alarm.raise': { subject: alarm, detail: 'Occupancy 97% > 95% at Bruuns Galleri' },
      'alarm.clear': { subject: alarm, detail: 'Occupancy 85% < 90% for 10 min at Bruuns Galleri; resolved (was acknowledged)' },
      'alarm.acknowledge': { subject: alarm, detail: 'acknowledged: on it' },
      'alarm.resolve': { subject: alarm, detail: 'resolved' },
      'alarm.shelve': { subject: alarm, detail: 'shelved until 2014-08-01T08:30:00.000Z: roadworks' },
      'alarm.unshelve': { subject: alarm, detail: 'shelving expired' },
      'alarm.escalate': { subject: alarm, detail: 'warning -> critical: not acknowledged within 60 min' },
      'alarm.member-raise': { subject: alarm, detail: 'Bruuns Galleri (parking:bruuns): Occupancy 97%' },
      'alarm.member-clear': { subject: alarm, detail: 'parking:bruuns: Occupancy 80%' },
      'sound.mute': { subject: alarm, detail: { reason: 'night shift' } },
      'rule.publish': { subject: 'car-park-full', detail: { version: 3, name: 'Car park full' } },
      'rule.enable': { subject: 'car-park-full', detail: { version: 3 } },
      'rule.disable': { subject: 'car-park-full', detail: { version: 3 } },
      'rule.restore': { subject: 'car-park-full', detail: { from: 1, version: 4 } },
      'rules.import': { subject: null, detail: { ids: ['car-park-full'] } },
      'rules.seed': { subject: null, detail: { types: ['car-park'], ids: ['car-park-full'] } },
      'note.add': { subject: 'parking:bruuns', detail: { id: 'note-1', text: 'barrier stuck open' } },
      'action.sent': { subject: 'note-1', detail: { error: null } },
      'action.rejected': { subject: 'note-1', detail: { error: 'unknown sensor' } },
      'session.user': { subject: null, detail: { before: 'Ana', selfDeclared: true } },
      'supervisor.unlock': { subject: null, detail: null },
      'supervisor.lock': { subject: null, detail: null },
      'supervisor.unlock-failed': { subject: null, detail: { consecutive: 2 } },
      'supervisor.passphrase-changed': { subject: null, detail: null },
      'supervisor.passphrase-set': { subject: null, detail: { from: 'host' } },
      'supervisor.passphrase-reset': { subject: null, detail: { from: 'host' } },
      'source.save': { subject: 'source:bristol-air', detail: { version: 2, type: 'http', sensorType: 'air-quality', desk: 'desk-1', credentials: ['portal-user'] } },
      'source.remove': { subject: 'source:bristol-air', detail: { version: 2, desk: 'desk-1' } },
      'cache.clock-forgotten': { subject: 'demo', detail: { feedTime: at + 86_400_000 * 400 } },
      'cache.readings-set-aside': { subject: null, detail: { count: 12, after: at } },
      'incident.save': { subject: 'incident:incident-7', detail: { version: 1, name: 'Bruuns overflow' } },
      'incident.archive': { subject: 'incident:incident-7', detail: { version: 2, name: 'Bruuns overflow' } },
      'incident.restore': { subject: 'incident:incident-7', detail: { version: 3, name: 'Bruuns overflow' } },
    };
    expect([...kinds].filter((k) => !(k in SAMPLES)), 'an action kind the engine writes without a sample here').toEqual([]);
    for (const [action, { subject, detail }] of Object.entries(SAMPLES)) {
      const w = auditRowInWords({ id: 1, at, feedAt: at, user: 'Ana', action, subject, detail }, directory(), TZ);
      const verb = action.slice(action.indexOf('.') + 1).replace(/-/g, ' ');
      expect(w.actionText, action).not.toBe(verb); // the unknown-action fallback
      expect(w.actionText.length, action).toBeGreaterThan(3);
      for (const text of [w.actionText, w.subjectText, w.detailText]) {
        expect(text, action).not.toMatch(/\bnull\b|\bundefined\b|\[object|[{}]|"\w+":/);
        expect(text, action).not.toMatch(/\b[a-zA-Z]+: (null|true|false|-?\d+)\b/); // key: value pairs
        expect(text, action).not.toMatch(/\w\|\w/); // alarm ids
        expect(text, action).not.toMatch(/\d{4}-\d\d-\d\dT/); // ISO times
        expect(text, action).not.toContain('incident:');
        expect(text, action).not.toContain('note-1');
      }
    }
  });
});
