/**
 * The renderer's pure parts of incident bookmarks: the form's starting window (replayed instant, timeline view, live
 * clock), its parameters in the city's zone, the engine's refusals placed on fields, the area drawn on the map, and
 * "Draw on map" finishing into the bookmark's form rather than a rule's.
 */
import { PathLayer, PolygonLayer } from '@deck.gl/layers';
import { describe, expect, it } from 'vitest';
import type { Incident, ZoneInfo } from '../../electron/engine/api';
import type { LngLat } from '../../electron/shared/model';
import { AROUND_INSTANT_MS, areaText, formAreaShown, formOf, formParams, initialWindow, issuesByField, newForm } from '../../renderer/incidents/incidentForm';
import { incidentAreaLayers } from '../../renderer/map/layers/incidentArea';
import { openInReplay } from '../../renderer/incidents/mapActions';
import { appStore, createAppStore } from '../../renderer/store';

const CPH = 'Europe/Copenhagen';
const AT = Date.UTC(2014, 7, 4, 8, 0); // 10:00 CEST
const HOUR = 3_600_000;
const zone: ZoneInfo = { id: '170', name: 'Rådhuskvarteret', polygons: [[[[10.2, 56.15], [10.21, 56.15], [10.21, 56.16], [10.2, 56.15]]]] };

describe('the bookmark form', () => {
  it('starts around the replayed instant, or on a narrow timeline view that shows it, or on the live hour', () => {
    expect(initialWindow({ replayAt: AT, view: null, now: null })).toEqual({ from: AT - AROUND_INSTANT_MS, to: AT + AROUND_INSTANT_MS });
    expect(initialWindow({ replayAt: AT, view: { from: AT - HOUR, to: AT + 2 * HOUR }, now: null })).toEqual({ from: AT - HOUR, to: AT + 2 * HOUR });
    // A week-wide overview is not an incident window; nor is a view that does not show the instant.
    expect(initialWindow({ replayAt: AT, view: { from: AT - 7 * 24 * HOUR, to: AT + HOUR }, now: null })).toEqual({ from: AT - AROUND_INSTANT_MS, to: AT + AROUND_INSTANT_MS });
    expect(initialWindow({ replayAt: AT, view: { from: AT + HOUR, to: AT + 2 * HOUR }, now: null })?.from).toBe(AT - AROUND_INSTANT_MS);
    expect(initialWindow({ replayAt: null, view: null, now: AT })).toEqual({ from: AT - HOUR, to: AT });
    expect(initialWindow({ replayAt: null, view: null, now: null })).toBeNull();
  });

  it('shows times in the city zone and sends them as UTC instants', () => {
    const f = newForm({ from: AT, to: AT + HOUR }, CPH);
    expect([f.fromInput, f.toInput]).toEqual(['2014-08-04 10:00', '2014-08-04 11:00']);
    const r = formParams({ ...f, name: '  Overflow ', area: { kind: 'district', name: 'Rådhuskvarteret' }, alarmIds: ['a|b|1'], instantInputs: ['2014-08-04 10:30'] }, CPH);
    expect(r).toEqual({
      ok: true,
      params: { name: 'Overflow', from: AT, to: AT + HOUR, area: { kind: 'district', name: 'Rådhuskvarteret' }, notes: '', alarmIds: ['a|b|1'], instants: [AT + HOUR / 2] },
    });
  });

  it('says what is wrong, by field, before sending', () => {
    const f = newForm({ from: AT + HOUR, to: AT }, CPH);
    const r = formParams({ ...f, instantInputs: ['soon'] }, CPH);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(Object.keys(r.errors).sort()).toEqual(['instants', 'name', 'to']);
    expect(formParams({ ...newForm(null, CPH), name: 'x' }, CPH)).toMatchObject({ ok: false, errors: { from: 'enter the start as a date and time', to: 'enter the end as a date and time' } });
  });

  it('places the engine\u2019s refusals on their fields', () => {
    expect(issuesByField([
      { path: 'area.name', message: 'no district named "Atlantis"' },
      { path: 'from', message: 'starts before the cache' },
      { path: 'alarmIds.0', message: 'no alarm x' },
      { path: 'alarmIds.2', message: 'no alarm y' },
      { path: '', message: 'odd' },
    ])).toEqual({ area: 'no district named "Atlantis"', from: 'starts before the cache', alarms: 'no alarm x; no alarm y', form: 'odd' });
  });

  it('edits a bookmark as it was saved and gives its id back', () => {
    const incident: Incident = { id: 'i1', name: 'N', from: AT, to: AT + HOUR, area: { kind: 'drawn', polygon: [[10, 56], [10.1, 56], [10.1, 56.1]] }, notes: 'n', alarmIds: ['x'], instants: [AT], author: 'Ana', createdAt: 1, updatedAt: 2, version: 3, archived: false };
    const f = formOf(incident, CPH);
    const r = formParams(f, CPH);
    expect(r).toEqual({ ok: true, params: { id: 'i1', name: 'N', from: AT, to: AT + HOUR, area: incident.area, notes: 'n', alarmIds: ['x'], instants: [AT] } });
    expect(areaText(incident.area)).toBe('an area drawn on the map (3 corners)');
    expect(areaText(null)).toBe('no area (the whole city)');
  });
});

describe('the incident area on the map', () => {
  it('draws a district from the zones, outlined in the incident colour, each ring closed', () => {
    const area = formAreaShown({ kind: 'district', name: 'Rådhuskvarteret' }, [zone]);
    expect(area).toEqual({ kind: 'district', name: 'Rådhuskvarteret', polygons: zone.polygons });
    expect(formAreaShown({ kind: 'district', name: 'Atlantis' }, [zone])).toBeNull();
    const layers = incidentAreaLayers({ shownIncidentArea: area, mapMode: 'normal', drawTarget: 'scope', drawPoints: [] });
    expect(layers.map((l) => l.id)).toEqual(['incident-area-fill', 'incident-area-line']);
    expect(layers[0]).toBeInstanceOf(PolygonLayer);
    const line = layers[1] as PathLayer<{ path: LngLat[] }>;
    const path = (line.props.data as { path: LngLat[] }[])[0]!.path;
    expect(path[0]).toEqual(path[path.length - 1]);
  });

  it('draws nothing without an area; the corners while drawing for a bookmark only', () => {
    expect(incidentAreaLayers({ shownIncidentArea: null, mapMode: 'normal', drawTarget: 'scope', drawPoints: [] })).toEqual([]);
    const pts: LngLat[] = [[10, 56], [10.1, 56]];
    expect(incidentAreaLayers({ shownIncidentArea: null, mapMode: 'draw', drawTarget: 'scope', drawPoints: pts })).toEqual([]);
    const drawing = incidentAreaLayers({ shownIncidentArea: null, mapMode: 'draw', drawTarget: 'incident-area', drawPoints: pts });
    expect(drawing.map((l) => l.id)).toEqual(['incident-rule-draw-edges', 'incident-rule-draw-vertices']);
  });

  it('"Draw on map" for a bookmark hands the closed polygon to the form, with no rule editor open', () => {
    const store = createAppStore();
    const s = () => store.getState();
    s().setMapMode('draw', 'incident-area');
    for (const p of [[10, 56], [10.1, 56], [10.1, 56.1]] as LngLat[]) s().addDrawPoint(p);
    expect(s().finishDraw()).toBe(true);
    expect(s().drawnIncidentArea).toEqual([[10, 56], [10.1, 56], [10.1, 56.1]]);
    expect([s().mapMode, s().drawTarget, s().drawPoints, s().editor]).toEqual(['normal', 'scope', [], null]);
    // Too few corners: nothing handed over, still drawing.
    s().setDrawnIncidentArea(null);
    s().setMapMode('draw', 'incident-area');
    s().addDrawPoint([10, 56]);
    expect(s().finishDraw()).toBe(false);
    expect(s().drawnIncidentArea).toBeNull();
    expect(s().mapMode).toBe('draw');
  });
});

describe('Open in replay', () => {
  it('replays from the bookmark\u2019s start, the timeline on its window, the map on its area', () => {
    const area = { kind: 'drawn' as const, polygon: [[10, 56], [10.1, 56], [10.1, 56.1]] as LngLat[] };
    openInReplay({ from: AT, to: AT + HOUR, area });
    const s = appStore.getState();
    expect(s.replay?.at).toBe(AT);
    expect(s.timelineView).toEqual({ from: AT, to: AT + HOUR });
    expect(s.shownIncidentArea).toEqual(area);
    expect(s.focus?.bounds).toEqual([[10, 56], [10.1, 56.1]]);
  });
});
