/**
 * What can be searched, as entries (match.ts): sensors (name, id, type, street and district attributes), places (the
 * city itself and the districts / zones the engine knows), alarms (rule name, place, group, priority, state, message)
 * and rules (name, id, type). Built from plain data; no store. Flagged sensors and broken rules are kept and marked.
 */
import type { Alarm, RuleSummary, ZoneInfo } from '../../electron/engine/api';
import type { Priority } from '../../electron/shared/alarm-priority';
import type { Sensor, SensorState } from '../../electron/shared/model';
import type { SensorTypeRegistry } from '../../electron/shared/sensor-types/registry';
import { alarmSubjectText, ruleName, severityLabel, STATE_LABEL, type AlarmContext, priorityLabel } from '../alarms/alarmList';
import { t } from '../i18n/i18n';
import { formatInt } from '../panels/format';
import type { CityInfo } from '../store';
import { entry, field, type SearchEntry } from './match';

/**
 * Attributes that say where a sensor is (a street, a district, a post code), by key: searched and shown. Keys naming
 * an identifier (`locationId`, `siteCode`) are not a place in words.
 */
const PLACE_ATTRIBUTE = /street|road|address|district|neighbo|suburb|ward|area|zone|locality|location|site|postal|postcode|zip|place/i;
const IDENTIFIER_KEY = /(id|code|ref|number|no)$/i;

/** A sensor's place in words from its attributes: "Kærlighedsstien 8000", "Søftenvej → Søftenvej 8200". */
export function placeText(sensor: Pick<Sensor, 'attributes'>): string {
  const parts: string[] = [];
  for (const [key, v] of Object.entries(sensor.attributes)) {
    if (!PLACE_ATTRIBUTE.test(key) || (IDENTIFIER_KEY.test(key) && !/postcode|postalcode|zipcode/i.test(key)) || v === null || v === '') continue;
    const text = String(v).trim();
    if (text && !parts.includes(text)) parts.push(text);
  }
  return parts.join(' · ');
}

/** The city's id among places (zones have the engine's ids). */
export const CITY_PLACE_ID = '';

export function sensorEntries(catalogue: ReadonlyMap<string, Sensor>, registry: SensorTypeRegistry): SearchEntry[] {
  const out: SearchEntry[] = [];
  for (const s of catalogue.values()) {
    const type = registry.get(s.kind);
    const typeLabel = type?.label ?? s.kind;
    const place = placeText(s);
    out.push(
      entry(
        { kind: 'sensor', id: s.id, title: s.name || s.id, detail: place ? `${typeLabel} · ${place}` : typeLabel, order: 0 },
        [field(s.name, 1), field(s.id, 0.8), field(place, 0.7), field(typeLabel, 0.5), field(type?.pluralLabel, 0.5)],
      ),
    );
  }
  return out;
}

/**
 * A sensor's mark beside its search result, from its current state (looked up for the results shown, so that the index
 * is not rebuilt on every reading): flagged, or never heard; null when neither. Never a reason to leave it out.
 */
export function sensorMark(state: SensorState | undefined): string | null {
  if (!state?.last) return 'never heard';
  return state.flags.length ? 'flagged' : null;
}

export function placeEntries(city: CityInfo, zones: readonly ZoneInfo[]): SearchEntry[] {
  const out: SearchEntry[] = [];
  if (city.name && (city.home || city.extent)) {
    out.push(entry({ kind: 'place', id: CITY_PLACE_ID, title: city.name, detail: 'The city (home view)', order: 0 }, [field(city.name, 1)]));
  }
  for (const z of zones) out.push(entry({ kind: 'place', id: z.id, title: z.name, detail: `District ${z.id}`, order: 1 }, [field(z.name, 1), field(z.id, 0.6)]));
  return out;
}

const PRIORITY_RANK: Record<Priority, number> = { urgent: 0, high: 1, medium: 2, low: 3 };

/** Open alarms first by priority, then resolved ones; within that, newer first (raisedAt is below 1e13 until 2286). */
function alarmOrder(a: Alarm): number {
  return (PRIORITY_RANK[a.priority] + (a.state === 'resolved' ? 4 : 0)) * 1e13 + (1e13 - a.raisedAt);
}

export function alarmEntries(alarms: Iterable<Alarm>, ctx: AlarmContext): SearchEntry[] {
  const out: SearchEntry[] = [];
  for (const a of alarms) {
    const rule = ruleName(a, ctx.rules);
    const place = alarmSubjectText(a, ctx);
    const priority = priorityLabel(a.priority);
    out.push(
      entry({ kind: 'alarm', id: a.id, title: rule, detail: `${place} · ${priority} · ${STATE_LABEL[a.state]}`, order: alarmOrder(a) }, [
        field(rule, 1),
        field(place, 0.9),
        field(a.group?.name, 0.9),
        field(a.subject, 0.6),
        field(priority, 0.6),
        field(STATE_LABEL[a.state], 0.4),
        field(a.message, 0.4),
      ]),
    );
  }
  return out;
}

export function ruleEntries(rules: ReadonlyMap<string, RuleSummary>, registry: SensorTypeRegistry): SearchEntry[] {
  const out: SearchEntry[] = [];
  for (const r of rules.values()) {
    const typeLabel = r.kind ? (registry.get(r.kind)?.label ?? r.kind) : '';
    const parts = [typeLabel, r.severity ? severityLabel(r.severity) : '', t(r.broken ? 'search.ruleBroken' : r.enabled ? 'search.ruleEnabled' : 'search.ruleDisabled'), t('search.ruleOpen', { n: formatInt(r.openAlarms) })].filter(Boolean);
    out.push(
      entry({ kind: 'rule', id: r.id, title: r.name, detail: parts.join(' · '), order: r.broken ? 0 : r.enabled ? 1 : 2, ...(r.broken ? { marks: ['broken'] } : {}) }, [
        field(r.name, 1),
        field(r.id, 0.7),
        field(typeLabel, 0.5),
      ]),
    );
  }
  return out;
}
