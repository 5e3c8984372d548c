/**
 * A long engine call that reports progress by event and can be cancelled with cancelBacktest (a rule's backtest, a
 * rule set's re-run over a replayed window): the progress of the call whose id is in `runningId`, cancelled when the
 * component goes away, and the progress bar with its Cancel button.
 */
import { useEffect, useRef, useState } from 'react';
import type { BacktestProgressEvent, EngineClient } from '../../electron/engine/api';

export function useRunProgress(client: EngineClient, event: 'backtest' | 'replayRules') {
  const [running, setRunning] = useState<BacktestProgressEvent | null>(null);
  const runningId = useRef<string | null>(null);
  useEffect(() => {
    const off = client.on(event, (p: BacktestProgressEvent) => {
      if (p.id === runningId.current) setRunning(p);
    });
    return () => {
      off();
      const id = runningId.current;
      if (id) void client.call('cancelBacktest', { id }).catch(() => {});
    };
  }, [client, event]);
  return { running, setRunning, runningId };
}

export function RunProgress({ progress, className, label, testId, cancelTestId, cancelText, onCancel }: { progress: BacktestProgressEvent; className: string; label: string; testId: string; cancelTestId: string; cancelText: string; onCancel: () => void }) {
  return (
    <div className={className} data-testid={testId} role="status">
      <progress max={1} value={progress.done} aria-label={label} />
      <span className="small">
        {Math.floor(progress.done * 100)}% · {progress.readings.toLocaleString('en-US')} readings
      </span>
      <button type="button" className="btn" data-testid={cancelTestId} onClick={onCancel}>
        {cancelText}
      </button>
    </div>
  );
}
