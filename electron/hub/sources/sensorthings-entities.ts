/**
 * Reading SensorThings API 1.1 entities (OGC 18-088) out of JSON responses: a page of Things with their Locations and
 * Datastreams (ObservedProperty expanded) becomes the Datastreams to poll, each with what a record of its Observations
 * carries; an Observation joined with its Datastream becomes a record's value. Shapes that break the standard are
 * reported as StaFetchError('bad-response'); one bad Observation is only that Observation's problem.
 */
import { StaFetchError } from './sensorthings-http';

type Id = string | number;

/** A Datastream to poll, with everything its Observations' records carry besides the Observation. */
export interface DatastreamToPoll {
  id: Id;
  thing: { id: Id; name: string | null; properties: unknown };
  /** The Thing's first Location as GeoJSON (the `location` of a Location with a GeoJSON encodingType), or null. */
  location: unknown;
  datastream: { id: Id; name: string | null; unitOfMeasurement: { name: string | null; symbol: string | null; definition: string | null } };
  observedProperty: { name: string | null; definition: string | null } | null;
}

/** One page of an entity set: its `value` array and the link to the next page, if any. */
export interface Page {
  value: unknown[];
  nextLink: string | null;
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const str = (x: unknown) => (typeof x === 'string' ? x : null);
const isId = (x: unknown): x is Id => typeof x === 'string' || (typeof x === 'number' && Number.isFinite(x));

export function readPage(json: unknown, url: string): Page {
  if (!isObject(json) || !Array.isArray(json.value)) throw new StaFetchError('bad-response', `${url}: not an entity set (no "value" array)`);
  const next = json['@iot.nextLink'];
  if (next !== undefined && next !== null && typeof next !== 'string') throw new StaFetchError('bad-response', `${url}: "@iot.nextLink" is not a URL`);
  return { value: json.value, nextLink: next ?? null };
}

/** The Datastreams of a page of Things (expanded with Locations and Datastreams/ObservedProperty). */
export function datastreamsOf(things: readonly unknown[], url: string): DatastreamToPoll[] {
  const out: DatastreamToPoll[] = [];
  for (const [i, t] of things.entries()) {
    if (!isObject(t) || !isId(t['@iot.id'])) throw new StaFetchError('bad-response', `${url}: Thing ${i} has no @iot.id`);
    const thing = { id: t['@iot.id'], name: str(t.name), properties: t.properties ?? null };
    const locations = Array.isArray(t.Locations) ? t.Locations : [];
    const loc = locations.find((l) => isObject(l) && isObject(l.location));
    const location = isObject(loc) ? loc.location : null;
    const streams = t.Datastreams;
    if (!Array.isArray(streams)) throw new StaFetchError('bad-response', `${url}: Thing ${JSON.stringify(thing.id)} has no expanded Datastreams`);
    for (const [j, d] of streams.entries()) {
      if (!isObject(d) || !isId(d['@iot.id'])) throw new StaFetchError('bad-response', `${url}: Datastream ${j} of Thing ${JSON.stringify(thing.id)} has no @iot.id`);
      const uom = isObject(d.unitOfMeasurement) ? d.unitOfMeasurement : {};
      const op = isObject(d.ObservedProperty) ? d.ObservedProperty : null;
      out.push({
        id: d['@iot.id'],
        thing,
        location,
        datastream: { id: d['@iot.id'], name: str(d.name), unitOfMeasurement: { name: str(uom.name), symbol: str(uom.symbol), definition: str(uom.definition) } },
        observedProperty: op && { name: str(op.name), definition: str(op.definition) },
      });
    }
  }
  return out;
}

/** An OData key in a resource path: 5, or 'abc' (quotes doubled inside). */
export function keySegment(id: Id): string {
  return typeof id === 'number' ? String(id) : `'${encodeURIComponent(id.replace(/'/g, "''"))}'`;
}

/** ISO 8601 instants as SensorThings writes them (an OData DateTimeOffset literal): safe to put in a $filter as is. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

export const isIsoInstant = (t: string) => INSTANT.test(t) && Number.isFinite(Date.parse(t));

/**
 * The instant an Observation is ordered by: its phenomenonTime, or the start of a phenomenonTime interval ("a/b"),
 * the way a server compares `phenomenonTime gt X`. `text` is the server's own spelling when it is a plain ISO 8601
 * instant (kept to the server's precision), else the instant rewritten as one (so that it is safe in a $filter).
 * Null if it is no time at all.
 */
export function phenomenonInstant(t: unknown): { text: string; ms: number } | null {
  if (typeof t !== 'string') return null;
  const start = t.split('/')[0]!;
  const ms = Date.parse(start);
  if (!Number.isFinite(ms)) return null;
  return { text: INSTANT.test(start) ? start : new Date(ms).toISOString(), ms };
}

export type ObservationRead = { ok: true; id: Id | null; at: { text: string; ms: number }; value: Record<string, unknown> } | { ok: false; id: Id | null; detail: string };

/** An Observation joined with its Datastream, Thing, Location and ObservedProperty: the record's value. */
export function observationRecord(o: unknown, ds: DatastreamToPoll): ObservationRead {
  if (!isObject(o)) return { ok: false, id: null, detail: 'not an object' };
  const id = isId(o['@iot.id']) ? o['@iot.id'] : null;
  const at = phenomenonInstant(o.phenomenonTime);
  if (!at) return { ok: false, id, detail: `phenomenonTime ${JSON.stringify(o.phenomenonTime ?? null)} is not an ISO 8601 time or interval` };
  return {
    ok: true,
    id,
    at,
    value: {
      thing: ds.thing,
      location: ds.location,
      datastream: ds.datastream,
      observedProperty: ds.observedProperty,
      observationId: id,
      phenomenonTime: o.phenomenonTime,
      resultTime: o.resultTime ?? null,
      result: o.result ?? null,
    },
  };
}
