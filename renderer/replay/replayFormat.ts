/**
 * The REPLAY band's words (pure): the instant in the city's zone with its weekday ("Mon 4 Aug 2014 10:40:00 CEST",
 * electron/shared/zone-time.ts's weekdayStamp), the speed ("60x"), and the band's whole line. Tested in
 * tests/renderer/replay/replay-frame.test.ts.
 */
import { formatTime } from '../../electron/shared/zone-time';

/** "Mon 4 Aug 2014 10:40:00 CEST" (the city's zone), or "—" for no instant. */
export function formatReplayInstant(ms: number | null, timeZone: string): string {
  return formatTime(ms, timeZone, 'weekdayStamp');
}

/** The band's line: "REPLAY — Mon 4 Aug 2014 10:40:00 CEST, 60x" (a read-only pack says so instead of REPLAY). */
export function replayBandText(at: number, speed: number, timeZone: string, readOnly: boolean): string {
  return `${readOnly ? 'Incident pack (read-only)' : 'REPLAY'} — ${formatReplayInstant(at, timeZone)}, ${speed}x`;
}
