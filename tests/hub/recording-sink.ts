/** A SourceSink that records every call, for the source connector tests. */
import type { SourceRecord, SourceSink } from '../../electron/hub/sources/source';

export type SinkEvent =
  | { kind: 'ok' }
  | { kind: 'failing'; reason: string; detail: string; retryInMs: number | null }
  | { kind: 'unparsable'; reason: string; detail: string; origin: string };

export interface RecordingSink extends SourceSink {
  readonly got: SourceRecord[];
  /** ok / failing / unparsable, in order. */
  readonly events: SinkEvent[];
  failures(): Extract<SinkEvent, { kind: 'failing' }>[];
  unparsables(): Extract<SinkEvent, { kind: 'unparsable' }>[];
  oks(): number;
  /** The last ok / failing event (the source's state). */
  state(): 'ok' | 'failing' | null;
}

export function recordingSink(): RecordingSink {
  const got: SourceRecord[] = [];
  const events: SinkEvent[] = [];
  return {
    got,
    events,
    records: (rs) => void got.push(...rs),
    unparsable: (reason, detail, origin) => void events.push({ kind: 'unparsable', reason, detail, origin }),
    ok: () => void events.push({ kind: 'ok' }),
    failing: (reason, detail, retryInMs) => void events.push({ kind: 'failing', reason, detail, retryInMs }),
    failures: () => events.filter((e): e is Extract<SinkEvent, { kind: 'failing' }> => e.kind === 'failing'),
    unparsables: () => events.filter((e): e is Extract<SinkEvent, { kind: 'unparsable' }> => e.kind === 'unparsable'),
    oks: () => events.filter((e) => e.kind === 'ok').length,
    state: () => {
      const last = events.filter((e) => e.kind !== 'unparsable').at(-1);
      return last ? (last.kind as 'ok' | 'failing') : null;
    },
  };
}
