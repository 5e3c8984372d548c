/**
 * The engine's command handlers, one module per area (sensors, session, alarms, rules). Each gets the parts of the
 * engine it needs and returns its handlers; the composition root (../index.ts) joins them into one complete map, which
 * the compiler checks against the API's command list.
 */
import type { z } from 'zod';
import type { BacktestProgressEvent, CommandName, CommandResults, commandSchemas, DeskMode, PackProgressEvent } from '../api';
import type { SessionCtx, SupervisorAccess } from '../access/supervisor-access';
import type { Alerting } from '../alerting';
import type { FeedClock } from '../feed-clock';
import type { FeedStatusTracker } from '../feed-status';
import type { LiveState } from '../live-state';
import type { Outbox } from '../outbox';
import type { Zone } from '../rules/geo';
import type { Store } from '../store/store';

export type CommandParamsParsed = { [K in CommandName]: z.output<(typeof commandSchemas)[K]> };

export type CommandHandler<K extends CommandName> = (params: CommandParamsParsed[K], session: SessionCtx) => CommandResults[K] | Promise<CommandResults[K]>;
export type CommandHandlers = { [K in CommandName]: CommandHandler<K> };
export type HandlersFor<K extends CommandName> = { [P in K]: CommandHandler<P> };

/** What the handlers may use. */
export interface EngineParts {
  store: Store;
  state: LiveState;
  alerting: Alerting;
  access: SupervisorAccess;
  clock: FeedClock;
  tracker: FeedStatusTracker;
  outbox: Outbox;
  /** Progress of a running backtest (the `backtest` event). */
  emitBacktest: (progress: BacktestProgressEvent) => void;
  /** Progress of a rule set re-run over a replayed window (the `replayRules` event). */
  emitReplayRules: (progress: BacktestProgressEvent) => void;
  /** Progress of an incident pack being written (the `pack` event). */
  emitPack: (progress: PackProgressEvent) => void;
  /** The districts zone rules and incident areas refer to (the demo city's; none for other feeds). */
  zones: readonly Zone[];
  /** Folder with the shipped data (assets/): base maps for pack snapshots, districts. */
  assetsDir: string;
  /** Folder where incident packs are written (one sub-folder per pack). */
  packsDir: string;
  /** Live, or the incident pack this desk opened read-only. */
  deskMode: () => DeskMode;
}
