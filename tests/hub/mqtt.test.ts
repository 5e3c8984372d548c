/**
 * The MQTT source against a real Mosquitto broker started by the test (tests/helpers/mosquitto.ts): messages arrive as
 * records, bad payloads are counted, a broker killed mid-stream means failing then ok again, wrong credentials are
 * auth-refused, big payloads are refused, stop is clean. And Aberdeen's readings through the publisher
 * (electron/cli/publish-mqtt.ts) and the broker into the source, quirks and all.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import mqtt, { type MqttClient } from 'mqtt';
import { loadAberdeenMessages, shiftTimestampText } from '../../electron/cli/publish-mqtt-messages';
import { weekAlignedShiftMs } from '../../electron/hub/replay';
import { createMqttSource, type MqttSourceOptions } from '../../electron/hub/sources/mqtt';
import { decodePayload } from '../../electron/hub/sources/mqtt-payload';
import type { Source } from '../../electron/hub/sources/source';
import { freePort, HAS_MOSQUITTO_PASSWD, NO_MOSQUITTO_PASSWD, startMosquitto, type Mosquitto } from '../helpers/mosquitto';
import { waitFor } from '../helpers/feed';
import { ABERDEEN_DATA, NO_ABERDEEN_DATA, runPublisher } from '../helpers/aberdeen-publisher';
import { recordingSink, type RecordingSink } from './recording-sink';

const running: Source[] = [];
const publishers: MqttClient[] = [];

async function publisher(url: string, auth: { username?: string; password?: string } = {}): Promise<MqttClient> {
  const c = await mqtt.connectAsync(url, { reconnectPeriod: 0, ...auth });
  publishers.push(c);
  return c;
}

function startSource(opts: MqttSourceOptions): { source: Source; sink: RecordingSink } {
  const source = createMqttSource(opts);
  const sink = recordingSink();
  running.push(source);
  source.start(sink);
  return { source, sink };
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
  await Promise.all(publishers.splice(0).map((c) => c.endAsync(true)));
});

describe('MQTT source on an open broker', () => {
  let broker: Mosquitto;
  beforeAll(async () => {
    broker = await startMosquitto();
  });
  afterAll(async () => {
    await broker.stop();
  });

  it('delivers each JSON message as {topic, payload} from wildcard topics, and only those', async () => {
    const { sink } = startSource({ url: broker.url, topics: ['city/+/air', 'weather/#'], payload: 'json', qos: 1 });
    await waitFor(() => sink.state() === 'ok', 10_000, 'subscribed');
    const pub = await publisher(broker.url);
    await pub.publishAsync('city/s1/air', JSON.stringify({ pm10: 999.9, pm25: 0 }), { qos: 1 });
    await pub.publishAsync('city/s1/noise', JSON.stringify({ db: 50 }), { qos: 1 });
    await pub.publishAsync('weather/aberdeen/sc-1', JSON.stringify({ humidity: 100, temperature: null }), { qos: 1 });
    await waitFor(() => sink.got.length >= 2, 10_000, 'two records');
    await new Promise((r) => setTimeout(r, 200));
    expect(sink.got.map((r) => r.value)).toEqual([
      { topic: 'city/s1/air', payload: { pm10: 999.9, pm25: 0 } },
      { topic: 'weather/aberdeen/sc-1', payload: { humidity: 100, temperature: null } },
    ]);
    expect(sink.got.map((r) => r.origin)).toEqual(['city/s1/air', 'weather/aberdeen/sc-1']);
    for (const r of sink.got) expect(Math.abs(r.receivedAt - Date.now())).toBeLessThan(10_000);
    expect(sink.unparsables()).toEqual([]);
  });

  it('counts bad JSON and non-UTF-8 payloads by reason and keeps receiving', async () => {
    const { sink } = startSource({ url: broker.url, topics: ['t/#'], payload: 'json' });
    await waitFor(() => sink.state() === 'ok', 10_000, 'subscribed');
    const pub = await publisher(broker.url);
    await pub.publishAsync('t/a', '{"pm10": 12,');
    await pub.publishAsync('t/b', Buffer.from([0xff, 0xfe, 0x00]));
    await pub.publishAsync('t/c', '{"pm10": 12}');
    await waitFor(() => sink.got.length === 1, 10_000, 'the good record');
    expect(sink.unparsables().map((u) => [u.reason, u.origin])).toEqual([
      ['bad-json', 't/a'],
      ['bad-utf8', 't/b'],
    ]);
    expect(sink.unparsables()[0]!.detail).toContain('{\\"pm10\\": 12,');
    expect(sink.got[0]!.value).toEqual({ topic: 't/c', payload: { pm10: 12 } });
  });

  it('reads text and CSV lines (with column names, a wrong field count counted)', async () => {
    const text = startSource({ url: broker.url, topics: ['text/#'], payload: 'text' }).sink;
    const csv = startSource({ url: broker.url, topics: ['csv/#'], payload: 'csv-line', csvColumns: ['id', 'ts', 'pm10'] }).sink;
    await waitFor(() => text.state() === 'ok' && csv.state() === 'ok', 10_000, 'subscribed');
    const pub = await publisher(broker.url);
    await pub.publishAsync('text/x', 'hello 999.9');
    await pub.publishAsync('csv/x', 'sc-1,2019-05-20T00:00:03Z,999.9\nsc-2,2019-05-20T00:00:04Z,');
    await pub.publishAsync('csv/y', 'sc-1,2019-05-20T00:00:03Z');
    await waitFor(() => text.got.length === 1 && csv.got.length === 2 && csv.unparsables().length === 1, 10_000, 'text and csv');
    expect(text.got[0]!.value).toEqual({ topic: 'text/x', payload: 'hello 999.9' });
    expect(csv.got.map((r) => r.value)).toEqual([
      { topic: 'csv/x', payload: { id: 'sc-1', ts: '2019-05-20T00:00:03Z', pm10: '999.9' } },
      { topic: 'csv/x', payload: { id: 'sc-2', ts: '2019-05-20T00:00:04Z', pm10: '' } },
    ]);
    expect(csv.unparsables()[0]).toMatchObject({ reason: 'bad-csv', origin: 'csv/y' });
    expect(csv.unparsables()[0]!.detail).toContain('2 fields where the columns are 3');
  });

  it('refuses a 1 MB payload with a reason, and the limit is configurable', async () => {
    const dflt = startSource({ url: broker.url, topics: ['big/#'], payload: 'json' }).sink;
    const small = startSource({ url: broker.url, topics: ['big/#'], payload: 'json', maxPayloadBytes: 100 }).sink;
    await waitFor(() => dflt.state() === 'ok' && small.state() === 'ok', 10_000, 'subscribed');
    const pub = await publisher(broker.url);
    await pub.publishAsync('big/1mb', JSON.stringify({ blob: 'x'.repeat(1024 * 1024) }));
    await pub.publishAsync('big/200b', JSON.stringify({ blob: 'y'.repeat(200) }));
    await pub.publishAsync('big/small', JSON.stringify({ v: 1 }));
    await waitFor(() => dflt.got.length === 2 && small.got.length === 1, 10_000, 'the small records');
    expect(dflt.unparsables().map((u) => [u.reason, u.origin])).toEqual([['payload-too-large', 'big/1mb']]);
    expect(dflt.unparsables()[0]!.detail).toMatch(/^10485\d\d bytes, over the limit of 262144$/);
    expect(small.unparsables().map((u) => [u.reason, u.origin])).toEqual([
      ['payload-too-large', 'big/1mb'],
      ['payload-too-large', 'big/200b'],
    ]);
    expect(small.got[0]!.value).toEqual({ topic: 'big/small', payload: { v: 1 } });
  });

  it('stops cleanly: nothing is delivered after stop, and stop is idempotent', async () => {
    const { source, sink } = startSource({ url: broker.url, topics: ['stop/#'], payload: 'text' });
    await waitFor(() => sink.state() === 'ok', 10_000, 'subscribed');
    const pub = await publisher(broker.url);
    await pub.publishAsync('stop/a', '1', { qos: 1 });
    await waitFor(() => sink.got.length === 1, 10_000, 'one record');
    await Promise.all([source.stop(), source.stop()]);
    await source.stop();
    await pub.publishAsync('stop/a', '2', { qos: 1 });
    await new Promise((r) => setTimeout(r, 300));
    expect(sink.got).toHaveLength(1);
    expect(sink.failures()).toEqual([]);
  });

  it('rejects a URL that is not mqtt:// or mqtts://, without showing its credentials', () => {
    expect(() => createMqttSource({ url: 'http://u:secret@h/', topics: ['a'], payload: 'json' })).toThrow(/mqtt:\/\/ or mqtts:\/\/, not "http:\/\/h"/);
    expect(() => createMqttSource({ url: 'mqtt://[::1', topics: ['a'], payload: 'json' })).toThrow(/url "mqtt:\/\/\[::1" is not a URL/);
    expect(() => createMqttSource({ url: broker.url, topics: [], payload: 'json' })).toThrow(/at least one topic/);
    expect(() => createMqttSource({ url: broker.url, topics: ['a/+', 'city/#/x'], payload: 'json' })).toThrow(/topic "city\/#\/x": '#' must be a whole level, and the last one/);
    expect(() => createMqttSource({ url: broker.url, topics: ['city/s+'], payload: 'json' })).toThrow(/'\+' must be a whole level/);
  });
});

describe('MQTT source when the broker goes away', () => {
  it('reports the broker unreachable with a retry time, and connects when it appears', async () => {
    const port = await freePort();
    const { sink } = startSource({ url: `mqtt://127.0.0.1:${port}`, topics: ['#'], payload: 'json' });
    await waitFor(() => sink.failures().length >= 1, 10_000, 'failing');
    const f = sink.failures()[0]!;
    expect(f.reason).toBe('broker-unreachable');
    expect(f.detail).toContain(`mqtt://127.0.0.1:${port}`);
    expect(f.detail).toMatch(/ECONNREFUSED/);
    expect(f.retryInMs).toBeGreaterThanOrEqual(750);
    expect(f.retryInMs).toBeLessThanOrEqual(1250);
    expect(sink.oks()).toBe(0);
    const broker = await startMosquitto({ port });
    try {
      await waitFor(() => sink.state() === 'ok', 20_000, 'ok once the broker is there');
    } finally {
      await Promise.all(running.splice(0).map((s) => s.stop()));
      await broker.stop();
    }
  });

  it('killed and restarted mid-stream: failing, then ok again, and messages flow', async () => {
    const broker = await startMosquitto();
    try {
      const { sink } = startSource({ url: broker.url, topics: ['live/#'], payload: 'json' });
      await waitFor(() => sink.state() === 'ok', 10_000, 'subscribed');
      let pub = await publisher(broker.url);
      for (let i = 0; i < 5; i++) await pub.publishAsync(`live/s${i}`, JSON.stringify({ i }));
      await waitFor(() => sink.got.length === 5, 10_000, 'five records');

      await broker.kill();
      await waitFor(() => sink.state() === 'failing', 10_000, 'failing after the broker died');
      const f = sink.failures()[0]!;
      expect(f.reason).toBe('broker-unreachable');
      expect(f.retryInMs).toBeGreaterThan(0);

      await broker.restart();
      await waitFor(() => sink.state() === 'ok', 20_000, 'ok again after the broker came back');
      pub = await publisher(broker.url);
      for (let i = 5; i < 10; i++) await pub.publishAsync(`live/s${i}`, JSON.stringify({ i }));
      await waitFor(() => sink.got.length === 10, 10_000, 'five more records');
      expect(sink.got.map((r) => (r.value as { payload: { i: number } }).payload.i)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      expect(sink.oks()).toBe(2);
    } finally {
      await Promise.all(running.splice(0).map((s) => s.stop()));
      await broker.stop();
    }
  });
});

describe.skipIf(!HAS_MOSQUITTO_PASSWD)('MQTT source on a broker with passwords', () => {
  let broker: Mosquitto;
  beforeAll(async () => {
    broker = await startMosquitto({
      users: [
        { username: 'desk', password: 'right horse battery' },
        { username: 'pub', password: 'publisher' },
      ],
    });
  });
  afterAll(async () => {
    await broker.stop();
  });

  it('connects with the right password and receives', async () => {
    const { sink } = startSource({ url: broker.url, topics: ['city/#'], payload: 'json', username: 'desk', password: 'right horse battery' });
    await waitFor(() => sink.state() === 'ok', 10_000, 'subscribed');
    const pub = await publisher(broker.url, { username: 'pub', password: 'publisher' });
    await pub.publishAsync('city/a', '{"v": 0}', { qos: 1 });
    await waitFor(() => sink.got.length === 1, 10_000, 'a record');
    expect(sink.failures()).toEqual([]);
  });

  it('a wrong password is auth-refused, not unreachable, and it is retried with back-off', async () => {
    const { sink } = startSource({ url: broker.url, topics: ['city/#'], payload: 'json', username: 'desk', password: 'wrong', backoffCapMs: 1000 });
    await waitFor(() => sink.failures().length >= 2, 10_000, 'two refusals');
    for (const f of sink.failures()) {
      expect(f.reason).toBe('auth-refused');
      expect(f.detail).toMatch(/Connection refused: (Bad username or password|Not authorized)/);
      expect(f.detail).not.toContain('wrong');
    }
    expect(sink.oks()).toBe(0);
  });
});

if (!HAS_MOSQUITTO_PASSWD) it.skip(NO_MOSQUITTO_PASSWD, () => {});

describe('decodePayload', () => {
  const opts = { format: 'json' as const, maxPayloadBytes: 10 };
  it('counts the payload size in bytes, not characters', () => {
    expect(decodePayload(Buffer.from('"ééééé"'), opts)).toMatchObject({ ok: false, reason: 'payload-too-large', detail: '12 bytes, over the limit of 10' });
    expect(decodePayload(Buffer.from('"éééé"'), opts)).toEqual({ ok: true, values: ['éééé'] });
  });
  it('an empty CSV payload is bad-csv; without column names each line is an array', () => {
    expect(decodePayload(Buffer.from(''), { format: 'csv-line', maxPayloadBytes: 100 })).toMatchObject({ ok: false, reason: 'bad-csv' });
    expect(decodePayload(Buffer.from('a,"b,c"'), { format: 'csv-line', maxPayloadBytes: 100 })).toEqual({ ok: true, values: [['a', 'b,c']] });
  });
});

const ABERDEEN = ABERDEEN_DATA;

describe.skipIf(!ABERDEEN)('Aberdeen publisher', () => {
  it('makes one JSON message per row, in time order, with every quirk of the data kept', () => {
    const all = loadAberdeenMessages(ABERDEEN!);
    const air = all.filter((m) => m.topic.startsWith('aberdeen/air_quality/')).map((m) => m.payload as Record<string, any>);
    const weather = all.filter((m) => m.topic.startsWith('aberdeen/weather/')).map((m) => m.payload as Record<string, any>);
    // The counts of the data's README (../shared/data/aberdeen/README.md, "Quirks").
    expect([air.length, weather.length]).toEqual([88_332, 90_058]);
    expect(all.every((m, i) => i === 0 || all[i - 1]!.ts <= m.ts)).toBe(true);
    expect(weather.filter((p) => p.humidity_pct >= 99.9)).toHaveLength(48_977);
    expect(weather.filter((p) => p.humidity_pct === 100).length).toBeGreaterThan(0);
    expect(air.filter((p) => p.pm10_ugm3 > 100)).toHaveLength(602);
    expect(air.filter((p) => p.pm10_ugm3 >= 999.9 || p.pm2_5_ugm3 >= 999.9)).toHaveLength(13);
    expect(air.filter((p) => p.pm10_ugm3 === 0 || p.pm2_5_ugm3 === 0)).toHaveLength(288);
    expect(air.filter((p) => p.pm10_ugm3 === null || p.pm2_5_ugm3 === null)).toHaveLength(1);
    expect(weather.filter((p) => p.temperature_c === null || p.humidity_pct === null)).toHaveLength(1);
    expect(weather.filter((p) => p.sensor_type === 'DHT22').every((p) => p.pressure_pa === null)).toBe(true);
    // One message in full: the row's fields, the sensor's name, type and place, on aberdeen/<kind>/<sensor_id>.
    expect(all.find((m) => m.payload.sensor_id === 'sc-22068' && m.payload.timestamp_utc === '2019-05-21T21:25:40Z')).toEqual({
      topic: 'aberdeen/air_quality/sc-22068',
      ts: Date.UTC(2019, 4, 21, 21, 25, 40),
      payload: { sensor_id: 'sc-22068', kind: 'air_quality', timestamp_utc: '2019-05-21T21:25:40Z', name: 'SDS011 #22068 (location 13887)', sensor_type: 'SDS011', lat: 57.196, lon: -2.1, pm10_ugm3: 1999.9, pm2_5_ugm3: 282.07 },
    });
  });

  it('--shift-to-now: every time moves by the same whole number of weeks, weekday and time of day kept, values untouched', () => {
    const WEEK = 7 * 24 * 3600 * 1000;
    const all = loadAberdeenMessages(ABERDEEN!);
    const now = Date.UTC(2026, 10, 30, 15, 40, 12); // a Monday afternoon
    const shifted = loadAberdeenMessages(ABERDEEN!, { shiftTo: now });
    expect(shifted).toHaveLength(all.length);
    const shift = shifted[0]!.ts - all[0]!.ts;
    expect(Math.abs(shift % WEEK)).toBe(0);
    expect(shift).toBeGreaterThan(0);
    // The week (Monday 20 May 00:00 to Sunday 26 May 2019) now plays in the week holding now: Monday 30 Nov 2026 00:00 on.
    expect(new Date(shifted[0]!.ts).toISOString().slice(0, 10)).toBe('2026-11-30');
    expect(shifted[0]!.ts).toBeLessThanOrEqual(now);
    expect(shifted.at(-1)!.ts).toBeGreaterThan(now);
    for (const [i, m] of shifted.entries()) {
      const o = all[i]!;
      expect(m.ts - o.ts).toBe(shift);
      expect(Date.parse(m.payload.timestamp_utc as string)).toBe(m.ts);
      expect(new Date(m.ts).getUTCDay()).toBe(new Date(o.ts).getUTCDay());
      expect((m.payload.timestamp_utc as string).slice(10)).toBe((o.payload.timestamp_utc as string).slice(10)); // time of day, as written
      expect(m.topic).toBe(o.topic);
      expect({ ...m.payload, timestamp_utc: null }).toEqual({ ...o.payload, timestamp_utc: null });
    }
    // The quirks are still there.
    expect(shifted.filter((m) => (m.payload.pm10_ugm3 as number) >= 999.9 || (m.payload.pm2_5_ugm3 as number) >= 999.9)).toHaveLength(13);
    // --from/--to select shifted times: the quarter hour before now is Monday 20 May 2019 15:25:12 to 15:40:12.
    const window = loadAberdeenMessages(ABERDEEN!, { shiftTo: now, from: now - 15 * 60_000, to: now });
    expect(window.length).toBeGreaterThan(20);
    expect(window).toEqual(shifted.filter((m) => m.ts >= now - 15 * 60_000 && m.ts < now));
    expect(window.every((m) => (m.payload.timestamp_utc as string).startsWith('2026-11-30T15:'))).toBe(true);
  });

  it('the shift is the file replay\'s: whole weeks, now inside the shifted span at the same weekday and time of day', () => {
    const WEEK = 7 * 24 * 3600 * 1000;
    const first = Date.UTC(2019, 4, 20);
    const last = Date.UTC(2019, 4, 26, 23, 59, 59);
    for (const now of [Date.UTC(2026, 10, 30, 15, 40), Date.UTC(2026, 11, 6, 23, 59, 59, 999), Date.UTC(2026, 11, 2, 0, 0), first, first - 1]) {
      const shift = weekAlignedShiftMs(first, last, now);
      expect(Math.abs(shift % WEEK)).toBe(0);
      expect(first + shift).toBeLessThanOrEqual(now);
      expect(now).toBeLessThan(first + shift + WEEK);
      expect(new Date(now - shift).getUTCDay()).toBe(new Date(now).getUTCDay());
    }
    // Longer than a week: a whole number of weeks, still lined up by weekday.
    const shift = weekAlignedShiftMs(first, first + 9 * 24 * 3600 * 1000, Date.UTC(2026, 10, 30, 15, 40));
    expect(Math.abs(shift % WEEK)).toBe(0);
    expect(new Date(Date.UTC(2026, 10, 30, 15, 40) - shift).getUTCDay()).toBe(1);
  });

  it('a shifted timestamp keeps its writing: only the date changes', () => {
    const WEEK = 7 * 24 * 3600 * 1000;
    expect(shiftTimestampText('2019-05-21T21:25:40Z', 393 * WEEK)).toBe('2026-12-01T21:25:40Z');
    expect(shiftTimestampText('2019-12-30 23:59:59.5+01:00', WEEK)).toBe('2020-01-06 23:59:59.5+01:00');
    expect(shiftTimestampText('not a time', WEEK)).toBe('not a time');
    expect(() => shiftTimestampText('2019-05-21T21:25:40Z', 1000)).toThrow(/whole days/);
  });

  it('publishes a window of the week through Mosquitto into the MQTT source, at the rate asked', async () => {
    const broker = await startMosquitto();
    try {
      const { sink } = startSource({ url: broker.url, topics: ['aberdeen/#'], payload: 'json' });
      await waitFor(() => sink.state() === 'ok', 10_000, 'subscribed');
      const window = ['--from', '2019-05-21T21:25:00Z', '--to', '2019-05-21T21:27:00Z'];
      const expected = loadAberdeenMessages(ABERDEEN!, { from: Date.parse(window[1]!), to: Date.parse(window[3]!) });
      expect(expected.length).toBeGreaterThan(20);
      const rate = 50;
      const r = await runPublisher(['--url', broker.url, '--data', ABERDEEN!, ...window, '--rate', String(rate)]);
      expect(r.stderr).toMatch(new RegExp(`^published ${expected.length} of ${expected.length} messages to 127\\.0\\.0\\.1:${broker.port} in `));
      expect(r.code).toBe(0);
      await waitFor(() => sink.got.length === expected.length, 10_000, 'every message');
      expect(sink.got.map((g) => g.value)).toEqual(expected.map((m) => ({ topic: m.topic, payload: m.payload })));
      // Paced: never faster than the rate asked (a lower bound only; how much slower depends on the machine).
      const spread = sink.got.at(-1)!.receivedAt - sink.got[0]!.receivedAt;
      expect(spread).toBeGreaterThanOrEqual(((expected.length - 1) * 1000) / rate - 50);
    } finally {
      await Promise.all(running.splice(0).map((s) => s.stop()));
      await broker.stop();
    }
  }, 60_000);

  it('refuses a password on the command line, and exits 1 when the broker cannot be reached', async () => {
    const refused = await runPublisher(['--url', 'mqtt://127.0.0.1:1', '--password', 'secret']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--password is not accepted');
    const port = await freePort();
    const down = await runPublisher(['--url', `mqtt://127.0.0.1:${port}`, '--data', ABERDEEN!, '--limit', '1']);
    expect(down.code).toBe(1);
    expect(down.stderr).toContain('ECONNREFUSED');
  }, 60_000);
});

if (!ABERDEEN) it.skip(`Aberdeen publisher: ${NO_ABERDEEN_DATA}`, () => {});
