/**
 * A long engine call that reports progress by event and can be cancelled (a rule's backtest and a rule set's re-run
 * over a replayed window, cancelled with cancelBacktest; an incident pack, with cancelIncidentPack): the progress of
 * the call whose id is in `runningId`, cancelled when the component goes away, and the progress bar with its Cancel
 * button.
 */
import { useEffect, useRef, useState } from 'react';
import type { EngineClient, EngineEvents } from '../../electron/engine/api';
import { useT } from '../i18n/i18n';
import { formatInt } from './format';

type RunEvent = 'backtest' | 'replayRules' | 'pack';
type Progress = EngineEvents[RunEvent];

export function useRunProgress<E extends RunEvent>(client: EngineClient, event: E) {
  const [running, setRunning] = useState<EngineEvents[E] | null>(null);
  const runningId = useRef<string | null>(null);
  useEffect(() => {
    const off = client.on(event, (p: EngineEvents[E]) => {
      if (p.id === runningId.current) setRunning(p);
    });
    return () => {
      off();
      const id = runningId.current;
      if (id) void (event === 'pack' ? client.call('cancelIncidentPack', { id }) : client.call('cancelBacktest', { id })).catch(() => {});
    };
  }, [client, event]);
  return { running, setRunning, runningId };
}

export function RunProgress({ progress, className, label, testId, cancelTestId, cancelText, onCancel }: { progress: Progress; className: string; label: string; testId: string; cancelTestId: string; cancelText: string; onCancel: () => void }) {
  const { t } = useT();
  return (
    <div className={className} data-testid={testId} role="status">
      <progress max={1} value={progress.done} aria-label={label} />
      <span className="small">
        {Math.floor(progress.done * 100)}% · {'stage' in progress ? progress.stage : t('panels.runReadings', { count: progress.readings, n: formatInt(progress.readings) })}
      </span>
      <button type="button" className="btn" data-testid={cancelTestId} onClick={onCancel}>
        {cancelText}
      </button>
    </div>
  );
}
