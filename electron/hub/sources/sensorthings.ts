/**
 * The OGC SensorThings API 1.1 source: polls a server's Things (with their Locations and Datastreams, following
 * @iot.nextLink up to a page cap; re-read every `thingsRefreshMs`), then each Datastream's Observations newer than the
 * last one delivered (`$filter=phenomenonTime gt …`, oldest first, `$top` per page, pages capped per poll: a backlog
 * is caught up over several polls). Each Observation becomes a record joined with its Thing, Location, Datastream and
 * ObservedProperty. The cursor (per Datastream, the phenomenonTime of the newest Observation delivered) is handed in
 * and out so that a restarted source neither repeats nor skips Observations. A failed request makes the source
 * failing with back-off; the Observations already delivered stay delivered and the cursor keeps them.
 */
import { backoffMs, type Source, type SourceRecord, type SourceSink } from './source';
import { fetchJson, StaFetchError, type FetchLimits } from './sensorthings-http';
import { datastreamsOf, isIsoInstant, keySegment, observationRecord, readPage, type DatastreamToPoll } from './sensorthings-entities';

export interface SensorThingsOptions {
  /** The service root, e.g. https://example.org/FROST-Server/v1.1 */
  baseUrl: string;
  username?: string;
  password?: string;
  /** Between successful polls. Default 60 s. */
  pollIntervalMs?: number;
  /** How often the Things and Datastreams are read again. Default 15 min. */
  thingsRefreshMs?: number;
  /** Pages followed per listing (Things) and per Datastream per poll (Observations). Default 20. */
  maxPages?: number;
  /** Observations per page ($top). Default 100. */
  top?: number;
  requestTimeoutMs?: number;
  maxResponseBytes?: number;
  backoffCapMs?: number;
  /** Only Observations after this ISO 8601 time, for Datastreams the cursor does not know yet. */
  since?: string;
  /** Where a previous run stopped. */
  cursor?: SensorThingsCursor;
  /** Called with a copy of the cursor whenever it moves (after the records it covers went to the sink). */
  onCursor?: (cursor: SensorThingsCursor) => void;
}

export interface SensorThingsCursor {
  /** Per Datastream @iot.id (as a string): the phenomenonTime (instant, or an interval's start) of the newest delivered. */
  datastreams: Record<string, string>;
}

export interface SensorThingsSource extends Source {
  /** A copy of the cursor now. */
  cursor(): SensorThingsCursor;
}

export const THINGS_QUERY = '$expand=Locations,Datastreams($expand=ObservedProperty)';

export function createSensorThingsSource(opts: SensorThingsOptions): SensorThingsSource {
  let base: URL;
  try {
    base = new URL(opts.baseUrl.replace(/\/+$/, ''));
  } catch {
    throw new Error(`SensorThings source: baseUrl ${JSON.stringify(opts.baseUrl)} is not a URL`);
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new Error(`SensorThings source: baseUrl must be http:// or https://, not ${base.protocol}`);
  if (opts.since !== undefined && !isIsoInstant(opts.since)) throw new Error(`SensorThings source: since ${JSON.stringify(opts.since)} is not an ISO 8601 time`);
  for (const [id, t] of Object.entries(opts.cursor?.datastreams ?? {})) {
    if (!isIsoInstant(t)) throw new Error(`SensorThings source: the cursor's time for Datastream ${JSON.stringify(id)}, ${JSON.stringify(t)}, is not an ISO 8601 time`);
  }
  const root = base.toString().replace(/\/+$/, '');
  const limits: FetchLimits = {
    timeoutMs: opts.requestTimeoutMs ?? 15_000,
    maxBytes: opts.maxResponseBytes ?? 16 * 1024 * 1024,
    ...(opts.username !== undefined && { auth: { username: opts.username, password: opts.password ?? '' } }),
  };
  const maxPages = opts.maxPages ?? 20;
  const top = opts.top ?? 100;
  const cursor: Record<string, string> = { ...(opts.cursor?.datastreams ?? {}) };

  let sink: SourceSink | null = null;
  let stopped = false;
  const abort = new AbortController();
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let attempt = 0;
  let healthy = false;
  let datastreams: DatastreamToPoll[] | null = null;
  let thingsAt = 0;

  const get = (url: string) => fetchJson(url, limits, abort.signal);
  /** Links from the server are followed only on the server itself. */
  const checkLink = (link: string, from: string) => {
    let u: URL;
    try {
      u = new URL(link, from);
    } catch {
      throw new StaFetchError('bad-response', `${from}: "@iot.nextLink" ${JSON.stringify(link)} is not a URL`);
    }
    if (u.origin !== base.origin) throw new StaFetchError('bad-response', `${from}: "@iot.nextLink" leads to another server (${u.origin})`);
    return u.toString();
  };

  async function readThings(): Promise<DatastreamToPoll[]> {
    const found: DatastreamToPoll[] = [];
    let url: string | null = `${root}/Things?${THINGS_QUERY}`;
    for (let page = 0; url && page < maxPages; page++) {
      const p = readPage(await get(url), url);
      found.push(...datastreamsOf(p.value, url));
      url = p.nextLink === null ? null : checkLink(p.nextLink, url);
    }
    return found;
  }

  function observationsUrl(ds: DatastreamToPoll): string {
    const after = cursor[String(ds.id)] ?? opts.since;
    const q = [after === undefined ? null : `$filter=${encodeURIComponent(`phenomenonTime gt ${after}`)}`, `$orderby=${encodeURIComponent('phenomenonTime asc')}`, `$top=${top}`];
    return `${root}/Datastreams(${keySegment(ds.id)})/Observations?${q.filter((x) => x !== null).join('&')}`;
  }

  async function readObservations(ds: DatastreamToPoll): Promise<void> {
    const key = String(ds.id);
    // What was delivered before this poll: pages of this poll may share the newest time (siblings), earlier ones may not.
    const last = cursor[key] ?? opts.since;
    const lastMs = last === undefined ? -Infinity : Date.parse(last);
    let url: string | null = observationsUrl(ds);
    for (let page = 0; url && page < maxPages && !stopped; page++) {
      const p = readPage(await get(url), url);
      const records: SourceRecord[] = [];
      const receivedAt = Date.now();
      let newest: { text: string; ms: number } | null = null;
      for (const o of p.value) {
        const r = observationRecord(o, ds);
        const origin = `${root}/Datastreams(${keySegment(ds.id)})/Observations${r.id !== null ? `(${keySegment(r.id)})` : ''}`;
        if (!r.ok) {
          sink?.unparsable('bad-observation', r.detail, origin);
          continue;
        }
        // A server that ignores the filter, or a page shifted by new data, must not deliver an Observation twice.
        if (r.at.ms < lastMs || r.at.text === last) continue;
        records.push({ value: r.value, origin, receivedAt });
        if (!newest || r.at.ms >= newest.ms) newest = r.at;
      }
      if (stopped) return;
      if (records.length) sink?.records(records);
      if (newest) {
        cursor[key] = newest.text;
        opts.onCursor?.({ datastreams: { ...cursor } });
      }
      url = p.nextLink === null ? null : checkLink(p.nextLink, url);
    }
  }

  async function poll(): Promise<void> {
    try {
      if (!datastreams || Date.now() - thingsAt >= (opts.thingsRefreshMs ?? 15 * 60_000)) {
        datastreams = await readThings();
        thingsAt = Date.now();
      }
      for (const ds of datastreams) {
        if (stopped) return;
        await readObservations(ds);
      }
      if (stopped) return;
      attempt = 0;
      if (!healthy) sink?.ok();
      healthy = true;
      schedule(opts.pollIntervalMs ?? 60_000);
    } catch (e) {
      if (stopped) return;
      const err = e instanceof StaFetchError ? e : new StaFetchError('bad-response', (e as Error).message);
      const wait = backoffMs(attempt++, opts.backoffCapMs ?? 60_000);
      healthy = false;
      datastreams = null; // read the Things again after a failure: the server may have changed
      sink?.failing(err.reason, err.detail, wait);
      schedule(wait);
    }
  }

  function schedule(ms: number) {
    if (stopped) return;
    timer = setTimeout(() => {
      timer = null;
      running = poll();
    }, ms);
  }

  return {
    start(s) {
      if (sink || stopped) return;
      sink = s;
      running = poll();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      abort.abort();
      await running;
    },
    cursor: () => ({ datastreams: { ...cursor } }),
  };
}
