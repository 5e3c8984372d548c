/**
 * The determinism check of rule re-runs (issue 10 item 3) on the real Aarhus demo data: a cache file records a day
 * and a half of the demo week as the engine does (readings stored, the starter rules evaluated batch by batch by a live
 * Alerting, alarms saved), then the same rule set is re-run over a window inside it (in the backtest worker, on its own
 * read-only connection): not one alarm is added or missed, and the window is not empty. A re-run of a changed rule
 * over the same window does differ (the check can fail).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoData } from '../../../electron/demo-feed/data';
import { Alerting } from '../../../electron/engine/alerting';
import type { ReplayDiff } from '../../../electron/engine/api';
import { rerunRules, type RerunEntry } from '../../../electron/engine/replay/rerun';
import { loadDistricts, type Zone } from '../../../electron/engine/rules/geo';
import type { Rule } from '../../../electron/engine/rules/schema';
import { openStore, type Store } from '../../../electron/engine/store/store';
import type { Reading, Sensor } from '../../../electron/shared/model';

const ASSETS = join(import.meta.dirname, '..', '..', '..', 'assets');
const MIN = 60_000;
const HOUR = 60 * MIN;
const RECORDED_HOURS = 36;

let dir: string;
let store: Store;
let alerting: Alerting;
let sensors: Sensor[];
let zones: Zone[];
let start: number;

beforeAll(() => {
  const data = loadDemoData(ASSETS);
  sensors = data.sensors;
  zones = loadDistricts(ASSETS);
  start = Math.floor(data.readings[0]!.ts / MIN) * MIN;
  dir = mkdtempSync(join(tmpdir(), 'citydesk-rerun-'));
  let now = start;
  store = openStore(join(dir, 'cache.db'), { now: () => now });
  store.saveCatalogue(sensors);
  alerting = new Alerting(store, zones, sensors, () => {}, () => {}, () => {}, () => now);
  // One batch per minute of feed time, as the feed sends them: stored, then evaluated up to the batch's feed time.
  const end = start + RECORDED_HOURS * HOUR;
  let batch: Reading[] = [];
  let batchEnd = start + MIN;
  let seq = 0;
  const send = () => {
    now = batchEnd;
    store.ingest('demo', batch, ++seq, batchEnd);
    alerting.onReadings(batch, batchEnd);
    batch = [];
    batchEnd += MIN;
  };
  for (const r of data.readings) {
    if (r.ts >= end) break;
    while (r.ts >= batchEnd) send();
    batch.push(r);
  }
  send();
  store.flush();
}, 240_000);

afterAll(() => {
  store?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function rerun(rules: RerunEntry[], from: number, to: number): Promise<ReplayDiff> {
  return rerunRules(
    { rules, from, to, id: 'demo' },
    {
      store,
      catalogue: sensors,
      zones,
      slot: alerting.backtests,
      current: () => alerting.summaries(),
      versions: (ruleId) => alerting.versions(ruleId),
      validate: (json) => alerting.validate(json),
    },
    () => {},
  );
}

const short = (d: ReplayDiff) => [...d.added.map((a) => `+ ${a.ruleId} ${a.subject} ${new Date(a.at).toISOString()}`), ...d.missed.map((a) => `- ${a.ruleId} ${a.subject} ${new Date(a.at).toISOString()}`)].slice(0, 20);

describe('re-running the recorded rule set over the demo data', () => {
  it('the same rules as recorded add and miss nothing over a window of 26 hours that starts mid-record', async () => {
    const current = alerting.summaries().filter((s) => s.rule !== null && s.enabled);
    expect(current.length).toBeGreaterThanOrEqual(4);
    const from = start + 8 * HOUR; // the warm-up begins mid-record, not at the data's start
    const to = start + 34 * HOUR;
    const d = await rerun(current.map((s) => ({ ruleId: s.id })), from, to);
    expect(short(d)).toEqual([]);
    // Not vacuous: the window holds many recorded alarms, of several rules, the traffic outage's among them.
    const recorded = store.loadAlarms({ includeResolved: true, limit: 1_000_000 }).filter((a) => a.raisedAt >= from && a.raisedAt <= to);
    expect(new Set(recorded.map((a) => a.ruleId)).size).toBeGreaterThanOrEqual(3);
    expect(d.matched).toBe(recorded.length);
    expect(d.matched).toBeGreaterThan(20);
    expect(d.note).toBeNull();
    expect(d.readings).toBeGreaterThan(50_000);
  }, 240_000);

  it('a changed rule over the same window does differ', async () => {
    const full = alerting.summaries().find((s) => s.id === 'car-park-full')!.rule!;
    const looser: Rule = { ...full, condition: { type: 'threshold', metric: 'occupancyPct', op: '>', value: 50 } };
    const d = await rerun([{ draft: looser }], start + 3 * HOUR, start + 30 * HOUR);
    expect(d.added.length + d.missed.length).toBeGreaterThan(0);
    expect(d.added.every((a) => a.ruleId === 'car-park-full' && a.position !== null && a.subjectName !== a.subject)).toBe(true);
  }, 240_000);
});
