/**
 * The map: MapLibre base map (offline: the world archive, a city base map over it; basemap/load.ts) + deck.gl overlay
 * (non-interleaved: the interleaved mode is broken with MapLibre 6). Layers are rebuilt from the store outside React,
 * coalesced per frame, for every sensor type in the registry. The view opens on the feed's city (its home box, else the
 * extent of its sensors; until they are known, the city base map's bounds, else the world); the home button and the H
 * key return to it. In replay the sensors, their freshness and the alarm highlights are the replayed frame's (the store's
 * shown* selectors).
 */
import { MapboxOverlay } from '@deck.gl/mapbox';
import type { PickingInfo } from '@deck.gl/core';
import { AttributionControl, Map as MapLibreMap, NavigationControl, setWorkerUrl } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { useEffect, useRef, useState } from 'react';
import { Tooltip } from '../panels/Tooltip';
import { appStore, shownAlarms, shownNow, shownShelves, shownStates, shownVersion, type AppState } from '../store';
import { mapNeedsRedraw } from './redraw';
import { setMapMover, setProjector, testHooks } from '../testHooks';
import { applyCityBasemap, loadCityBasemap, startWorld } from './basemap/load';
import { basemapManifestUrl } from '../platform';
import { HomeControl, isHomeKey } from './home';
import { buildLayers, pickedSensorId } from './layers';
import { alarmSymbolTooltip, alertLayers } from './layers/alertOverlay';
import { WorstNow } from '../worst/WorstNow';
import { shownDown } from '../health/shownDown';
import { sourceDownLayers } from '../health/sourceDownLayer';
import { incidentAreaLayers } from './layers/incidentArea';
import { replayDiffLayers } from './layers/replayDiff';
import { coordinatesOf } from './layers/geometry';
import { shapeAtlasBitmap } from './layers/shapes';
import { buildStyle } from './style';
import { CLUSTER_MAX_ZOOM, isClusterDatum } from './cluster/clusterLayers';
import { placeLabels, type LabelSources } from './labels/labels';
import { labelLayer } from './labels/labelLayer';
import { sensorLabelSources } from './labels/sources';
import { basemapLabelSources } from './labels/query';
import { areaSources } from './labels/basemapLabels';
import { WORLD_VIEW, cameraForBbox, homeBbox, type Bbox } from './view';

setWorkerUrl(new URL(workerUrl, document.baseURI).href);

/** Re-evaluate staleness this often even without deltas (wall ms). */
const FRESHNESS_TICK_MS = 5_000;

/** The map; on the wall (`wall`) without the worst-now card (the wall's summary view shows it). */
export function MapView({ wall = false }: { wall?: boolean } = {}) {
  const containerRef = useRef<HTMLDivElement>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const abort = new AbortController();
    // The world map (always) and the city base map the host names (else the demo city's), drawn over it.
    const world = startWorld(document.baseURI, abort.signal);
    const basemap = Promise.all([world.ready, loadCityBasemap(document.baseURI, basemapManifestUrl(document.baseURI), abort.signal)]).then(([, city]) => city);
    basemap.catch(() => undefined); // handled below, after 'load'

    const map = new MapLibreMap({
      container,
      style: buildStyle(world.styleUrl),
      center: WORLD_VIEW.center,
      zoom: WORLD_VIEW.zoom,
      attributionControl: false,
      fadeDuration: 0,
      maxPitch: 0,
      dragRotate: false,
    });
    map.touchZoomRotate.disableRotation();
    map.addControl(new NavigationControl({ showCompass: false }), 'top-right');

    // Home view: the city's box; jumped to when it becomes known or changes, unless the operator has moved the map
    // since the last time the map went home.
    let homeKey: string | null = null;
    let movedByUser = false;
    const currentHome = (): Bbox | null => {
      const s = appStore.getState();
      return homeBbox(s.city, s.catalogue.values());
    };
    const goHome = (animate: boolean): void => {
      const bbox = currentHome();
      if (!bbox) return;
      const camera = cameraForBbox(bbox, { width: container.clientWidth, height: container.clientHeight });
      movedByUser = false;
      if (animate) map.flyTo({ ...camera, duration: 600 });
      else map.jumpTo(camera);
    };
    const homeIfChanged = (): void => {
      const bbox = currentHome();
      const key = bbox ? bbox.join(',') : null;
      if (key === homeKey) return;
      homeKey = key;
      if (bbox && !movedByUser) goHome(false);
    };
    map.on('movestart', (e: { originalEvent?: unknown }) => {
      if (e.originalEvent) movedByUser = true;
    });
    map.addControl(new HomeControl(() => goHome(true)), 'top-right');
    const onKey = (e: KeyboardEvent): void => {
      if (!isHomeKey(e)) return;
      e.preventDefault();
      goHome(true);
    };
    window.addEventListener('keydown', onKey);
    map.on('error', (e) => {
      console.error('map error', e.error);
      setError(`Map error: ${e.error instanceof Error ? e.error.message : String(e.error)}`);
    });
    setProjector((lngLat) => {
      const p = map.project(lngLat);
      return [p.x, p.y];
    });
    setMapMover(async (center, zoom) => {
      const idle = map.once('idle');
      map.jumpTo({ center, zoom });
      await idle;
    });

    let counts: Record<string, number> = {};
    // The shape cues' atlas, once (an ImageData: deck.gl makes one texture of it).
    const bitmap = shapeAtlasBitmap();
    const atlas = new ImageData(bitmap.data, bitmap.width, bitmap.height);
    const overlay = new MapboxOverlay({
      interleaved: false,
      layers: [],
      onHover: (info: PickingInfo) => {
        if (isClusterDatum(info.object)) return appStore.getState().hover(null);
        const id = pickedSensorId(info.object);
        appStore.getState().hover(id ? { sensorId: id, x: info.x, y: info.y } : null);
      },
      onClick: (info: PickingInfo) => {
        const id = pickedSensorId(info.object);
        const s = appStore.getState();
        if (s.mapMode === 'draw') return; // the map's own click adds a corner
        if (isClusterDatum(info.object)) {
          // A cluster: zoom in to its members (they break apart; coincident ones once clustering stops).
          movedByUser = true;
          map.fitBounds(info.object.bounds, { padding: 80, minZoom: Math.min(CLUSTER_MAX_ZOOM, map.getZoom() + 1), maxZoom: CLUSTER_MAX_ZOOM, duration: 600 });
          return;
        }
        if (s.mapMode === 'pick' && s.editor) {
          const form = s.editor.form;
          if (id && s.catalogue.get(id)?.kind === form.kind) s.updateForm((f) => ({ ...f, sensorIds: f.sensorIds.includes(id) ? f.sensorIds.filter((x) => x !== id) : [...f.sensorIds, id] }));
          return;
        }
        if (id) s.select(id);
      },
      getTooltip: (info: PickingInfo) => alarmSymbolTooltip(info.object, appStore.getState()),
      getCursor: ({ isHovering }) => (appStore.getState().mapMode === 'draw' ? 'crosshair' : isHovering ? 'pointer' : 'grab'),
      onAfterRender: () => {
        const hooks = testHooks();
        if (!hooks) return;
        hooks.renderCount++;
        hooks.layersDrawn = { ...counts };
      },
    });
    map.addControl(overlay);

    let frame: number | null = null;
    // Clusters are worked out per quarter zoom level; labels are placed again when the zoom crosses one or the map stops.
    const zoomBucket = (z: number): number => Math.round(z * 4) / 4;
    let drawnZoom: number | null = null;
    let labelKey = 0;
    let basemapLabels: Pick<LabelSources, 'places'> & { roads: LabelSources['lines'] } = { places: [], roads: [] };
    let basemapLabelsKey = '';
    let namedAreas: LabelSources['areas'] = [];
    const draw = (): void => {
      frame = null;
      const s = appStore.getState();
      const down = shownDown(s);
      const input = { catalogue: s.catalogue, states: shownStates(s), now: shownNow(s), version: shownVersion(s), registry: s.registry, palette: s.settings.palette, down };
      drawnZoom = zoomBucket(map.getZoom());
      const built = buildLayers(input, { visible: s.visible, selectedId: s.selectedId, atlas, zoom: drawnZoom });
      counts = built.counts;
      const sources: LabelSources = { zones: s.zones, areas: namedAreas, ...basemapLabels, ...sensorLabelSources(built.points, input, s.visible) };
      sources.lines = [...sources.lines, ...basemapLabels.roads];
      const view = { zoom: map.getZoom(), width: container.clientWidth, height: container.clientHeight, project: (p: [number, number]) => { const q = map.project(p); return [q.x, q.y] as [number, number]; } };
      const labels = placeLabels(sources, view);
      labelKey++;
      const alerts = alertLayers(s.replay ? { ...s, alarms: shownAlarms(s), shelves: shownShelves(s), states: shownStates(s) } : s, drawnZoom);
      const hooks = testHooks();
      if (hooks) Object.assign(hooks, { alarmHighlight: alerts.highlight, alarmSymbols: alerts.symbols });
      overlay.setProps({ layers: [...built.layers, ...sourceDownLayers({ catalogue: s.catalogue, down, visible: s.visible, version: shownVersion(s) }), labelLayer(labels, String(labelKey)), ...incidentAreaLayers(s), ...alerts.layers, ...replayDiffLayers(s.replay?.diff ?? null)] });
      if (hooks) hooks.mapDrawn = { zoom: drawnZoom, clusters: built.points.clusters.map((c) => ({ typeIds: c.typeIds, count: c.count, worstId: c.worstId, memberIds: c.memberIds, radius: c.radius })), labels: labels.map((l) => ({ kind: l.kind, text: l.text })) };
    };
    const schedule = (): void => {
      if (frame === null) frame = requestAnimationFrame(draw);
    };
    const unsubscribe = appStore.subscribe((s: AppState, prev: AppState) => {
      if (mapNeedsRedraw(s, prev)) schedule();
      if (s.city !== prev.city || s.catalogue !== prev.catalogue) homeIfChanged();
      if (s.selectedId && s.selectedId !== prev.selectedId) revealSensor(s.selectedId);
      if (s.focus && s.focus !== prev.focus) {
        movedByUser = true; // flown to an alarm: a new catalogue does not take the operator away from it
        map.fitBounds(s.focus.bounds, { padding: 80, maxZoom: s.focus.maxZoom, duration: 600 });
      }
      if (s.mapMode !== prev.mapMode) {
        if (s.mapMode === 'draw') map.doubleClickZoom.disable();
        else map.doubleClickZoom.enable();
      }
    });
    // Drawing the rule's scope polygon: a click adds a corner, a double-click closes it.
    map.on('click', (e) => {
      const s = appStore.getState();
      if (s.mapMode === 'draw') s.addDrawPoint([e.lngLat.lng, e.lngLat.lat]);
    });
    map.on('dblclick', (e) => {
      const s = appStore.getState();
      if (s.mapMode !== 'draw') return;
      e.preventDefault();
      s.finishDraw();
    });
    /** Brings a newly selected sensor into view when it is off screen (e.g. selected from outside the map). */
    const revealSensor = (id: string): void => {
      const sensor = appStore.getState().catalogue.get(id);
      if (!sensor) return;
      const coords = coordinatesOf(sensor);
      const bounds = map.getBounds();
      if (coords.every((c) => bounds.contains(c))) return;
      const first = coords[0];
      if (first) map.easeTo({ center: first, duration: 400 });
    };
    map.on('zoom', () => {
      if (zoomBucket(map.getZoom()) !== drawnZoom) schedule();
    });
    map.on('moveend', schedule);
    // The base map's places and named roads for the view, once its tiles are in.
    map.on('idle', () => {
      const found = basemapLabelSources(map);
      const key = `${found.places.map((p) => p.name).join(',')}|${found.roads.map((r) => `${r.name}:${r.path.length}:${r.path[0]!.join(',')}`).join(',')}`;
      if (key === basemapLabelsKey) return;
      basemapLabelsKey = key;
      basemapLabels = found;
      schedule();
    });
    const tick = setInterval(() => {
      // Freshness moves with the feed clock; bump nothing in the store, just redraw.
      draw();
    }, FRESHNESS_TICK_MS);
    schedule();
    homeIfChanged();

    const onLeave = (): void => appStore.getState().hover(null);
    container.addEventListener('mouseleave', onLeave);
    // The tooltip is placed in container px: drop it when the map moves or resizes under a still pointer.
    map.on('movestart', onLeave);
    map.on('resize', onLeave);

    const addAttribution = (customAttribution: string | undefined): void => {
      map.addControl(new AttributionControl({ compact: true, ...(customAttribution ? { customAttribution } : {}) }), 'bottom-right');
      // Collapse the (long) attribution to its (i) button once the sources have filled it in.
      map.once('idle', () => container.querySelector('.maplibregl-ctrl-attrib')?.classList.remove('maplibregl-compact-show'));
    };
    map.on('load', () => {
      basemap
        .then(async (loaded) => {
          if (abort.signal.aborted) return;
          addAttribution(await applyCityBasemap(map, loaded));
          namedAreas = areaSources(loaded.geojson.communities?.features ?? []);
          schedule();
          // The city base map may have moved the view to its own bounds: the sensors' home, once known, comes first.
          if (!movedByUser && currentHome()) goHome(false);
          const hooks = testHooks();
          if (hooks && !abort.signal.aborted) hooks.mapLoaded = true;
        })
        .catch((err: unknown) => {
          if (abort.signal.aborted) return;
          addAttribution(undefined); // the sources' own (the world map's, at least)
          console.error('base map failed', err);
          setError(`Base map could not be loaded: ${err instanceof Error ? err.message : String(err)}`);
        });
    });

    return () => {
      abort.abort();
      unsubscribe();
      clearInterval(tick);
      if (frame !== null) cancelAnimationFrame(frame);
      container.removeEventListener('mouseleave', onLeave);
      window.removeEventListener('keydown', onKey);
      setProjector(null);
      setMapMover(null);
      map.removeControl(overlay);
      map.remove();
      const hooks = testHooks();
      if (hooks) hooks.mapLoaded = false;
    };
  }, []);

  return (
    <div className="map-wrap">
      <div className="map" data-testid="map" ref={containerRef} />
      <Tooltip />
      {/* On the wall the card is part of the alarm summary view (wall/WallSummary.tsx): over the map it hid the city. */}
      {!wall && <WorstNow />}
      {error && <div className="map-error" role="alert">{error}</div>}
    </div>
  );
}
