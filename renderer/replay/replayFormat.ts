/**
 * The REPLAY band's words (pure): the instant in the city's zone with its weekday ("Mon 4 Aug 2014 10:40:00 CEST"),
 * the speed ("60x"), and the band's whole line. Tested in tests/renderer/replay/replay-frame.test.ts.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function partsOf(ms: number, timeZone: string): Record<string, string> {
  let fmt = formatters.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-GB', {
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hour12: false,
      timeZoneName: 'short',
      timeZone,
    });
    formatters.set(timeZone, fmt);
  }
  return Object.fromEntries(fmt.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
}

/** "Mon 4 Aug 2014 10:40:00 CEST" (the city's zone), or "—" for no instant. */
export function formatReplayInstant(ms: number | null, timeZone: string): string {
  if (ms === null || !Number.isFinite(ms)) return '—';
  const p = partsOf(ms, timeZone);
  return `${p.weekday} ${p.day} ${p.month} ${p.year} ${p.hour}:${p.minute}:${p.second} ${p.timeZoneName ?? ''}`.trim();
}

/** The band's line: "REPLAY — Mon 4 Aug 2014 10:40:00 CEST, 60x" (a read-only pack says so instead of REPLAY). */
export function replayBandText(at: number, speed: number, timeZone: string, readOnly: boolean): string {
  return `${readOnly ? 'Incident pack (read-only)' : 'REPLAY'} — ${formatReplayInstant(at, timeZone)}, ${speed}x`;
}
