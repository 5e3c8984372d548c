/**
 * Keeps the store in step with the engine: snapshot on every (re)open of the transport, then deltas, catalogue (with
 * the sensor types and the city when the event carries them), operator-action and gap events; the recorded gaps of the last 24 h (feed time) are fetched after each snapshot and
 * every minute. Alerting: on every (re)open the session (re-sending the remembered operator name: sessions are per
 * connection), alarms, shelves, alarm counts, the alarm list's page, rules, districts and the desk mode (live, or an
 * incident pack opened read-only) are fetched; then the `alarms` and `rules` events keep them
 * current. Returns a function that detaches everything.
 */
import type { EngineClient } from '../../electron/engine/api';
import { startAlarmPaging } from '../alarms/alarmPaging';
import { feedNow } from './feedSlice';
import { GAP_WINDOW_MS } from './gapsSlice';
import type { AppStore } from './index';

interface TransportInfo {
  readonly transportError?: string | null;
}

/** Re-fetch the recorded gaps this often (wall ms): the 24 h window slides, and an event may have been missed. */
const GAPS_REFRESH_MS = 60_000;
/**
 * Open alarms fetched on (re)open for the map and the sound (kept current by events). The list pages from the engine
 * (alarms/alarmPaging.ts) and the counts are the engine's (alarmCounts, then every `alarms` event): neither depends on
 * how many were fetched here.
 */
export const ALARMS_FETCH_LIMIT = 5000;

export interface SyncOptions {
  gapsRefreshMs?: number;
  /** The operator name remembered on this desk (re-sent with setUser after every reconnect). */
  rememberedUser?: () => string | null;
}

function errText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function startSync(client: EngineClient & TransportInfo, store: AppStore, options: SyncOptions = {}): () => void {
  let generation = 0;
  let gapsTried = false; // once tried, the timer takes over (no retry storm on every delta)
  let gapsInFlight = false;
  const s = () => store.getState();

  const refreshGaps = async (): Promise<void> => {
    const to = feedNow(s());
    if (to === null || gapsInFlight || s().transport !== 'open') return;
    gapsInFlight = true;
    gapsTried = true;
    const from = to - GAP_WINDOW_MS;
    try {
      const gaps = await client.call('gaps', { from, to });
      s().setGaps(gaps, from);
    } catch (err) {
      s().setGapsError(`gaps unavailable: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      gapsInFlight = false;
    }
  };

  const snapshot = async (): Promise<void> => {
    const gen = ++generation;
    try {
      const snap = await client.call('snapshot', {});
      if (gen !== generation) return; // a newer snapshot is under way
      s().applySnapshot(snap);
      s().setSyncError(null);
      void refreshGaps();
    } catch (err) {
      if (gen !== generation) return;
      s().setSyncError(`snapshot failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  };

  let alertGen = 0;
  /** Everything alerting needs, fetched in parallel; answers from an older connection are dropped. */
  const loadAlerting = async (): Promise<void> => {
    const gen = ++alertGen;
    const current = () => gen === alertGen;
    const session = (async () => {
      try {
        let sess = await client.call('session', {});
        const name = options.rememberedUser?.()?.trim();
        if (name && name !== sess.user) sess = await client.call('setUser', { name });
        if (current()) s().setSession(sess);
      } catch (err) {
        if (current()) s().setSessionError(`session unavailable: ${errText(err)}`);
      }
    })();
    const alarms = (async () => {
      try {
        const [list, shelves, counts] = await Promise.all([client.call('alarms', { limit: ALARMS_FETCH_LIMIT }), client.call('shelves', {}), client.call('alarmCounts', {})]);
        if (!current()) return;
        s().replaceAlarms(list);
        s().setShelves(shelves);
        s().setAlarmCounts(counts);
      } catch (err) {
        if (current()) s().setAlarmsError(`alarms unavailable: ${errText(err)}`);
      }
    })();
    const rules = (async () => {
      try {
        const list = await client.call('rules', {});
        if (current()) s().setRules(list);
      } catch (err) {
        if (current()) s().setRulesError(`rules unavailable: ${errText(err)}`);
      }
    })();
    const zones = (async () => {
      try {
        const list = await client.call('zones', {});
        if (current()) s().setZones(list);
      } catch (err) {
        if (current()) s().setZonesError(`districts unavailable: ${errText(err)}`);
      }
    })();
    const mode = (async () => {
      try {
        const m = await client.call('deskMode', {});
        if (current()) s().setDeskMode(m);
      } catch {
        // An engine without the command (older) is live.
        if (current()) s().setDeskMode({ mode: 'live' });
      }
    })();
    await Promise.all([session, alarms, rules, zones, mode]);
  };

  const paging = startAlarmPaging(client, store);
  const offAlarms = client.on('alarms', (p) => {
    s().upsertAlarms(p.changed);
    s().setShelves(p.shelves);
    s().setAlarmCounts(p.counts);
    s().announce(p.announce);
    paging.changed();
  });
  const offRules = client.on('rules', (p) => s().setRules(p.rules));
  const offDelta = client.on('delta', (p) => {
    s().applyDelta(p.states);
    s().setStatus(p.status);
    // The feed clock may only become known after the snapshot (first hello): fetch the gaps then.
    if (!gapsTried && p.status.feedTime !== null) void refreshGaps();
  });
  const offCatalogue = client.on('catalogue', (p) => s().applyCatalogue(p.sensors, p.types, p.city));
  const offActions = client.on('actions', (p) => s().upsertActions(p.actions));
  const offGap = client.on('gap', (p) => s().addGap(p.gap));
  const offTransport = client.onTransport((state) => {
    // The first replay is 'closed' before the transport ever tried: stay 'connecting' until something happens.
    if (state === 'closed' && !client.transportError && s().transport === 'connecting') return;
    s().setTransport(state, state === 'closed' ? (client.transportError ?? null) : null);
    if (state === 'open') {
      void snapshot();
      void loadAlerting();
      paging.refresh();
    } else {
      generation++; // forget an in-flight snapshot from the closed connection
      alertGen++;
    }
  });
  const gapsTimer = setInterval(() => void refreshGaps(), options.gapsRefreshMs ?? GAPS_REFRESH_MS);

  return () => {
    clearInterval(gapsTimer);
    paging.stop();
    offDelta();
    offCatalogue();
    offActions();
    offGap();
    offAlarms();
    offRules();
    offTransport();
  };
}
