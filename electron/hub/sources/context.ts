/**
 * What the hub gives a connector when it creates one, and the table of connector types: each with the zod schema of
 * its `connection` block (validated with the config, errors under `sources[i].connection`) and its constructor.
 */
import type { z } from 'zod';
import type { SourceTypeId } from '../../shared/source-status';
import type { FeedClock } from '../replay';
import type { SecretRef } from '../secrets';
import type { Source } from './source';

export interface SourceContext {
  /** The source's id in the config. */
  id: string;
  /** Folder of the config file: relative paths are resolved from it. */
  configDir: string;
  /** Reads a secret the config references (throws SecretError with the reason; never logs the value). */
  secret(ref: SecretRef): string;
  /** A record's own time by the source's mapping (epoch ms), or null: what replays order records by. */
  timeOf(value: unknown): number | null;
  /** The hub's feed clock. */
  clock: FeedClock;
  /** Feed-clock ms of history a replay delivers at its first pull (what a fresh desk sees at once). */
  warmupMs: number;
  /** Scale mode (../scale.ts): replays hand out each record for copies 0 … scale-1 (absent: 1, the real city only). */
  scale?: number;
  /** Wall clock. */
  now(): number;
  log(level: 'info' | 'warn', msg: string): void;
}

export interface SourceFactory<C = unknown> {
  connection: z.ZodType<C>;
  create(connection: C, ctx: SourceContext): Source;
}

/** A factory with its connection type erased, for the table. */
export type AnySourceFactory = SourceFactory<unknown>;

export function defineSource<C>(f: SourceFactory<C>): AnySourceFactory {
  return f as unknown as AnySourceFactory;
}

export type MappedSourceType = Exclude<SourceTypeId, 'demo'>;
