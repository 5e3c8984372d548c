/**
 * The REPLAY band's words (pure): the instant in the city's zone with its weekday ("Mon 4 Aug 2014 10:40:00 CEST",
 * electron/shared/zone-time.ts's weekdayStamp), the speed ("60x"), and the band's whole line, in the operator's
 * language ("GENAFSPILNING — man. 4. aug. 2014 10.40.00 CEST, 60x"). Tested in tests/renderer/replay/replay-view.test.ts.
 */
import { formatTime } from '../../electron/shared/zone-time';
import { t } from '../i18n/i18n';

/** "Mon 4 Aug 2014 10:40:00 CEST" (the city's zone), or "—" for no instant. */
export function formatReplayInstant(ms: number | null, timeZone: string): string {
  return formatTime(ms, timeZone, 'weekdayStamp');
}

/** The band's word: "REPLAY" ("GENAFSPILNING"), or "Incident pack (read-only)" for a read-only pack. */
export function replayWord(readOnly: boolean): string {
  return readOnly ? t('replay.frame.readOnly') : t('replay.frame.word');
}

/** The speed as the band writes it: "60x". */
export function replaySpeedText(speed: number): string {
  return t('replay.frame.speed', { n: speed });
}

/** The band's line: "REPLAY — Mon 4 Aug 2014 10:40:00 CEST, 60x" (a read-only pack says so instead of REPLAY). */
export function replayBandText(at: number, speed: number, timeZone: string, readOnly: boolean): string {
  return t('replay.frame.band', { word: replayWord(readOnly), instant: formatReplayInstant(at, timeZone), speed: replaySpeedText(speed) });
}
