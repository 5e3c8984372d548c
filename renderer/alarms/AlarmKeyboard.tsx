/**
 * The operator's keyboard, wired to the window: keyboard.ts says which key asks for what; this component does it for
 * the alarm the operator is on (the store's selectedAlarmId), in the alarm list's order (alarmList.ts): move to the
 * next / previous / next unacknowledged alarm, acknowledge (dialog with an optional comment), shelve (dialog with a
 * duration and a reason), fly the map there (every member of a group), expand or collapse a group, mute the sound
 * (the reasoned mute dialog), and the help overlay. A short notice says why a key did nothing (no alarm selected,
 * already acknowledged, nothing ringing). Mounted once in App.
 */
import { useCallback, useEffect, useState, type FormEvent, type ReactNode } from 'react';
import type { Alarm, EngineClient } from '../../electron/engine/api';
import { PRIORITY_LABEL } from '../../electron/shared/alarm-priority';
import { flyToBounds, groupMemberIds } from '../map/layers/groupHighlight';
import { typingInto } from '../map/home';
import { Dialog } from '../panels/Dialog';
import { formErrorText } from '../platform/rpc-client';
import { appStore, shownAlarms, type AppState } from '../store';
import { replayPageOf } from '../replay/replayAlarmPage';
import { PAGE_SIZE } from './alarmPaging';
import { alarmActions, ruleName, shelfOf, subjectName } from './alarmList';
import { MuteDialog, alarmSound, firstRinging } from './AlarmSound';
import { HelpOverlay } from './HelpOverlay';
import { MIN_SHELVE_REASON } from './ShelveForm';
import { keyAction, nextUnacknowledged, stepAlarm, type KeyActionType } from './keyboard';

type OpenDialog = { kind: 'ack' | 'shelve'; alarm: Alarm } | { kind: 'mute'; alarmId: string | undefined };

const NOTICE_MS = 3500;

/**
 * The alarm list as the operator sees it: the page on screen, in its order (the engine's: priority, then time; in
 * replay the frame's alarms, paged in the same order).
 */
function listed(s: AppState): Alarm[] {
  return [...(replayPageOf(s, PAGE_SIZE)?.alarms ?? s.alarmPage?.alarms ?? [])];
}

function rowOf(id: string): HTMLElement | null {
  return document.querySelector<HTMLElement>(`[data-testid=alarm-list] [data-alarm-id="${CSS.escape(id)}"]`);
}

/**
 * Selects an alarm and brings its row into view (keeping the focus in the list when it was there). The members of a
 * group expanded before are no longer highlighted (E expands the new one).
 */
function moveTo(id: string | null, keepFocus: boolean): void {
  if (id === null) return;
  const s = appStore.getState();
  s.selectAlarm(id);
  if (s.highlightedSensorIds.size) s.setHighlightedSensors([]);
  requestAnimationFrame(() => {
    const row = rowOf(id);
    row?.scrollIntoView({ block: 'nearest' });
    if (keepFocus) row?.querySelector<HTMLElement>('button')?.focus();
  });
}

export function AlarmKeyboard({ client }: { client: EngineClient }) {
  const [help, setHelp] = useState(false);
  const [dialog, setDialog] = useState<OpenDialog | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    if (!notice) return;
    const t = setTimeout(() => setNotice(null), NOTICE_MS);
    return () => clearTimeout(t);
  }, [notice]);

  const run = useCallback((action: KeyActionType, inList: boolean): void => {
    const s = appStore.getState();
    const alarm = s.selectedAlarmId ? shownAlarms(s).get(s.selectedAlarmId) : undefined;
    switch (action) {
      case 'live':
        if (!s.replay) setNotice('Already live.');
        else if (!s.exitReplay()) setNotice('An incident pack is read-only: there is no live to return to.');
        return;
      case 'help':
        setHelp(true);
        return;
      case 'close':
        setHelp(false);
        return;
      case 'next':
      case 'previous': {
        const id = stepAlarm(
          listed(s).map((a) => a.id),
          s.selectedAlarmId,
          action === 'next' ? 1 : -1,
        );
        if (id === null) setNotice('No alarm in the list.');
        moveTo(id, inList);
        return;
      }
      case 'nextUnacknowledged': {
        const id = nextUnacknowledged(listed(s), s.selectedAlarmId);
        if (id === null) setNotice('Every alarm in the list is acknowledged.');
        moveTo(id, inList);
        return;
      }
      case 'mute':
        if (!alarmSound().state.playing) setNotice('The alarm sound is not ringing.');
        else setDialog({ kind: 'mute', alarmId: firstRinging(s) });
        return;
    }
    if (!alarm) {
      setNotice('Select an alarm first (J / K, or N for the next unacknowledged).');
      return;
    }
    if (s.replay && (action === 'ack' || action === 'shelve')) {
      setNotice('Replay shows the past: acknowledge and shelve live (L returns to live).');
      return;
    }
    const can = alarmActions(alarm, shelfOf(alarm, s.shelves) !== undefined);
    switch (action) {
      case 'ack':
        if (can.ack) setDialog({ kind: 'ack', alarm });
        else setNotice(alarm.acknowledged ? `Already acknowledged by ${alarm.acknowledged.by}.` : 'This alarm cannot be acknowledged.');
        return;
      case 'shelve':
        if (can.shelve) setDialog({ kind: 'shelve', alarm });
        else setNotice(can.unshelve ? 'Already shelved.' : 'A resolved alarm cannot be shelved.');
        return;
      case 'flyTo': {
        const focus = flyToBounds(alarm, s, s.highlightedSensorIds);
        if (focus) s.requestFocus(focus.bounds, focus.maxZoom);
        else setNotice('This alarm has no place on the map.');
        return;
      }
      case 'toggleGroup': {
        if (!alarm.group) {
          setNotice('This alarm is not a group.');
          return;
        }
        // The list's own expand control when it has one (it sets the highlighted members); else the map highlight.
        const toggle = rowOf(alarm.id)?.querySelector<HTMLElement>('[data-testid=alarm-group-toggle]');
        if (toggle) toggle.click();
        else {
          const members = groupMemberIds(alarm);
          if (!members.length) setNotice('This group holds no member alarms yet.');
          const expanded = members.some((id) => s.highlightedSensorIds.has(id));
          s.setHighlightedSensors(expanded ? [] : members);
        }
        return;
      }
    }
  }, []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.defaultPrevented) return;
      const target = e.target instanceof HTMLElement ? e.target : null;
      const otherDialog = document.querySelector('[role=dialog][aria-modal=true]:not([data-keyboard-help])') !== null;
      const helpOpen = document.querySelector('[data-keyboard-help]') !== null;
      const inList = target?.closest('[data-testid=alarm-list]') != null;
      const action = keyAction(e, { typing: typingInto(e.target), dialogOpen: otherDialog, inList, helpOpen });
      if (!action) return;
      e.preventDefault();
      run(action, inList);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [run]);

  const close = useCallback(() => setDialog(null), []);
  return (
    <>
      {help && <HelpOverlay onClose={() => setHelp(false)} />}
      {notice && (
        <div className="key-notice" role="status" data-testid="key-notice">
          {notice}
        </div>
      )}
      {dialog?.kind === 'ack' && <AckDialog client={client} alarm={dialog.alarm} onDone={close} />}
      {dialog?.kind === 'shelve' && <ShelveDialog client={client} alarm={dialog.alarm} onDone={close} />}
      {dialog?.kind === 'mute' && <MuteDialog client={client} alarmId={dialog.alarmId} onDone={close} />}
    </>
  );
}

/** The alarm in words, at the top of a dialog. */
function AlarmTitle({ alarm }: { alarm: Alarm }) {
  const s = appStore.getState();
  return (
    <p className="key-dialog-alarm">
      <span className={`prio-badge prio-${alarm.priority}`}>{PRIORITY_LABEL[alarm.priority]}</span> <strong>{ruleName(alarm, s.rules)}</strong> —{' '}
      {alarm.group ? `${alarm.group.name} (${groupMemberIds(alarm).length} members)` : subjectName(alarm.subject, { catalogue: s.catalogue, zones: s.zones, rules: s.rules, registry: s.registry })}
    </p>
  );
}

/** A dialog acting on one alarm: the alarm in words, the fields, the error if the engine refuses, Cancel and submit. */
function ActionDialog({
  title,
  testId,
  alarm,
  submitLabel,
  ready,
  action,
  onDone,
  children,
}: {
  title: string;
  testId: string;
  alarm: Alarm;
  submitLabel: string;
  ready: boolean;
  action: () => Promise<void>;
  onDone: () => void;
  children: ReactNode;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (busy || !ready) return;
    setBusy(true);
    setError(null);
    action()
      .then(onDone)
      .catch((err: unknown) => setError(formErrorText(err)))
      .finally(() => setBusy(false));
  };
  return (
    <Dialog title={title} onCancel={onDone} testId={testId}>
      <form className="form" onSubmit={submit}>
        <AlarmTitle alarm={alarm} />
        {children}
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <div className="form-actions">
          <button type="button" className="btn" onClick={onDone}>
            Cancel
          </button>
          <button type="submit" className="btn primary" data-testid={`${testId}-submit`} disabled={busy || !ready}>
            {submitLabel}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function AckDialog({ client, alarm, onDone }: { client: EngineClient; alarm: Alarm; onDone: () => void }) {
  const [comment, setComment] = useState('');
  const action = async (): Promise<void> => {
    const c = comment.trim();
    appStore.getState().upsertAlarms([await client.call('ackAlarm', c ? { id: alarm.id, comment: c } : { id: alarm.id })]);
  };
  return (
    <ActionDialog title="Acknowledge the alarm" testId="key-ack-dialog" alarm={alarm} submitLabel="Acknowledge (Enter)" ready action={action} onDone={onDone}>
      <label>
        Comment (optional)
        <input data-testid="key-ack-comment" maxLength={2000} value={comment} onChange={(e) => setComment(e.target.value)} placeholder="What you did or found" />
      </label>
    </ActionDialog>
  );
}

/** Shelving durations offered, minutes. */
const SHELVE_MINUTES = [15, 30, 60, 120, 240, 480, 1440] as const;

function ShelveDialog({ client, alarm, onDone }: { client: EngineClient; alarm: Alarm; onDone: () => void }) {
  const [reason, setReason] = useState('');
  const [minutes, setMinutes] = useState(60);
  const action = async (): Promise<void> => {
    const shelf = await client.call('shelveAlarm', { id: alarm.id, minutes, reason });
    const s = appStore.getState();
    s.setShelves([...[...s.shelves.values()].filter((x) => x.key !== shelf.key), shelf]);
  };
  return (
    <ActionDialog title="Shelve the alarm" testId="key-shelve-dialog" alarm={alarm} submitLabel="Shelve" ready={reason.trim().length >= MIN_SHELVE_REASON} action={action} onDone={onDone}>
      <label>
        Reason (required, recorded in the audit log)
        <input data-testid="key-shelve-reason" maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} />
      </label>
      <label>
        For
        <select data-testid="key-shelve-minutes" value={minutes} onChange={(e) => setMinutes(Number(e.target.value))}>
          {SHELVE_MINUTES.map((m) => (
            <option key={m} value={m}>
              {m < 60 ? `${m} min` : `${m / 60} h`}
            </option>
          ))}
        </select>
      </label>
    </ActionDialog>
  );
}
