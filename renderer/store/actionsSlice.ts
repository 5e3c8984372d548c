/**
 * Operator actions (notes today), keyed by id. Filled by `actions` calls (the sensor panel) and kept current by the
 * engine's `actions` event. Reducers are pure functions, exported for tests.
 */
import type { StateCreator } from 'zustand/vanilla';
import type { ActionStatus, OperatorAction } from '../../electron/engine/api';
import type { AppState } from './index';

export interface ActionsSlice {
  actions: ReadonlyMap<string, OperatorAction>;
  /** Add or update actions (from a call result or an `actions` event). */
  upsertActions(actions: readonly OperatorAction[]): void;
}

/** queued -> sent | rejected; never back. */
const STATUS_RANK: Record<ActionStatus, number> = { queued: 0, sent: 1, rejected: 1 };

/**
 * Merges incoming actions into `current`. A result fetched before an event may arrive after it: an action that is
 * already sent or rejected is never moved back to queued. Returns `current` itself when nothing changed.
 */
export function mergeActions(current: ReadonlyMap<string, OperatorAction>, incoming: readonly OperatorAction[]): ReadonlyMap<string, OperatorAction> {
  let next: Map<string, OperatorAction> | null = null;
  for (const a of incoming) {
    const prev = (next ?? current).get(a.id);
    if (prev && (STATUS_RANK[prev.status] > STATUS_RANK[a.status] || sameAction(prev, a))) continue;
    next ??= new Map(current);
    next.set(a.id, a);
  }
  return next ?? current;
}

function sameAction(a: OperatorAction, b: OperatorAction): boolean {
  return a.status === b.status && a.sentAt === b.sentAt && a.error === b.error && a.text === b.text && a.sensorId === b.sensorId;
}

/** Actions about one sensor (or the general ones for null), newest first. */
export function actionsFor(actions: ReadonlyMap<string, OperatorAction>, sensorId: string | null): OperatorAction[] {
  const out: OperatorAction[] = [];
  for (const a of actions.values()) if (a.sensorId === sensorId) out.push(a);
  return out.sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
}

export const createActionsSlice: StateCreator<AppState, [], [], ActionsSlice> = (set) => ({
  actions: new Map(),
  upsertActions: (incoming) =>
    set((s) => {
      const actions = mergeActions(s.actions, incoming);
      return actions === s.actions ? s : { actions };
    }),
});
