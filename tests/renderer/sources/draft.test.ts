/** The Connect-a-source form's document: credentials as references only, the mapping only when complete, round trip. */
import { describe, expect, it } from 'vitest';
import { documentOf, draftOf, emptyDraft, issuesByField, secretsOf, type SourceDraft } from '../../../renderer/sources/draft';

function bristol(): SourceDraft {
  return {
    ...emptyDraft(),
    id: 'bristol-air',
    name: 'Bristol air',
    url: 'http://portal.example/air.geojson',
    format: 'geojson',
    auth: 'basic',
    user: 'portal-user',
    secret: 'hunter2-secret',
    idField: 'properties.site_id',
    positionKind: 'geometry',
    geometryField: 'geometry',
    timeField: 'properties.measured_at',
    timeFormat: 'pattern',
    timePattern: 'YYYY-MM-DD HH:mm:ss',
    timeZone: 'Europe/London',
    sensorType: 'air-quality',
    metrics: { no2: { field: 'properties.no2', unit: 'µg/m³' }, pm10: { field: '', unit: 'µg/m³' } },
  };
}

describe('the source form', () => {
  it('puts a reference in the document and the password beside it', () => {
    const d = bristol();
    const doc = documentOf(d, { mapping: true });
    expect(JSON.stringify(doc)).not.toContain('hunter2-secret');
    expect(doc.source).toMatchObject({ type: 'http', connection: { url: d.url, format: 'geojson', auth: { type: 'basic', user: 'portal-user', password: { env: 'CITYDESK_SECRET_PASSWORD' } } } });
    expect(secretsOf(d)).toEqual({ PASSWORD: 'hunter2-secret' });
    expect(secretsOf({ ...d, secret: '' })).toEqual({}); // empty: keep the stored one
    // Unmapped metrics are left out; the time keeps its pattern and zone.
    expect(doc.source.mapping).toEqual({ id: 'properties.site_id', position: { geometry: 'geometry' }, time: { field: 'properties.measured_at', format: { pattern: 'YYYY-MM-DD HH:mm:ss' }, zone: 'Europe/London' }, metrics: { no2: { field: 'properties.no2', unit: 'µg/m³' } } });
  });

  it('leaves the mapping out until it has an id, a time, a type and a metric', () => {
    const doc = documentOf({ ...bristol(), idField: '' }, { mapping: true });
    expect(doc.source.mapping).toBeUndefined();
    expect(doc.source.sensorType).toBeUndefined();
  });

  it('reads a saved document back (the password is not in it: the form shows "stored")', () => {
    const d = bristol();
    const back = draftOf(documentOf(d, { mapping: true }));
    expect(back).toEqual({ ...d, secret: '', nameField: '', metrics: { no2: d.metrics.no2 } });
  });

  it('defines a new type as a full sensor-type document', () => {
    const d: SourceDraft = { ...bristol(), sensorType: '', newType: { id: 'river-level', label: 'River level', geometry: 'point', metrics: [{ id: 'level', label: 'Level', unit: 'm' }] }, metrics: { level: { field: 'properties.no2', unit: 'm' } } };
    const doc = documentOf(d, { mapping: true });
    expect(doc.source.sensorType).toBe('river-level');
    expect(doc.newType).toMatchObject({ id: 'river-level', schema: 1, geometry: 'point', metrics: [{ id: 'level', unit: 'm' }], style: { headline: 'level' } });
  });

  it('puts each error at its field, the rest in a general list', () => {
    const m = issuesByField([
      { path: 'source.mapping.time.zone', message: 'must be an IANA time zone' },
      { path: 'newType.metrics[0].unit', message: 'unknown unit' },
      { path: 'hub.id', message: 'odd' },
    ]);
    expect(m.get('source.mapping.time.zone')).toEqual(['must be an IANA time zone']);
    expect(m.get('newType')).toEqual(['newType.metrics[0].unit: unknown unit']);
    expect(m.get('')).toEqual(['hub.id: odd']);
  });
});
