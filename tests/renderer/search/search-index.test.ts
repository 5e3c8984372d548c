import { describe, expect, it } from 'vitest';
import type { RuleSummary, ZoneInfo } from '../../../electron/engine/api';
import type { Sensor } from '../../../electron/shared/model';
import { fold, foldForms } from '../../../renderer/search/fold';
import { placeText, sensorMark } from '../../../renderer/search/entries';
import { foldQuery, searchEntries, wordScore } from '../../../renderer/search/match';
import { narrows, SearchIndex, SEARCH_LIMITS, type SearchSources } from '../../../renderer/search/searchIndex';
import { UNKNOWN_CITY } from '../../../renderer/store';
import { SHIPPED_REGISTRY, stateOf } from '../fixtures';
import { alarm } from '../workload-fixtures';

function carPark(id: string, name: string, street: string): Sensor {
  return { id: `parking:${id}`, kind: 'car-park', name, geometry: { type: 'Point', coordinates: [10.2, 56.15] }, expectedIntervalS: 1800, attributes: { capacity: 100, street, postalCode: '8000' } };
}
function segment(id: string, name: string, from: string, to: string): Sensor {
  return { id: `traffic:${id}`, kind: 'traffic', name, geometry: { type: 'LineString', coordinates: [[10.1, 56.1], [10.2, 56.2]] }, expectedIntervalS: 300, attributes: { normalSpeedKmh: 50, fromStreet: from, toStreet: to, reportName: 'AAR_BT_0020' } };
}
function rule(id: string, name: string, over: Partial<RuleSummary> = {}): RuleSummary {
  return { id, name, enabled: true, severity: 'warning', kind: 'car-park', version: 1, author: 'x', updatedAt: 1, rule: null, broken: null, problems: [], openAlarms: 0, ...over };
}
const ZONES: ZoneInfo[] = [
  { id: '1', name: 'Midtbyen', polygons: [[[[10.19, 56.15], [10.22, 56.15], [10.22, 56.17], [10.19, 56.15]]]] },
  { id: '7', name: 'Århus V', polygons: [[[[10.1, 56.15], [10.15, 56.15], [10.15, 56.17], [10.1, 56.15]]]] },
];

function sources(over: Partial<SearchSources> = {}): SearchSources {
  const sensors = [
    carPark('SALLING', 'Salling (Østergade 25)', 'Østergade'),
    carPark('KALKVAERKSVEJ', 'Kalkvaerksvej (Kalkværksvej)', 'Kalkværksvej'),
    carPark('MAGASIN', 'Magasin (Åboulevarden 70)', 'Åboulevarden'),
    segment('1', 'Søftenvej', 'Søftenvej', 'Randersvej'),
    segment('2', 'Ringvej Syd', 'Ringvej Syd', 'Viby Ringvej'),
    segment('3', 'Nordre Ringgade', 'Nordre Ringgade', 'Ringgaden'),
  ];
  const rules = new Map([
    ['car-park-full', rule('car-park-full', 'Car park full')],
    ['congestion', rule('congestion', 'Congestion by district', { kind: 'traffic', severity: 'critical' })],
    ['old', rule('old', 'Old broken rule', { broken: 'not JSON' })],
  ]);
  const alarms = new Map(
    [
      alarm('a-low', { ruleId: 'car-park-full', subject: 'parking:SALLING', priority: 'low', raisedAt: 5_000 }),
      alarm('a-urgent', { ruleId: 'car-park-full', subject: 'parking:MAGASIN', priority: 'urgent', raisedAt: 1_000 }),
      alarm('a-zone', { ruleId: 'congestion', subject: 'zone:1', priority: 'high', raisedAt: 2_000, message: 'Speed 13% of normal' }),
      alarm('a-resolved', { ruleId: 'car-park-full', subject: 'parking:KALKVAERKSVEJ', priority: 'urgent', state: 'resolved', raisedAt: 9_000 }),
    ].map((a) => [a.id, a]),
  );
  return {
    catalogue: new Map(sensors.map((s) => [s.id, s])),
    registry: SHIPPED_REGISTRY,
    city: { ...UNKNOWN_CITY, name: 'Aarhus', extent: [10.1, 56.1, 10.3, 56.2] },
    zones: ZONES,
    alarms,
    rules,
    ...over,
  };
}

const ids = (groups: ReturnType<SearchIndex['search']>, kind: string) => groups.find((g) => g.kind === kind)?.hits.map((h) => h.entry.id) ?? [];

describe('fold: accents and Danish letters', () => {
  it('lower case, marks dropped, punctuation to spaces; æ ø å in their Danish and plain forms', () => {
    expect(fold('Salling (Østergade 25)')).toBe('salling oestergade 25');
    expect(foldForms('Århus')).toEqual(['aarhus', 'arhus']);
    expect(foldForms('Aarhus')).toEqual(['aarhus']);
    expect(foldForms('Kalkværksvej')).toEqual(['kalkvaerksvej']);
    expect(foldForms('Søndergade')).toEqual(['soendergade', 'sondergade']);
    expect(foldForms('Café Zürich')).toEqual(['cafe zurich']);
    expect(foldForms('  —  ')).toEqual([]);
  });
  it('a query word keeps both forms; words in order', () => {
    expect(foldQuery('Århus V').words).toEqual([['aarhus', 'arhus'], ['v']]);
    expect(foldQuery('').words).toEqual([]);
  });
});

describe('ranking', () => {
  it('whole field > start of field > start of a word > inside a word > none', () => {
    expect(wordScore('salling', 'salling')).toBe(4);
    expect(wordScore('sal', 'salling oestergade')).toBe(3);
    expect(wordScore('oest', 'salling oestergade')).toBe(2);
    expect(wordScore('ergade', 'salling oestergade')).toBe(1);
    expect(wordScore('xyz', 'salling oestergade')).toBe(0);
  });
  it('prefix and word matches come before substring matches', () => {
    // "ring": Ringvej Syd starts with it, Nordre Ringgade has a word starting with it; "Søftenvej → Randersvej" has no
    // word starting with "ring", nothing else contains it.
    const idx = new SearchIndex();
    expect(ids(idx.search(sources(), 'ring'), 'sensor')).toEqual(['traffic:2', 'traffic:3']);
    // "gade": inside words only (Østergade, Ringgade).
    const gade = ids(idx.search(sources(), 'gade'), 'sensor');
    expect(gade).toContain('parking:SALLING');
    expect(gade).toContain('traffic:3');
    // The name counts more than the street: "salling" finds the car park by name first.
    expect(ids(idx.search(sources(), 'salling'), 'sensor')).toEqual(['parking:SALLING']);
  });
  it('every word of the query must match, in any order', () => {
    const idx = new SearchIndex();
    expect(ids(idx.search(sources(), 'syd ringvej'), 'sensor')).toEqual(['traffic:2']);
    expect(ids(idx.search(sources(), 'ringvej nowhere'), 'sensor')).toEqual([]);
  });
  it('an empty query finds nothing', () => {
    expect(new SearchIndex().search(sources(), '   ')).toEqual([]);
  });
});

describe('accents fold both ways', () => {
  it('"Århus" finds Aarhus (the city) and the district Århus V; "aarhus v" finds the district', () => {
    const idx = new SearchIndex();
    expect(ids(idx.search(sources(), 'Århus'), 'place')).toEqual(['', '7']);
    expect(ids(idx.search(sources(), 'aarhus v'), 'place')).toEqual(['7']);
    expect(ids(idx.search(sources(), 'arhus'), 'place')).toEqual(['7', '']); // the city's "aarhus" contains it: after
  });
  it('Danish street names typed without æ ø å, and with them', () => {
    const idx = new SearchIndex();
    expect(ids(idx.search(sources(), 'Kalkværksvej'), 'sensor')).toEqual(['parking:KALKVAERKSVEJ']);
    expect(ids(idx.search(sources(), 'kalkvaerks'), 'sensor')).toEqual(['parking:KALKVAERKSVEJ']);
    expect(ids(idx.search(sources(), 'ostergade'), 'sensor')).toEqual(['parking:SALLING']);
    expect(ids(idx.search(sources(), 'oestergade'), 'sensor')).toEqual(['parking:SALLING']);
    expect(ids(idx.search(sources(), 'aboulevarden'), 'sensor')).toEqual(['parking:MAGASIN']);
    expect(ids(idx.search(sources(), 'soeftenvej'), 'sensor')).toEqual(['traffic:1']);
    expect(ids(idx.search(sources(), 'softenvej'), 'sensor')).toEqual(['traffic:1']);
  });
});

describe('all four kinds', () => {
  it('sensors by name, id, type and street; places; alarms by rule, place and priority; rules by name', () => {
    const idx = new SearchIndex();
    expect(ids(idx.search(sources(), 'parking:magasin'), 'sensor')).toEqual(['parking:MAGASIN']);
    expect(ids(idx.search(sources(), 'randersvej'), 'sensor')).toEqual(['traffic:1']);
    expect(ids(idx.search(sources(), 'car park'), 'sensor')).toHaveLength(3);
    expect(ids(idx.search(sources(), 'midtbyen'), 'place')).toEqual(['1']);
    // The zone alarm is found by its district's name too.
    expect(ids(idx.search(sources(), 'midtbyen'), 'alarm')).toEqual(['a-zone']);
    expect(ids(idx.search(sources(), 'urgent'), 'alarm')).toEqual(['a-urgent', 'a-resolved']);
    expect(ids(idx.search(sources(), 'speed 13'), 'alarm')).toEqual(['a-zone']);
    expect(ids(idx.search(sources(), 'congestion'), 'rule')).toEqual(['congestion']);
  });
  it('alarms with the same match: open before resolved, by priority, newer first', () => {
    const idx = new SearchIndex();
    expect(ids(idx.search(sources(), 'car park full'), 'alarm')).toEqual(['a-urgent', 'a-low', 'a-resolved']);
    const g = idx.search(sources(), 'car park full').find((x) => x.kind === 'alarm')!;
    expect(g.hits[0]!.entry.detail).toBe('Magasin (Åboulevarden 70) · Urgent · Active');
  });
  it('a broken rule is found and marked, not left out', () => {
    const hit = new SearchIndex().search(sources(), 'old broken').find((g) => g.kind === 'rule')!.hits[0]!;
    expect(hit.entry.marks).toEqual(['broken']);
    expect(hit.entry.detail).toContain('broken');
  });
  it('results per kind are capped; the group says how many matched', () => {
    const g = new SearchIndex().search(sources(), 'car', { sensor: 2, place: 5, alarm: 1, rule: 5 });
    expect(g.find((x) => x.kind === 'sensor')).toMatchObject({ total: 3 });
    expect(g.find((x) => x.kind === 'sensor')!.hits).toHaveLength(2);
    expect(g.find((x) => x.kind === 'alarm')!.hits).toHaveLength(1);
  });
  it('a sensor is described by its type and place; its mark comes from its state', () => {
    expect(placeText(segment('1', 'x', 'Søftenvej', 'Randersvej'))).toBe('Søftenvej · Randersvej');
    const hit = new SearchIndex().search(sources(), 'salling').find((g) => g.kind === 'sensor')!.hits[0]!;
    expect(hit.entry.detail).toBe('Car park · Østergade · 8000');
    expect(sensorMark(undefined)).toBe('never heard');
    expect(sensorMark(stateOf('parking:SALLING', 1, { vehicleCount: 130 }, ['over-capacity']))).toBe('flagged');
    expect(sensorMark(stateOf('parking:SALLING', 1, { vehicleCount: 30 }))).toBeNull();
  });
});

describe('the index is built once per change, not per keystroke', () => {
  it('10,000 sensors: built once, then typing and alarm events do not rebuild the sensors', () => {
    const many = new Map<string, Sensor>();
    for (let i = 0; i < 10_000; i++) {
      const s = i % 10 === 0 ? carPark(`P${i}`, `Car park ${i}`, `Gade ${i % 97}`) : segment(String(i), `Road ${i}`, `Vej ${i % 113}`, `Vej ${(i + 1) % 113}`);
      many.set(s.id, s);
    }
    const idx = new SearchIndex();
    let src = sources({ catalogue: many });
    for (const q of ['r', 'ro', 'roa', 'road', 'road 9', 'road 99', 'road 999']) idx.search(src, q);
    expect(idx.builds.sensor).toBe(1);
    const found = idx.search(src, 'road 9999', SEARCH_LIMITS).find((g) => g.kind === 'sensor')!;
    expect(found.hits[0]!.entry.id).toBe('traffic:9999');
    // An alarms event rebuilds the alarms only.
    src = { ...src, alarms: new Map([['n', alarm('n', { ruleId: 'congestion', subject: 'traffic:5' })]]) };
    idx.search(src, 'road');
    expect(idx.builds).toEqual({ sensor: 1, place: 1, alarm: 2, rule: 1 });
    // A new catalogue rebuilds the sensors (and the alarms, whose place names come from it).
    src = { ...src, catalogue: new Map(many) };
    idx.search(src, 'road');
    expect(idx.builds).toEqual({ sensor: 2, place: 1, alarm: 3, rule: 1 });
  });
});

describe('searchEntries', () => {
  it('kinds without a match are left out; the kinds come in a fixed order', () => {
    const idx = new SearchIndex();
    const groups = searchEntries(idx.entries(sources()), 'car', SEARCH_LIMITS);
    expect(groups.map((g) => g.kind)).toEqual(['sensor', 'alarm', 'rule']);
  });
});

describe('typing ahead narrows the last matches', () => {
  it('narrows only when every word of the last query is kept or typed further', () => {
    expect(narrows(foldQuery('ro'), foldQuery('road'))).toBe(true);
    expect(narrows(foldQuery('road'), foldQuery('road 9'))).toBe(true);
    expect(narrows(foldQuery('Å'), foldQuery('Århus'))).toBe(true);
    expect(narrows(foldQuery('road'), foldQuery('roa'))).toBe(false);
    expect(narrows(foldQuery('road 9'), foldQuery('road'))).toBe(false);
    expect(narrows(foldQuery('road'), foldQuery('rod'))).toBe(false);
  });
  it('gives the same results as a fresh search, also after deleting back', () => {
    const typed = new SearchIndex();
    const src = sources(); // the same sources throughout: the index is not rebuilt, the narrowing is used
    for (const q of ['r', 'ri', 'rin', 'ring', 'ringv', 'ring', 'rin', 's', 'sa', 'sal', 'Å', 'Åb', 'k', 'ka', 'kalkv', 'kalkvae']) {
      expect(typed.search(src, q)).toEqual(new SearchIndex().search(src, q));
    }
    expect(typed.builds.sensor).toBe(1);
  });
});

describe('a sensor\'s place from its attributes', () => {
  it('streets, districts and post codes; identifiers (locationId, siteCode) are not places', () => {
    const at = (attributes: Sensor['attributes']) => placeText({ attributes });
    expect(at({ street: 'Kærlighedsstien', postalCode: '8000', garageCode: 'NORREPORT', capacity: 65 })).toBe('Kærlighedsstien · 8000');
    expect(at({ locationId: '3121', sensorModel: 'SDS011' })).toBe('');
    expect(at({ siteCode: 'AB1', district: 'Old Aberdeen', road: null })).toBe('Old Aberdeen');
  });
});
