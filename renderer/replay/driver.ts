/**
 * The replay driver: fetches the engine's frame whenever the replayed instant moves, and advances the instant while
 * playing. PLACEHOLDER (issue 10, helper 'replay-view' replaces it). Returns a function that stops it.
 */
import type { EngineClient } from '../../electron/engine/api';
import type { AppStore } from '../store';

export function startReplayDriver(_client: EngineClient, _store: AppStore): () => void {
  return () => {};
}
