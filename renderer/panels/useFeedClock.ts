import { useEffect, useState } from 'react';
import { feedNow, useAppStore } from '../store';

/** The extrapolated feed clock, re-rendering every `everyMs` wall ms (and on every status update). */
export function useFeedNow(everyMs = 1000): number | null {
  const status = useAppStore((s) => s.status);
  const receivedAt = useAppStore((s) => s.statusReceivedAt);
  const transport = useAppStore((s) => s.transport);
  const [, setTick] = useState(0);
  useEffect(() => {
    const t = setInterval(() => setTick((n) => n + 1), everyMs);
    return () => clearInterval(t);
  }, [everyMs]);
  return feedNow({ status, statusReceivedAt: receivedAt, transport });
}
