/**
 * Words for the model's values, shown by the renderer (panels, tooltips, status bar) and usable by any host: freshness
 * and feed reject reasons (metric labels, units and flag texts come from the sensor-type registry). Pure and zod-free, so that the
 * renderer may import it at run time (protocol.ts is imported for its types only).
 */
import { STALE_GRACE_FACTOR, type Freshness } from './model';
import type { RejectReason } from './protocol';

export const FRESHNESS_TEXT: Record<Freshness, string> = {
  live: 'Live',
  stale: `Stale (silent longer than ${STALE_GRACE_FACTOR} × its interval)`,
  never: 'No reading yet',
};

/** Why the engine refused a feed message (the status bar's reject counts). */
export const REJECT_TEXT: Record<RejectReason, string> = {
  'malformed-message': 'malformed message',
  'malformed-reading': 'malformed reading',
  'unknown-sensor': 'unknown sensor',
  'unknown-metric': 'unknown metric',
  'invalid-type': 'invalid sensor type',
  'unknown-type': 'unknown sensor type',
  'wrong-feed': 'wrong feed',
  'protocol-version': 'protocol version',
  'implausible-feed-time': 'implausible feed clock',
  'implausible-reading-time': 'implausible reading time',
  'message-too-large': 'message too large',
  'catalogue-too-large': 'catalogue too large',
  'sensor-too-large': 'sensor entry too large',
};

/** A reject reason in words; a reason this build does not know is shown as itself. */
export function rejectText(reason: string): string {
  return (REJECT_TEXT as Record<string, string | undefined>)[reason] ?? reason;
}
