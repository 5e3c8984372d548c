/**
 * One alarm's life beside the audit log: raised, acknowledged, shelved, escalated, cleared, resolved, each with who,
 * when (feed time, the city's zone) and why, from the engine's alarmTimeline. Each step can be replayed.
 */
import { useEffect, useMemo, useState } from 'react';
import type { CommandResults, EngineClient } from '../../electron/engine/api';
import { errorText } from '../platform/rpc-client';
import { formatFeedTime } from '../panels/format';
import { useAppStore, useTimeZone } from '../store';
import { byText, timelineKindText } from './auditQuery';
import { useT } from '../i18n/i18n';
import { timelineText } from './auditWords';
import { alarmStateWord, severityWord } from '../alarms/alarmList';

export function AlarmTimeline({ client, alarmId, title, onClose }: { client: EngineClient; alarmId: string; title: string; onClose: () => void }) {
  const tz = useTimeZone();
  const { t, locale } = useT();
  const enterReplay = useAppStore((s) => s.enterReplay);
  const alarms = useAppStore((s) => s.alarms);
  const [data, setData] = useState<{ id: string; res: CommandResults['alarmTimeline'] } | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    client
      .call('alarmTimeline', { id: alarmId })
      .then((res) => {
        if (!live) return;
        setData({ id: alarmId, res });
        setError(null);
      })
      .catch((err: unknown) => live && setError(errorText(err)));
    return () => {
      live = false;
    };
  }, [client, alarmId, alarms]);

  // The answer for this alarm only (another row clicked meanwhile: loading).
  const shown = data?.id === alarmId ? data.res : null;
  const entries = useMemo(
    () => (shown ? timelineText(shown.entries, shown.rows, tz) : []),
    [shown, tz, locale],
  );
  return (
    <aside className="audit-timeline" data-testid="alarm-timeline" data-alarm-id={alarmId} data-steps={shown ? shown.entries.length : ''}>
      <div className="section-head">
        <h3>{title}</h3>
        <button type="button" className="btn" onClick={onClose} aria-label={t('audit.closeTimeline')}>
          ×
        </button>
      </div>
      {shown?.alarm && (
        <p className="muted small">
          {severityWord(shown.alarm.severity)} · {t('audit.nowState', { state: alarmStateWord(shown.alarm.state) })} · {shown.alarm.message}
        </p>
      )}
      {error && <p className="error small">{t('audit.timelineUnavailable', { error })}</p>}
      {!shown && !error && <p className="muted small">{t('audit.loading')}</p>}
      {shown && (
        <ol className="audit-steps">
          {entries.map((e, i) => (
            <li key={`${e.auditId ?? 'x'}-${i}`} className={`step ${e.kind}`} data-testid="alarm-step" data-kind={e.kind}>
              <div className="step-head">
                <strong>{timelineKindText(e.kind)}</strong>
                <span className="muted"> {t('audit.by')} </span>
                <bdi>{byText(e.by)}</bdi>
                <span className="spacer" />
                <button type="button" className="btn small" onClick={() => enterReplay(e.at, { alarmId })} title={t('audit.replayStepHint')}>
                  {t('audit.replay')}
                </button>
              </div>
              <div className="mono small">{formatFeedTime(e.at, tz)}</div>
              {e.text && <div className="small step-text">{e.text}</div>}
            </li>
          ))}
        </ol>
      )}
    </aside>
  );
}
