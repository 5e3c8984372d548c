/**
 * Crash safety: a recording engine in a child process, fed at high speed by a demo server in this process, is killed
 * with SIGKILL at random moments mid-ingest. After every kill the database must pass `PRAGMA integrity_check` and its
 * cursor must never run ahead of its data (everything up to the stored lastSeq is there). After a final resume and a
 * clean stop, the cache holds exactly what the server sent: complete, nothing twice.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { DemoData } from '../../electron/demo-feed/data';
import { startDemoServer } from '../../electron/demo-feed/server';
import type { Reading, Sensor } from '../../electron/shared/model';
import { openStore } from '../../electron/engine/store/store';
import { key, waitFor } from '../helpers/feed';

const ROOT = join(import.meta.dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const CHILD = join(import.meta.dirname, 'fixtures', 'record-child.ts');

const children = new Set<ChildProcess>();
const dir = mkdtempSync(join(tmpdir(), 'citydesk-crash-'));
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** 120 sensors reporting every minute: at speed 3000, about 6,000 readings per wall second. */
function crashData(steps: number): DemoData {
  const start = Date.UTC(2014, 7, 1);
  const sensors: Sensor[] = [];
  for (let i = 0; i < 40; i++) {
    sensors.push({ id: `traffic:${i}`, kind: 'traffic', name: `T${i}`, geometry: { type: 'LineString', coordinates: [[10.1, 56.1], [10.2, 56.2]] }, expectedIntervalS: 60, attributes: {} });
    sensors.push({ id: `parking:P${i}`, kind: 'car-park', name: `P${i}`, geometry: { type: 'Point', coordinates: [10.2, 56.15] }, expectedIntervalS: 60, attributes: { capacity: 100 } });
    sensors.push({ id: `air:${i}`, kind: 'citypulse-air-index', name: `A${i}`, geometry: { type: 'Point', coordinates: [10.21, 56.16] }, expectedIntervalS: 60, attributes: {} });
  }
  const readings: Reading[] = [];
  for (let s = 0; s < steps; s++) {
    const ts = start + s * 60_000;
    for (let i = 0; i < 40; i++) {
      readings.push({ sensorId: `air:${i}`, ts, values: { ozone: (s + i) % 97, particulateMatter: 10, carbonMonoxide: null, sulfurDioxide: 3, nitrogenDioxide: i } });
      readings.push({ sensorId: `parking:P${i}`, ts, values: { vehicleCount: (s * 7 + i) % 120, totalSpaces: 100 } });
      readings.push({ sensorId: `traffic:${i}`, ts, values: { avgSpeedKmh: (s + i) % 80, vehicleCount: s % 9, avgMeasuredTimeS: 60.5, medianMeasuredTimeS: 58 } });
    }
  }
  readings.sort((a, b) => a.ts - b.ts || (a.sensorId < b.sensorId ? -1 : 1));
  return { sensors, readings, start, end: readings.at(-1)!.ts, skipped: {} };
}

interface ChildState {
  connection: string;
  lastSeq: number | null;
  accepted: number;
}

function startChild(url: string, db: string) {
  const child = spawn(TSX, [CHILD, url, db], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  const state: { last: ChildState | null; stderr: string } = { last: null, stderr: '' };
  let buf = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => {
    buf += d;
    const lines = buf.split('\n');
    buf = lines.pop()!;
    for (const l of lines) if (l) state.last = JSON.parse(l) as ChildState;
  });
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (state.stderr += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return { child, state, exited };
}

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('crash safety of the cache', () => {
  it('survives SIGKILL mid-ingest five times; resumes to exactly what was sent', async () => {
    const rand = prng(Number(process.env.CRASH_SEED ?? 4242));
    const data = crashData(6000);
    const server = await startDemoServer({ data, speed: 3000, tickMs: 50, loop: false, feedId: 'crash-feed' });
    server.pause(); // nothing goes out before the first recorder is subscribed (the warm-up window covers the wait)
    try {
      const db = join(dir, 'cache.db');
      const sentUpTo = (seq: number) => server.buffered().filter((b) => b.seq <= seq).flatMap((b) => b.readings);
      let killedWithData = 0;

      for (let round = 0; round < 5; round++) {
        const { child, state, exited } = startChild(server.url, db);
        await waitFor(() => state.last?.connection === 'connected', 20_000, `round ${round}: connected (${state.stderr})`);
        server.resume();
        const from = state.last!.accepted;
        await waitFor(() => (state.last?.accepted ?? 0) > from, 10_000, `round ${round}: ingesting`);
        await new Promise((r) => setTimeout(r, 100 + Math.floor(rand() * 900)));
        child.kill('SIGKILL');
        expect((await exited).signal).toBe('SIGKILL');

        const store = openStore(db);
        try {
          expect(store.integrityCheck()).toBe('ok');
          const cursor = store.cursor('crash-feed');
          const stored = [...store.iterateReadings(0, Number.MAX_SAFE_INTEGER)];
          const storedKeys = new Set(stored.map(key));
          // The cursor never runs ahead of the data committed with it.
          const covered = cursor?.lastSeq != null ? sentUpTo(cursor.lastSeq) : [];
          expect(covered.filter((r) => !storedKeys.has(key(r))).length, `round ${round}: readings below the cursor missing`).toBe(0);
          // Nothing stored that was not sent, nothing twice.
          const sentKeys = new Set(sentUpTo(server.lastSeq()).map(key));
          expect(stored.filter((r) => !sentKeys.has(key(r))).length).toBe(0);
          expect(storedKeys.size).toBe(stored.length);
          if (stored.length > 0) killedWithData++;
        } finally {
          store.close();
        }
      }
      expect(killedWithData).toBeGreaterThan(0);

      // Final resume, then a clean stop once the recorder holds everything sent.
      const { child, state, exited } = startChild(server.url, db);
      await waitFor(() => state.last?.connection === 'connected', 20_000, `final: connected (${state.stderr})`);
      await new Promise((r) => setTimeout(r, 300));
      server.pause();
      const last = server.lastSeq();
      await waitFor(() => state.last?.lastSeq === last, 20_000, `final: caught up to ${last} (at ${state.last?.lastSeq})`);
      child.kill('SIGTERM');
      expect((await exited).code).toBe(0);

      const sent = sentUpTo(last);
      const store = openStore(db, { readonly: true });
      try {
        expect(store.integrityCheck()).toBe('ok');
        const stored = [...store.iterateReadings(0, Number.MAX_SAFE_INTEGER)].map(({ sensorId, ts, values }) => ({ sensorId, ts, values }));
        expect(stored.length).toBe(sent.length);
        const byKey = new Map(stored.map((r) => [key(r), r]));
        expect(byKey.size).toBe(stored.length);
        // Same values (the data sends every metric of its kind, so stored nulls are the data's nulls).
        expect(sent.filter((r) => !isDeepStrictEqual(byKey.get(key(r)), r)).slice(0, 3)).toEqual([]);
        expect(store.cursor('crash-feed')?.lastSeq).toBe(last);
      } finally {
        store.close();
      }
    } finally {
      await server.close();
    }
  }, 60_000);
});
