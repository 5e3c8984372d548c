/**
 * The replay controls above the timeline: "Go to replay" from live; in replay, step back / play-pause / step forward,
 * the step and the speed, and the instant as a date and time on the city's clock (typed to jump there). They drive
 * the store only (the replay driver advances the instant while playing and fetches the frames).
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { REPLAY_SPEEDS, appStore, useAppStore, type ReplaySpeed } from '../store';
import { zoneName } from '../panels/format';
import { instantToInput, parseInstant } from './instantInput';
import { seekTo } from './Timeline';
import { HOUR, MINUTE, SECOND, type TimelineBounds } from './timelineScale';

/** The steps offered for ◀ / ▶ (one minute by default). */
export const REPLAY_STEPS: readonly { ms: number; label: string }[] = [
  { ms: SECOND, label: '1 s' },
  { ms: 10 * SECOND, label: '10 s' },
  { ms: MINUTE, label: '1 min' },
  { ms: 10 * MINUTE, label: '10 min' },
  { ms: HOUR, label: '1 h' },
];
export const DEFAULT_STEP_MS = MINUTE;

export function ReplayControls({ bounds, timeZone, liveEdge }: { bounds: TimelineBounds; timeZone: string; liveEdge: () => number | null }) {
  const replaying = useAppStore((s) => s.replay !== null);
  const at = useAppStore((s) => s.replay?.at ?? null);
  const playing = useAppStore((s) => s.replay?.playing ?? false);
  const speed = useAppStore((s) => s.replay?.speed ?? 60);
  const readOnly = useAppStore((s) => s.replay?.readOnly ?? false);
  const [stepMs, setStepMs] = useState(DEFAULT_STEP_MS);
  const [text, setText] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const inputRef = useRef<HTMLInputElement>(null);
  // A new instant (played, stepped, clicked) replaces what the field shows unless it is being edited.
  useEffect(() => {
    if (document.activeElement === inputRef.current) return;
    setText(null);
    setError(null);
  }, [at]);

  if (!replaying) {
    const goToReplay = () => {
      const edge = liveEdge();
      if (edge !== null) appStore.getState().enterReplay(edge);
    };
    return (
      <div className="timeline-controls">
        <button type="button" className="timeline-go-replay" onClick={goToReplay} disabled={liveEdge() === null} data-testid="timeline-go-replay" title="Replay from the live edge: the desk as it stood, then step or play back and forth">
          Go to replay
        </button>
      </div>
    );
  }

  const step = (dir: 1 | -1) => {
    const s = appStore.getState();
    if (!s.replay) return;
    s.setReplayPlaying(false);
    seekTo(s.replay.at + dir * stepMs, bounds);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = parseInstant(inputRef.current?.value ?? '', timeZone, bounds);
    if (!parsed.ok) {
      setError(parsed.error);
      return;
    }
    setError(null);
    setText(null);
    appStore.getState().setReplayPlaying(false);
    seekTo(parsed.at, bounds);
  };
  const shown = text ?? (at !== null ? instantToInput(at, timeZone) : '');
  const zone = at !== null ? zoneName(at, timeZone) : timeZone;

  return (
    <div className="timeline-controls">
      <button type="button" onClick={() => step(-1)} title={`Step back ${REPLAY_STEPS.find((s) => s.ms === stepMs)?.label ?? ''}`} aria-label="Step back" data-testid="timeline-step-back">
        |◀
      </button>
      <button type="button" className="timeline-play" onClick={() => appStore.getState().setReplayPlaying(!playing)} aria-label={playing ? 'Pause' : 'Play'} aria-pressed={playing} data-testid="timeline-play">
        {playing ? '❚❚' : '▶'}
      </button>
      <button type="button" onClick={() => step(1)} title={`Step forward ${REPLAY_STEPS.find((s) => s.ms === stepMs)?.label ?? ''}`} aria-label="Step forward" data-testid="timeline-step-forward">
        ▶|
      </button>
      <label className="timeline-select" title="How far |◀ and ▶| move">
        step
        <select value={stepMs} onChange={(e) => setStepMs(Number(e.target.value))} data-testid="timeline-step">
          {REPLAY_STEPS.map((s) => (
            <option key={s.ms} value={s.ms}>
              {s.label}
            </option>
          ))}
        </select>
      </label>
      <label className="timeline-select" title="Playback speed: feed time per second">
        speed
        <select value={speed} onChange={(e) => appStore.getState().setReplaySpeed(Number(e.target.value) as ReplaySpeed)} data-testid="timeline-speed">
          {REPLAY_SPEEDS.map((s) => (
            <option key={s} value={s}>
              {s}x
            </option>
          ))}
        </select>
      </label>
      <form className="timeline-instant" onSubmit={submit}>
        <input
          ref={inputRef}
          type="text"
          value={shown}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              setText(null);
              setError(null);
            }
            e.stopPropagation();
          }}
          spellCheck={false}
          aria-label={`Instant to replay, YYYY-MM-DD HH:MM:SS on the city's clock (${timeZone})`}
          aria-invalid={error !== null}
          data-testid="timeline-instant"
        />
        <span className="muted">{zone}</span>
        <button type="submit" data-testid="timeline-instant-go">
          Go
        </button>
      </form>
      {error && (
        <span className="error timeline-instant-error" role="alert" data-testid="timeline-instant-error">
          {error}
        </span>
      )}
      {readOnly && <span className="muted">incident pack (read-only)</span>}
    </div>
  );
}
