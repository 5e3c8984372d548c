/** What a backtest works on and what its worker says back (shared by backtest-runner.ts and backtest-worker.ts). */
import type { Sensor } from '../../shared/model';
import type { SensorType } from '../../shared/sensor-types/types';
import type { BookEvent } from './alarms';
import type { BacktestProgress } from './backtest';
import type { AlertEvent } from './evaluator';
import type { Zone } from './geo';
import type { Rule } from './schema';

export interface BacktestJob {
  rules: Rule[];
  catalogue: Sensor[];
  zones: Zone[];
  /** Data time range, inclusive (epoch ms). */
  from: number;
  to: number;
  /** The sensors whose readings are read. */
  sensorIds: string[];
  stepMs: number;
  /** The sensor types of the engine's registry (shipped and the feed's), for the worker's own registry. */
  types: SensorType[];
}

export interface BacktestOutcome {
  events: AlertEvent[];
  /** The events as the grouping stage routed them (backtest.ts BacktestRun.routed). */
  routed: BookEvent[];
  readings: number;
}

export type WorkerMessage = ({ type: 'progress' } & BacktestProgress) | ({ type: 'done' } & BacktestOutcome) | { type: 'error'; message: string };
