/**
 * Wires the alarm sound to the store: the pattern of the most urgent priority waiting for acknowledgement rings
 * (sound.ts: urgent and high repeat, medium chimes once on arrival, low is silent), a new urgent or high announcement
 * un-mutes, muting only through a dialog with a reason (logged by the engine's muteSound). The top bar shows what
 * rings by priority in words and with a flashing badge for urgent (never colour alone). While the browser keeps audio
 * suspended it asks once ("Enable alarm sound", remembered in settings.soundEnabled); after that a reload starts the
 * sound on the first click or key anywhere, without asking. A mute is remembered (settings.soundMutedAt) until a new
 * urgent or high alarm lifts it, across a reload too. In Electron raises a desktop notification for urgent and high
 * announcements.
 * Test hook: window.__citydesk.alarmSound = { playing, beeps, muted, suspended, ringing }.
 */
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import type { EngineClient } from '../../electron/engine/api';
import { PRIORITY_ORDER } from '../../electron/shared/alarm-priority';
import { t as current, useT } from '../i18n/i18n';
import { Dialog } from '../panels/Dialog';
import { formErrorText } from '../platform/rpc-client';
import { appStore, useAppStore, type AppState } from '../store';
import { testHooks } from '../testHooks';
import { priorityLabel, shelfKey } from './alarmList';
import { feedNow } from '../store/feedSlice';
import { AlarmSoundController, announcedPriority, browserSoundEnv, liftsMute, ringingPriority, soundPrompt, storedMuteHolds, waitingByPriority, type SoundState } from './sound';

let shared: AlarmSoundController | null = null;

/** One controller per page (the AudioContext is a scarce resource). */
export function alarmSound(): AlarmSoundController {
  shared ??= new AlarmSoundController(browserSoundEnv());
  return shared;
}

function pendingOf(s: Pick<AppState, 'alarms' | 'shelves'>) {
  return waitingByPriority(s.alarms.values(), s.shelves);
}

/** Runs for the page's lifetime (mounted once in App). */
export function useAlarmSoundSync(): SoundState {
  const controller = alarmSound();
  const [state, setState] = useState<SoundState>(controller.state);
  const lastSeq = useRef(0);

  useEffect(() => {
    controller.init();
    // A mute taken before the reload holds (checked against the alarms once they arrive: see apply).
    let storedMuteChecked = appStore.getState().settings.soundMutedAt === null;
    if (!storedMuteChecked) controller.mute();
    const off = controller.subscribe((s) => {
      setState(s);
      const hooks = testHooks();
      if (hooks) hooks.alarmSound = { playing: s.playing, beeps: s.beeps, muted: s.muted, suspended: s.suspended, ringing: s.ringing };
      // The mute is remembered while it lasts (its feed time: a newer urgent or high alarm lifts it after a reload).
      const st = appStore.getState();
      if (s.muted && st.settings.soundMutedAt === null) st.setSetting('soundMutedAt', feedNow(st) ?? Date.now());
      else if (!s.muted && st.settings.soundMutedAt !== null) st.setSetting('soundMutedAt', null);
    });
    lastSeq.current = appStore.getState().announcements.at(-1)?.seq ?? 0;
    const apply = (s: AppState, prev: AppState | null): void => {
      if (!storedMuteChecked && s.alarms.size > 0) {
        storedMuteChecked = true;
        if (!storedMuteHolds(s.settings.soundMutedAt, s.alarms.values())) controller.unmute();
      }
      if (s.announcements !== prev?.announcements) {
        for (const a of s.announcements) {
          if (a.seq <= lastSeq.current) continue;
          lastSeq.current = a.seq;
          const priority = announcedPriority(a);
          controller.announce(priority);
          if (liftsMute(priority)) notifyDesktop(current('alarms.sound.notifyTitle', { priority: priorityLabel(priority) }), a.message);
        }
      }
      if (!prev || s.alarms !== prev.alarms || s.shelves !== prev.shelves) controller.setPending(pendingOf(s));
    };
    apply(appStore.getState(), null);
    const unsubscribe = appStore.subscribe((s, prev) => apply(s, prev));
    // Any click or key press on the page is a gesture that lets the browser start audio (no prompt needed once the
    // operator enabled the sound: settings.soundEnabled; before that too, since an alarm heard is safer).
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

function notifyDesktop(title: string, message: string): void {
  const bridge = window.citydesk;
  if (bridge?.platform !== 'electron' || typeof bridge.notify !== 'function') return;
  bridge.notify(title, message).catch((err: unknown) => console.warn('notification failed', err));
}

/** The first alarm of the most urgent priority that rings (the one a mute is logged against). */
export function firstRinging(s: Pick<AppState, 'alarms' | 'shelves'>): string | undefined {
  const ringing = ringingPriority(pendingOf(s));
  if (!ringing) return undefined;
  for (const a of s.alarms.values()) if (a.priority === ringing && a.state !== 'resolved' && a.acknowledged === null && !s.shelves.has(shelfKey(a))) return a.id;
  return undefined;
}

/** The top bar's sound status: ringing (what, by priority, with Mute…), muted, or the enable prompt. */
export function AlarmSoundStatus({ client, state }: { client: EngineClient; state: SoundState }) {
  const [muteOpen, setMuteOpen] = useState(false);
  const { t } = useT();
  const alarms = useAppStore((s) => s.alarms);
  const shelves = useAppStore((s) => s.shelves);
  const soundEnabled = useAppStore((s) => s.settings.soundEnabled);
  const prompt = soundPrompt(state, soundEnabled);
  const waiting = useMemo(() => waitingByPriority(alarms.values(), shelves), [alarms, shelves]);
  const ringingText = PRIORITY_ORDER.filter((p) => p !== 'low' && waiting[p] > 0)
    .map((p) => `${waiting[p]} ${priorityLabel(p, t).toLowerCase()}`)
    .join(', ');
  return (
    <div className="sound-status" data-testid="alarm-sound" data-playing={state.playing} data-muted={state.muted} data-ringing={state.ringing ?? ''}>
      {prompt === 'ask' && (
        <button type="button" className="btn sound-enable" data-testid="alarm-sound-enable" onClick={() => enableSound()}>
          {t('alarms.sound.enable')}
        </button>
      )}
      {prompt === 'first-gesture' && (
        <span className="muted small" data-testid="alarm-sound-waiting" title={t('alarms.sound.firstGestureHint')}>
          {t('alarms.sound.firstGesture')}
        </span>
      )}
      {!state.available && (
        <span className="warn small" title={t('alarms.sound.unavailableHint')}>
          {t('alarms.sound.unavailable')}
        </span>
      )}
      {state.playing && (
        <span className={`sound-ringing prio-${state.ringing ?? 'none'}`} role="status" title={t('alarms.sound.ringingTitle', { list: ringingText })}>
          <span className="bell" aria-hidden="true" />
          {state.ringing && (
            <>
              <span className="prio-badge">{priorityLabel(state.ringing, t)}</span>
              {t('alarms.sound.waiting', { count: waiting[state.ringing] })}
            </>
          )}
          <button type="button" className="btn" data-testid="alarm-mute" onClick={() => setMuteOpen(true)}>
            {t('alarms.sound.muteMenu')}
          </button>
        </span>
      )}
      {state.muted && state.pending > 0 && (
        <span className="sound-muted" data-testid="alarm-sound-muted" title={t('alarms.sound.mutedHint')}>
          {t('alarms.sound.muted')}
        </span>
      )}
      {muteOpen && <MuteDialog client={client} alarmId={firstRinging({ alarms, shelves })} onDone={() => setMuteOpen(false)} />}
    </div>
  );
}

/** The operator enables the sound (a gesture): audio starts now, and later reloads start it without asking. */
export function enableSound(): void {
  appStore.getState().setSetting('soundEnabled', true);
  void alarmSound().enable();
}

/** Mutes the sound once the engine has logged the reason (the top bar's Mute… and the M key). */
export function MuteDialog({ client, alarmId, onDone }: { client: EngineClient; alarmId: string | undefined; onDone: () => void }) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { t } = useT();
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
    <Dialog title={t('alarms.sound.muteTitle')} onCancel={onDone} testId="mute-dialog">
      <form className="form" onSubmit={(e) => void submit(e)}>
        <p className="muted">
          {t('alarms.sound.muteText')}
        </p>
        <label>
          {t('alarms.sound.reason')}
          <textarea data-testid="mute-reason" rows={2} maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} />
        </label>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <div className="form-actions">
          <button type="button" className="btn" onClick={onDone}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="btn danger" data-testid="mute-submit" disabled={busy || reason.trim().length < 3}>
            {t('alarms.sound.muteSubmit')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
