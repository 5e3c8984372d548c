/**
 * Keeps the store in step with the engine: snapshot on every (re)open of the transport, then deltas and catalogue
 * events. Returns a function that detaches everything.
 */
import type { EngineClient } from '../../electron/engine/api';
import type { AppStore } from './index';

interface TransportInfo {
  readonly transportError?: string | null;
}

export function startSync(client: EngineClient & TransportInfo, store: AppStore): () => void {
  let generation = 0;
  const s = () => store.getState();

  const snapshot = async (): Promise<void> => {
    const gen = ++generation;
    try {
      const snap = await client.call('snapshot', {});
      if (gen !== generation) return; // a newer snapshot is under way
      s().applySnapshot(snap);
      s().setSyncError(null);
    } catch (err) {
      if (gen !== generation) return;
      s().setSyncError(`snapshot failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  };

  const offDelta = client.on('delta', (p) => {
    s().applyDelta(p.states);
    s().setStatus(p.status);
  });
  const offCatalogue = client.on('catalogue', (p) => s().applyCatalogue(p.sensors));
  const offTransport = client.onTransport((state) => {
    // The first replay is 'closed' before the transport ever tried: stay 'connecting' until something happens.
    if (state === 'closed' && !client.transportError && s().transport === 'connecting') return;
    s().setTransport(state, state === 'closed' ? (client.transportError ?? null) : null);
    if (state === 'open') void snapshot();
    else generation++; // forget an in-flight snapshot from the closed connection
  });

  return () => {
    offDelta();
    offCatalogue();
    offTransport();
  };
}
