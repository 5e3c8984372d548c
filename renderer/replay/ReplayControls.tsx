/**
 * The replay controls above the timeline: "Go to replay" from live; in replay, step back / play-pause / step forward,
 * the step and the speed, and the instant as a date and time on the city's clock (typed to jump there). They drive
 * the store only (the replay driver advances the instant while playing and fetches the frames).
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { t as translate, useT } from '../i18n/i18n';
import { REPLAY_SPEEDS, appStore, useAppStore, type ReplaySpeed } from '../store';
import { zoneName } from '../panels/format';
import { instantToInput, parseInstant } from './instantInput';
import { seekTo } from './Timeline';
import { HOUR, MINUTE, SECOND, type TimelineBounds } from './timelineScale';

/** The steps offered for ◀ / ▶ (one minute by default), each with its words in the operator's language ("1 min", "1 h" / "1 t"). */
export const REPLAY_STEPS: readonly { ms: number; label: () => string }[] = [
  { ms: SECOND, label: () => translate('time.seconds', { n: 1 }) },
  { ms: 10 * SECOND, label: () => translate('time.seconds', { n: 10 }) },
  { ms: MINUTE, label: () => translate('time.minutes', { n: 1 }) },
  { ms: 10 * MINUTE, label: () => translate('time.minutes', { n: 10 }) },
  { ms: HOUR, label: () => translate('time.hours', { n: 1 }) },
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
  const { t } = useT();

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
        <button type="button" className="timeline-go-replay" onClick={goToReplay} disabled={liveEdge() === null} data-testid="timeline-go-replay" title={t('replay.controls.goToReplayTitle')}>
          {t('replay.controls.goToReplay')}
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
  const stepText = REPLAY_STEPS.find((s) => s.ms === stepMs)?.label() ?? '';

  return (
    <div className="timeline-controls">
      <button type="button" onClick={() => step(-1)} title={t('replay.controls.stepBackBy', { step: stepText })} aria-label={t('replay.controls.stepBack')} data-testid="timeline-step-back">
        |◀
      </button>
      <button type="button" className="timeline-play" onClick={() => appStore.getState().setReplayPlaying(!playing)} aria-label={playing ? t('replay.controls.pause') : t('replay.controls.play')} aria-pressed={playing} data-testid="timeline-play">
        {playing ? '❚❚' : '▶'}
      </button>
      <button type="button" onClick={() => step(1)} title={t('replay.controls.stepForwardBy', { step: stepText })} aria-label={t('replay.controls.stepForward')} data-testid="timeline-step-forward">
        ▶|
      </button>
      <label className="timeline-select" title={t('replay.controls.stepTitle')}>
        {t('replay.controls.step')}
        <select value={stepMs} onChange={(e) => setStepMs(Number(e.target.value))} data-testid="timeline-step">
          {REPLAY_STEPS.map((s) => (
            <option key={s.ms} value={s.ms}>
              {s.label()}
            </option>
          ))}
        </select>
      </label>
      <label className="timeline-select" title={t('replay.controls.speedTitle')}>
        {t('replay.controls.speed')}
        <select value={speed} onChange={(e) => appStore.getState().setReplaySpeed(Number(e.target.value) as ReplaySpeed)} data-testid="timeline-speed">
          {REPLAY_SPEEDS.map((s) => (
            <option key={s} value={s}>
              {t('replay.controls.speedOption', { n: s })}
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
          aria-label={t('replay.controls.instantLabel', { zone: timeZone })}
          aria-invalid={error !== null}
          data-testid="timeline-instant"
        />
        <span className="muted">{zone}</span>
        <button type="submit" data-testid="timeline-instant-go">
          {t('replay.controls.go')}
        </button>
      </form>
      {error && (
        <span className="error timeline-instant-error" role="alert" data-testid="timeline-instant-error">
          {error}
        </span>
      )}
      {readOnly && <span className="muted">{t('replay.controls.readOnly')}</span>}
    </div>
  );
}
