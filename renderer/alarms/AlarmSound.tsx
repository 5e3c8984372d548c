/**
 * Wires the alarm sound to the store: rings while critical alarms wait for acknowledgement, un-mutes on a new critical
 * announcement, mutes only through a dialog with a reason (logged by the engine's muteSound). Shows a prompt while
 * the browser keeps audio suspended, and in Electron raises a desktop notification for critical announcements.
 * Test hook: window.__citydesk.alarmSound = { playing, beeps }.
 */
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import type { EngineClient } from '../../electron/engine/api';
import { Dialog } from '../panels/Dialog';
import { formErrorText } from '../platform/rpc-client';
import { appStore, useAppStore, type AppState } from '../store';
import { testHooks } from '../testHooks';
import { unacknowledgedCritical } from './alarmList';
import { AlarmSoundController, browserSoundEnv, type SoundState } from './sound';

let shared: AlarmSoundController | null = null;

/** One controller per page (the AudioContext is a scarce resource). */
export function alarmSound(): AlarmSoundController {
  shared ??= new AlarmSoundController(browserSoundEnv());
  return shared;
}

function pendingOf(s: Pick<AppState, 'alarms' | 'shelves'>): number {
  return unacknowledgedCritical(s.alarms.values(), s.shelves).length;
}

/** Runs for the page's lifetime (mounted once in App). */
export function useAlarmSoundSync(): SoundState {
  const controller = alarmSound();
  const [state, setState] = useState<SoundState>(controller.state);
  const lastSeq = useRef(0);

  useEffect(() => {
    controller.init();
    const off = controller.subscribe((s) => {
      setState(s);
      const hooks = testHooks();
      if (hooks) hooks.alarmSound = { playing: s.playing, beeps: s.beeps, muted: s.muted, suspended: s.suspended };
    });
    lastSeq.current = appStore.getState().announcements.at(-1)?.seq ?? 0;
    const apply = (s: AppState, prev: AppState | null): void => {
      if (s.announcements !== prev?.announcements) {
        for (const a of s.announcements) {
          if (a.seq <= lastSeq.current) continue;
          lastSeq.current = a.seq;
          controller.announce(a.severity);
          if (a.severity === 'critical') notifyDesktop(a.message);
        }
      }
      if (!prev || s.alarms !== prev.alarms || s.shelves !== prev.shelves) controller.setPending(pendingOf(s));
    };
    apply(appStore.getState(), null);
    const unsubscribe = appStore.subscribe((s, prev) => apply(s, prev));
    // Any click or key press on the page is a gesture that lets the browser start audio.
    const onGesture = (): void => {
      if (controller.state.suspended) void controller.enable();
    };
    window.addEventListener('pointerdown', onGesture, true);
    window.addEventListener('keydown', onGesture, true);
    return () => {
      off();
      unsubscribe();
      window.removeEventListener('pointerdown', onGesture, true);
      window.removeEventListener('keydown', onGesture, true);
    };
  }, [controller]);
  return state;
}

function notifyDesktop(message: string): void {
  const bridge = window.citydesk;
  if (bridge?.platform !== 'electron' || typeof bridge.notify !== 'function') return;
  bridge.notify('CityDesk: critical alarm', message).catch((err: unknown) => console.warn('notification failed', err));
}

/** The top bar's sound status: ringing (with Mute…), muted, or the enable prompt. */
export function AlarmSoundStatus({ client, state }: { client: EngineClient; state: SoundState }) {
  const [muteOpen, setMuteOpen] = useState(false);
  const alarms = useAppStore((s) => s.alarms);
  const shelves = useAppStore((s) => s.shelves);
  const pending = useMemo(() => unacknowledgedCritical(alarms.values(), shelves), [alarms, shelves]);
  return (
    <div className="sound-status" data-testid="alarm-sound" data-playing={state.playing} data-muted={state.muted}>
      {state.suspended && (
        <button type="button" className="btn sound-enable" data-testid="alarm-sound-enable" onClick={() => void alarmSound().enable()}>
          Click to enable alarm sound
        </button>
      )}
      {!state.available && <span className="warn small" title="This browser has no WebAudio: alarms are visual only.">No alarm sound available</span>}
      {state.playing && (
        <span className="sound-ringing" role="status">
          <span className="bell" aria-hidden="true" />
          {pending.length} critical unacknowledged
          <button type="button" className="btn" data-testid="alarm-mute" onClick={() => setMuteOpen(true)}>
            Mute…
          </button>
        </span>
      )}
      {state.muted && state.pending > 0 && (
        <span className="sound-muted" data-testid="alarm-sound-muted" title="Muted until the next new critical alarm">
          Sound muted
        </span>
      )}
      {muteOpen && <MuteDialog client={client} alarmId={pending[0]?.id} onDone={() => setMuteOpen(false)} />}
    </div>
  );
}

function MuteDialog({ client, alarmId, onDone }: { client: EngineClient; alarmId: string | undefined; onDone: () => void }) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await client.call('muteSound', alarmId ? { reason, alarmId } : { reason });
      alarmSound().mute();
      onDone();
    } catch (err) {
      setError(formErrorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog title="Mute the alarm sound" onCancel={onDone} testId="mute-dialog">
      <form className="form" onSubmit={(e) => void submit(e)}>
        <p className="muted">
          The sound stops until the next new critical alarm. The critical alarms stay unacknowledged and on screen. Your reason is recorded in the audit log.
        </p>
        <label>
          Reason
          <textarea data-testid="mute-reason" rows={2} maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} />
        </label>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <div className="form-actions">
          <button type="button" className="btn" onClick={onDone}>
            Cancel
          </button>
          <button type="submit" className="btn danger" data-testid="mute-submit" disabled={busy || reason.trim().length < 3}>
            Mute sound
          </button>
        </div>
      </form>
    </Dialog>
  );
}
