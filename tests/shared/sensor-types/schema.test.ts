import { describe, expect, it } from 'vitest';
import { formatPath, parseSensorType, type SensorTypeIssue } from '../../../electron/shared/sensor-types/schema';
import type { SensorType } from '../../../electron/shared/sensor-types/types';
import { gauge } from './gauge-type';

const valid = (): SensorType => gauge();

function issuesOf(mutate: (t: SensorType & Record<string, unknown>) => void): SensorTypeIssue[] {
  const t = valid() as SensorType & Record<string, unknown>;
  mutate(t);
  const r = parseSensorType(JSON.parse(JSON.stringify(t)));
  if (r.ok) throw new Error('parsed');
  return r.issues;
}

describe('parseSensorType', () => {
  it('accepts a valid type and returns it unchanged', () => {
    const r = parseSensorType(valid());
    expect(r).toEqual({ ok: true, type: valid() });
  });

  it.each<[string, (t: any) => void, SensorTypeIssue]>([
    ['bad type id', (t) => (t.id = 'River'), { path: 'id', message: 'must be lower-case letters, digits and -, starting with a letter' }],
    ['unknown field', (t) => (t.colour = 'red'), { path: '', message: expect.stringContaining('colour') }],
    ['unknown field in a metric', (t) => (t.metrics[1].scale = 2), { path: 'metrics[1]', message: expect.stringContaining('scale') }],
    ['bad metric id', (t) => (t.metrics[1].id = 'pm2.5'), { path: 'metrics[1].id', message: 'must start with a letter and hold only letters, digits and _' }],
    ['reserved metric id', (t) => (t.metrics[1].id = 'and'), { path: 'metrics[1].id', message: "'and' is a reserved word of the expression language" }],
    ['unknown unit', (t) => (t.metrics[1].unit = 'furlongs'), { path: 'metrics[1].unit', message: "unknown unit 'furlongs'" }],
    ['min above max', (t) => (t.metrics[0].min = 30), { path: 'metrics[0].max', message: 'max (10) is below min (30)' }],
    ['precision not an integer', (t) => (t.metrics[0].precision = 1.5), { path: 'metrics[0].precision', message: 'must be an integer' }],
    ['duplicate metric id across raw and derived', (t) => (t.derived[0].id = 'count'), { path: 'derived[0].id', message: "duplicate metric id 'count' (also metrics[1])" }],
    ['formula with an unknown metric', (t) => (t.derived[1].formula = 'pm25 / 2'), { path: 'derived[1].formula', message: "unknown metric 'pm25' at column 0" }],
    ['formula with an unknown metric, later column', (t) => (t.derived[1].formula = 'levelCm + pm25'), { path: 'derived[1].formula', message: "unknown metric 'pm25' at column 10" }],
    ['formula that is a condition', (t) => (t.derived[0].formula = 'level > 1'), { path: 'derived[0].formula', message: 'expected a number, got a comparison at column 0' }],
    [
      'formula using a later derived metric',
      (t) => (t.derived[0].formula = 'pctOfFlood / 2'),
      { path: 'derived[0].formula', message: "'pctOfFlood' is derived later: a formula may use raw metrics and the derived metrics declared before it" },
    ],
    ['formula using itself', (t) => (t.derived[0].formula = 'levelCm + 1'), { path: 'derived[0].formula', message: "'levelCm' cannot use itself" }],
    ['check that is a number', (t) => (t.checks[0].when = 'pctOfFlood'), { path: 'checks[0].when', message: 'expected a condition (a comparison), got a number at column 0' }],
    ['check with a syntax error', (t) => (t.checks[0].when = 'pctOfFlood >= '), { path: 'checks[0].when', message: 'unexpected end of expression at column 14' }],
    ['check named like a generic flag', (t) => (t.checks[0].id = 'missing-value'), { path: 'checks[0].id', message: "'missing-value' is a generic flag every type has" }],
    ['duplicate check', (t) => t.checks.push({ ...t.checks[0] }), { path: 'checks[2].id', message: "duplicate check id 'flood'" }],
    ['unknown headline', (t) => (t.style.headline = 'depth'), { path: 'style.headline', message: "unknown metric 'depth'" }],
    ['unknown size metric', (t) => (t.style.size = { metric: 'depth', minPixels: 2, maxPixels: 9, domain: [0, 1] }), { path: 'style.size.metric', message: "unknown metric 'depth'" }],
    ['size domain reversed', (t) => (t.style.size = { metric: 'count', minPixels: 2, maxPixels: 9, domain: [500, 0] }), { path: 'style.size.domain', message: 'must be [low, high] with low < high' }],
    ['bands not ascending', (t) => (t.style.bands[1].upTo = 50), { path: 'style.bands[1].upTo', message: "must be above the previous band's 50 (bands ascend)" }],
    ['open band not last', (t) => (t.style.bands[0].upTo = null), { path: 'style.bands[0].upTo', message: 'only the last band may be open (upTo null)' }],
    ['colour channel above 255', (t) => (t.style.bands[2].colour = [256, 0, 0]), { path: 'style.bands[2].colour[0]', message: 'must be 0..255' }],
    ['colour channel fractional', (t) => (t.style.bands[2].colour = [255, 0.5, 0]), { path: 'style.bands[2].colour[1]', message: 'must be an integer 0..255' }],
    ['colour with 4 channels', (t) => (t.style.bands[2].colour = [255, 0, 0, 255]), { path: 'style.bands[2].colour', message: expect.any(String) }],
    ['schema version', (t) => (t.schema = 2), { path: 'schema', message: 'must be 1 (the version of this document shape)' }],
    ['geometry', (t) => (t.geometry = 'polygon'), { path: 'geometry', message: expect.stringContaining('point') }],
    ['no metrics', (t) => (t.metrics = []), { path: 'metrics', message: 'a type needs at least one metric' }],
    ['expected interval', (t) => (t.expectedIntervalS = 0), { path: 'expectedIntervalS', message: 'must be positive' }],
    ['starter rules not a list', (t) => (t.starterRules = {}), { path: 'starterRules', message: expect.any(String) }],
  ])('%s', (_name, mutate, issue) => {
    expect(issuesOf(mutate)).toContainEqual(issue);
  });

  it('reports every semantic problem at once', () => {
    const issues = issuesOf((t) => {
      t.metrics[0]!.unit = 'furlongs';
      t.derived[1]!.formula = 'x + 1';
      t.style.headline = 'nope';
    });
    expect(issues.map((i) => i.path)).toEqual(['metrics[0].unit', 'derived[1].formula', 'style.headline']);
  });

  it.each([null, 42, 'traffic', [], { id: 'x' }])('refuses %j with issues, never throws', (raw) => {
    const r = parseSensorType(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.length).toBeGreaterThan(0);
  });

  it('refuses a __proto__ key (strict objects) without polluting anything', () => {
    const r = parseSensorType(JSON.parse(JSON.stringify(valid()).replace('"id":"gauge"', '"id":"gauge","__proto__":{"polluted":1}')));
    expect(r).toEqual({ ok: false, issues: [{ path: '', message: 'Unrecognized key: "__proto__"' }] });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('formats paths', () => {
    expect(formatPath(['metrics', 2, 'unit'])).toBe('metrics[2].unit');
    expect(formatPath(['style', 'bands', 0, 'colour', 1])).toBe('style.bands[0].colour[1]');
    expect(formatPath([])).toBe('');
  });
});

describe('the example in README.md', () => {
  it('is a valid sensor type', async () => {
    const { readFileSync } = await import('node:fs');
    const readme = readFileSync(new URL('../../../electron/shared/sensor-types/README.md', import.meta.url), 'utf8');
    const block = /```json\n([\s\S]*?)\n```/.exec(readme)?.[1];
    const r = parseSensorType(JSON.parse(block ?? 'null'));
    expect(r.ok ? r.type.id : r.issues).toBe('river-gauge');
  });
});
