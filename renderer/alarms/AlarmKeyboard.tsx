/**
 * The operator's keyboard, wired to the window: keyboard.ts says which key asks for what; this component does it for
 * the alarm the operator is on (the store's selectedAlarmId), in the alarm list's order (alarmList.ts): move to the
 * next / previous / next unacknowledged alarm, acknowledge (dialog with an optional comment), shelve (dialog with a
 * duration and a reason), fly the map there (every member of a group), expand or collapse a group, mute the sound
 * (the reasoned mute dialog), resolve, comment (a note), unshelve, the help overlay; and the desk's other keys: map
 * selection (mapSelection.ts, announced in a live region), F6 regions (regions.ts), G to the first alarm, the settings.
 * A short notice says why a key did nothing (no alarm selected, already acknowledged, nothing ringing). Moving the
 * keyboard focus onto an alarm row (Tab) puts the operator on that alarm. Mounted once in App.
 */
import { useCallback, useEffect, useState, type FormEvent, type ReactNode } from 'react';
import type { Alarm, EngineClient } from '../../electron/engine/api';
import { flyToBounds, groupMemberIds } from '../map/layers/groupHighlight';
import { typingInto } from '../map/home';
import { Dialog } from '../panels/Dialog';
import { formErrorText } from '../platform/rpc-client';
import { appStore, shownAlarms, type AppState } from '../store';
import { replayPageOf } from '../replay/replayAlarmPage';
import { PAGE_SIZE } from './alarmPaging';
import { alarmActions, priorityLabel, ruleName, shelfOf, subjectName } from './alarmList';
import { t, useT } from '../i18n/i18n';
import { MuteDialog, alarmSound, firstRinging } from './AlarmSound';
import { HelpOverlay } from './HelpOverlay';
import { MIN_SHELVE_REASON } from './ShelveForm';
import { keyAction, nextUnacknowledged, stepAlarm, type KeyActionType } from './keyboard';
import { isMapKeyAction, runMapKey } from '../keyboard/mapSelection';
import { alarmRowControl, cycleRegion } from '../keyboard/regions';
import '../keyboard/keyboard.css';
import { SettingsHost, openSettings } from '../settings/SettingsMenu';

type OpenDialog = { kind: 'ack' | 'shelve' | 'resolve' | 'comment'; alarm: Alarm } | { kind: 'mute'; alarmId: string | undefined };

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

/** G and the skip link: the first alarm of the list becomes the one the operator is on, with the focus on its row. */
export function goToFirstAlarm(): boolean {
  const s = appStore.getState();
  const first = listed(s)[0];
  if (!first) return false;
  if (s.drawerTab !== 'alarms' || !s.drawerOpen) s.setDrawerTab('alarms');
  moveTo(first.id, true);
  // The row may only be drawn on the next frame (the drawer was on another tab).
  requestAnimationFrame(() => requestAnimationFrame(() => alarmRowControl(first.id)?.focus()));
  return true;
}

export function AlarmKeyboard({ client }: { client: EngineClient }) {
  const [help, setHelp] = useState(false);
  const [dialog, setDialog] = useState<OpenDialog | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  // The map selection in words, for screen readers (a polite live region; the notice is for everyone).
  const [spoken, setSpoken] = useState('');

  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => setNotice(null), NOTICE_MS);
    return () => clearTimeout(timer);
  }, [notice]);

  const run = useCallback((action: KeyActionType, inList: boolean): void => {
    const s = appStore.getState();
    const alarm = s.selectedAlarmId ? shownAlarms(s).get(s.selectedAlarmId) : undefined;
    switch (action) {
      case 'live':
        if (!s.replay) setNotice(t('keys.notice.alreadyLive'));
        else if (!s.exitReplay()) setNotice(t('keys.notice.packReadOnly'));
        return;
      case 'help':
        setHelp(true);
        return;
      case 'firstAlarm':
        if (!goToFirstAlarm()) setNotice(t('keys.notice.noAlarm'));
        return;
      case 'nextRegion':
      case 'previousRegion': {
        const r = cycleRegion(action === 'nextRegion' ? 1 : -1, s.selectedAlarmId);
        if (r) setSpoken(r.label);
        return;
      }
      case 'settings':
        openSettings();
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
        if (id === null) setNotice(t('keys.notice.noAlarm'));
        moveTo(id, inList);
        return;
      }
      case 'nextUnacknowledged': {
        const id = nextUnacknowledged(listed(s), s.selectedAlarmId);
        if (id === null) setNotice(t('keys.notice.allAcknowledged'));
        moveTo(id, inList);
        return;
      }
      case 'mute':
        if (!alarmSound().state.playing) setNotice(t('keys.notice.notRinging'));
        else setDialog({ kind: 'mute', alarmId: firstRinging(s) });
        return;
    }
    if (isMapKeyAction(action)) {
      const said = runMapKey(action);
      setSpoken(said);
      setNotice(said);
      return;
    }
    if (!alarm) {
      setNotice(t('keys.notice.selectFirst'));
      return;
    }
    if (s.replay && (action === 'ack' || action === 'shelve' || action === 'resolve' || action === 'unshelve' || action === 'comment')) {
      setNotice(t('keys.notice.replayPast'));
      return;
    }
    const can = alarmActions(alarm, shelfOf(alarm, s.shelves) !== undefined);
    switch (action) {
      case 'ack':
        if (can.ack) setDialog({ kind: 'ack', alarm });
        else setNotice(alarm.acknowledged ? t('keys.notice.alreadyAcknowledged', { name: alarm.acknowledged.by }) : t('keys.notice.cannotAcknowledge'));
        return;
      case 'resolve':
        if (can.resolve) setDialog({ kind: 'resolve', alarm });
        else setNotice(alarm.state === 'resolved' ? t('keys.notice.alreadyResolved') : t('keys.notice.onlyCleared'));
        return;
      case 'comment':
        setDialog({ kind: 'comment', alarm });
        return;
      case 'shelve':
        if (can.shelve) setDialog({ kind: 'shelve', alarm });
        else setNotice(can.unshelve ? t('keys.notice.alreadyShelved') : t('keys.notice.resolvedNoShelve'));
        return;
      case 'unshelve':
        if (!can.unshelve) {
          setNotice(t('keys.notice.notShelved'));
          return;
        }
        client
          .call('unshelve', { id: alarm.id })
          .then((a) => {
            appStore.getState().upsertAlarms([a]);
            setNotice(t('keys.notice.unshelved'));
          })
          .catch((err: unknown) => setNotice(t('keys.notice.notUnshelved', { error: formErrorText(err) })));
        return;
      case 'flyTo': {
        const focus = flyToBounds(alarm, s, s.highlightedSensorIds);
        if (focus) s.requestFocus(focus.bounds, focus.maxZoom);
        else setNotice(t('keys.notice.noPlace'));
        return;
      }
      case 'toggleGroup': {
        if (!alarm.group) {
          setNotice(t('keys.notice.notGroup'));
          return;
        }
        // Expanded is what the map shows (its members highlighted); the row's disclosure follows when it is drawn (its
        // own click sets or clears the highlight), so that the list and the map never disagree.
        const members = groupMemberIds(alarm);
        if (!members.length) setNotice(t('keys.notice.noMembers'));
        const expanded = members.some((id) => s.highlightedSensorIds.has(id));
        const disclosure = rowOf(alarm.id)?.querySelector<HTMLElement>('[data-testid=alarm-expand]');
        if (disclosure && (disclosure.getAttribute('aria-expanded') === 'true') === expanded) disclosure.click();
        else s.setHighlightedSensors(expanded ? [] : members);
        return;
      }
    }
  }, [client]);

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
    // Shift+arrows and F6 are caught before the focused control (the map's canvas would rotate or pitch with them).
    const onKeyFirst = (e: KeyboardEvent): void => {
      if (!(e.shiftKey && e.key.startsWith('Arrow')) && e.key !== 'F6') return;
      const target = e.target instanceof HTMLElement ? e.target : null;
      const otherDialog = document.querySelector('[role=dialog][aria-modal=true]') !== null;
      const action = keyAction(e, { typing: typingInto(e.target), dialogOpen: otherDialog, inList: target?.closest('[data-testid=alarm-list]') != null, helpOpen: false });
      if (!action) return;
      e.preventDefault();
      e.stopPropagation();
      run(action, false);
    };
    // Tabbing onto an alarm row puts the operator on that alarm (the keys then act on the row that has the focus).
    const onFocus = (e: FocusEvent): void => {
      const target = e.target instanceof HTMLElement ? e.target : null;
      if (!target?.matches(':focus-visible')) return;
      const id = target.closest('[data-testid=alarm-list] [data-alarm-id]')?.getAttribute('data-alarm-id');
      if (id && appStore.getState().selectedAlarmId !== id) appStore.getState().selectAlarm(id);
    };
    window.addEventListener('keydown', onKeyFirst, true);
    window.addEventListener('keydown', onKey);
    document.addEventListener('focusin', onFocus);
    return () => {
      window.removeEventListener('keydown', onKeyFirst, true);
      window.removeEventListener('keydown', onKey);
      document.removeEventListener('focusin', onFocus);
    };
  }, [run, client]);

  const close = useCallback(() => setDialog(null), []);
  return (
    <>
      {help && <HelpOverlay onClose={() => setHelp(false)} />}
      <SettingsHost />
      {notice && (
        <div className="key-notice" data-testid="key-notice">
          {notice}
        </div>
      )}
      <div className="sr-only" role="status" aria-live="polite" data-testid="key-live">
        {spoken || notice}
      </div>
      {dialog?.kind === 'ack' && <AckDialog client={client} alarm={dialog.alarm} onDone={close} />}
      {dialog?.kind === 'shelve' && <ShelveDialog client={client} alarm={dialog.alarm} onDone={close} />}
      {dialog?.kind === 'resolve' && <ResolveDialog client={client} alarm={dialog.alarm} onDone={close} />}
      {dialog?.kind === 'comment' && <CommentDialog client={client} alarm={dialog.alarm} onDone={close} />}
      {dialog?.kind === 'mute' && <MuteDialog client={client} alarmId={dialog.alarmId} onDone={close} />}
    </>
  );
}

/** The alarm in words, at the top of a dialog. */
function AlarmTitle({ alarm }: { alarm: Alarm }) {
  const s = appStore.getState();
  const { t } = useT();
  return (
    <p className="key-dialog-alarm">
      <span className={`prio-badge prio-${alarm.priority}`}>{priorityLabel(alarm.priority, t)}</span> <strong>{ruleName(alarm, s.rules)}</strong> —{' '}
      {alarm.group ? t('alarms.dialog.groupMembers', { name: alarm.group.name, count: groupMemberIds(alarm).length }) : subjectName(alarm.subject, { catalogue: s.catalogue, zones: s.zones, rules: s.rules, registry: s.registry })}
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
  const { t } = useT();
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
            {t('common.cancel')}
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
  const { t } = useT();
  const action = async (): Promise<void> => {
    const c = comment.trim();
    appStore.getState().upsertAlarms([await client.call('ackAlarm', c ? { id: alarm.id, comment: c } : { id: alarm.id })]);
  };
  return (
    <ActionDialog title={t('alarms.dialog.ackTitle')} testId="key-ack-dialog" alarm={alarm} submitLabel={t('alarms.dialog.ackSubmit')} ready action={action} onDone={onDone}>
      <label>
        {t('alarms.dialog.commentOptional')}
        <input data-testid="key-ack-comment" maxLength={2000} value={comment} onChange={(e) => setComment(e.target.value)} placeholder={t('alarms.dialog.ackPlaceholder')} />
      </label>
    </ActionDialog>
  );
}

function ResolveDialog({ client, alarm, onDone }: { client: EngineClient; alarm: Alarm; onDone: () => void }) {
  const [comment, setComment] = useState('');
  const { t } = useT();
  const action = async (): Promise<void> => {
    const c = comment.trim();
    appStore.getState().upsertAlarms([await client.call('resolveAlarm', c ? { id: alarm.id, comment: c } : { id: alarm.id })]);
  };
  return (
    <ActionDialog title={t('alarms.dialog.resolveTitle')} testId="key-resolve-dialog" alarm={alarm} submitLabel={t('alarms.dialog.resolveSubmit')} ready action={action} onDone={onDone}>
      <label>
        {t('alarms.dialog.commentOptional')}
        <input data-testid="key-resolve-comment" maxLength={2000} value={comment} onChange={(e) => setComment(e.target.value)} placeholder={t('alarms.dialog.resolvePlaceholder')} />
      </label>
    </ActionDialog>
  );
}

/**
 * A comment on the alarm: an operator note (queued durably, logged in the audit, sent to the feed) on the alarm's
 * sensor, or on the desk for a district, source or group alarm; it starts with the alarm's rule and place.
 */
function CommentDialog({ client, alarm, onDone }: { client: EngineClient; alarm: Alarm; onDone: () => void }) {
  const [text, setText] = useState('');
  const { t } = useT();
  const action = async (): Promise<void> => {
    const s = appStore.getState();
    const sensorId = !alarm.group && s.catalogue.has(alarm.subject) ? alarm.subject : null;
    const about = `${ruleName(alarm, s.rules)} — ${alarm.group ? alarm.group.name : subjectName(alarm.subject, { catalogue: s.catalogue, zones: s.zones, rules: s.rules, registry: s.registry })}`;
    const note = await client.call('addNote', { sensorId, text: t('alarms.dialog.noteText', { about, text: text.trim() }) });
    s.upsertActions([note]);
  };
  return (
    <ActionDialog title={t('alarms.dialog.commentTitle')} testId="key-comment-dialog" alarm={alarm} submitLabel={t('alarms.dialog.commentSubmit')} ready={text.trim().length > 0} action={action} onDone={onDone}>
      <label>
        {t('alarms.dialog.commentLabel')}
        <input data-testid="key-comment-text" maxLength={1800} value={text} onChange={(e) => setText(e.target.value)} />
      </label>
    </ActionDialog>
  );
}

/** Shelving durations offered, minutes. */
const SHELVE_MINUTES = [15, 30, 60, 120, 240, 480, 1440] as const;

function ShelveDialog({ client, alarm, onDone }: { client: EngineClient; alarm: Alarm; onDone: () => void }) {
  const [reason, setReason] = useState('');
  const [minutes, setMinutes] = useState(60);
  const { t } = useT();
  const action = async (): Promise<void> => {
    const shelf = await client.call('shelveAlarm', { id: alarm.id, minutes, reason });
    const s = appStore.getState();
    s.setShelves([...[...s.shelves.values()].filter((x) => x.key !== shelf.key), shelf]);
  };
  return (
    <ActionDialog title={t('alarms.dialog.shelveTitle')} testId="key-shelve-dialog" alarm={alarm} submitLabel={t('alarms.shelve')} ready={reason.trim().length >= MIN_SHELVE_REASON} action={action} onDone={onDone}>
      <label>
        {t('alarms.dialog.shelveReason')}
        <input data-testid="key-shelve-reason" maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} />
      </label>
      <label>
        {t('alarms.dialog.shelveFor')}
        <select data-testid="key-shelve-minutes" value={minutes} onChange={(e) => setMinutes(Number(e.target.value))}>
          {SHELVE_MINUTES.map((m) => (
            <option key={m} value={m}>
              {m < 60 ? t('alarms.dialog.minutes', { n: m }) : t('alarms.dialog.hours', { n: m / 60 })}
            </option>
          ))}
        </select>
      </label>
    </ActionDialog>
  );
}
