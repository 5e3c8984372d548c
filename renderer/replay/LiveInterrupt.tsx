/**
 * While replaying, a new LIVE critical alarm interrupts: a banner "LIVE: <message>" with "Back to live" (the live feed
 * keeps recording and evaluating underneath; its announcements keep coming, and the alarm sound, alarms/AlarmSound.tsx,
 * rings on them as it does live). Only announcements that arrive after entering replay interrupt; the newest is shown,
 * with how many others came, until dismissed or until going live.
 */
import { useRef, useState } from 'react';
import { useT } from '../i18n/i18n';
import { appStore, useAppStore, type Announcement } from '../store';
import { liveCriticalSince } from './liveCritical';

export function LiveInterrupt({ readOnly }: { readOnly: boolean }) {
  const announcements = useAppStore((s) => s.announcements);
  const exitReplay = useAppStore((s) => s.exitReplay);
  // The last announcement seen when replay began (or when dismissed): only newer ones interrupt.
  const since = useRef(appStore.getState().announcements.at(-1)?.seq ?? 0);
  const [dismissed, setDismissed] = useState(0);
  const { t } = useT();
  const news: Announcement[] = liveCriticalSince(announcements, Math.max(since.current, dismissed));
  const latest = news.at(-1);
  if (!latest) return null;
  return (
    <div className="live-interrupt" role="alert" data-testid="live-interrupt" data-alarm-id={latest.alarmId}>
      <strong className="live-tag">{t('replay.live.tag')}</strong>
      <span className="live-message">
        {latest.message}
        {news.length > 1 && <span className="muted">{t('replay.live.more', { count: news.length - 1 })}</span>}
      </span>
      {!readOnly && (
        <button type="button" className="btn primary" data-testid="live-interrupt-back" onClick={() => exitReplay()}>
          {t('replay.live.back')}
        </button>
      )}
      <button type="button" className="link-btn" aria-label={t('replay.live.dismiss')} onClick={() => setDismissed(latest.seq)}>
        ✕
      </button>
    </div>
  );
}
