/**
 * The unmistakable REPLAY frame and clock: a thick coloured border round the whole window and a band "REPLAY — Mon 4
 * Aug 2014 10:40:00 CEST, 60x" whose instant ticks as the replay moves, with what the frame is waiting for or why it
 * failed, and "Back to live" (the L key does the same: alarms/keyboard.ts). A read-only incident pack has no live to
 * return to: its band says "Incident pack (read-only)" and offers no way back. A new live critical alarm interrupts
 * (LiveInterrupt). Nothing here stops the live feed: store/sync.ts keeps it recording and evaluating underneath.
 */
import type { EngineClient } from '../../electron/engine/api';
import { useT } from '../i18n/i18n';
import { useAppStore, useTimeZone } from '../store';
import { LiveInterrupt } from './LiveInterrupt';
import { RerunPanel } from './RerunPanel';
import { formatReplayInstant, replayBandText, replaySpeedText, replayWord } from './replayFormat';
import './replay.css';

/** The key cap of "back to live" (alarms/keyboard.ts's L), printed the same in every language. */
const LIVE_KEY_CAP = 'L';

export function ReplayFrame({ client }: { client: EngineClient }) {
  const replaying = useAppStore((s) => s.replay !== null);
  if (!replaying) return null;
  return <ReplayOverlay client={client} />;
}

function ReplayOverlay({ client }: { client: EngineClient }) {
  const at = useAppStore((s) => s.replay?.at ?? 0);
  const speed = useAppStore((s) => s.replay?.speed ?? 1);
  const playing = useAppStore((s) => s.replay?.playing ?? false);
  const readOnly = useAppStore((s) => s.replay?.readOnly ?? false);
  const error = useAppStore((s) => s.replay?.frameError ?? null);
  const frameAt = useAppStore((s) => s.replay?.frame?.at ?? null);
  const exitReplay = useAppStore((s) => s.exitReplay);
  const tz = useTimeZone();
  const { t } = useT();
  const loading = !error && frameAt !== at && !playing;
  return (
    <>
      <div className={`replay-border${readOnly ? ' read-only' : ''}`} aria-hidden="true" data-testid="replay-border" />
      <div className={`replay-band${readOnly ? ' read-only' : ''}`} role="status" aria-live="off" aria-label={replayBandText(at, speed, tz, readOnly)} data-testid="replay-band" data-at={at} data-frame-at={frameAt ?? ''} data-playing={playing}>
        <strong className="replay-word" data-testid="replay-word">
          {replayWord(readOnly)}
        </strong>
        <span className="replay-sep">—</span>
        <span>
          <span className="replay-instant" data-testid="replay-instant">
            {formatReplayInstant(at, tz)}
          </span>
          ,{' '}
          <span className="replay-speed" data-testid="replay-speed">
            {replaySpeedText(speed)}
          </span>
        </span>
        <span className="replay-state" title={playing ? t('replay.frame.playing') : t('replay.frame.paused')}>
          {playing ? '▶' : '❚❚'}
        </span>
        {loading && <span className="replay-loading small">{t('replay.frame.loading')}</span>}
        {error && (
          <span className="replay-error" role="alert" data-testid="replay-error">
            {t('replay.frame.unavailable', { error })}
          </span>
        )}
        <RerunPanel client={client} />
        {!readOnly && (
          <button type="button" className="btn replay-live" data-testid="replay-back-to-live" title={t('replay.frame.backToLiveTitle')} onClick={() => exitReplay()}>
            {t('replay.frame.backToLive')} <kbd>{LIVE_KEY_CAP}</kbd>
          </button>
        )}
      </div>
      <LiveInterrupt readOnly={readOnly} />
    </>
  );
}
