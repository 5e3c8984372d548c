/**
 * Alarms the engine raises itself, not from a supervisor's rule: their names and rationale (what the operator sees in
 * the alarm list, the sensor panel and the KPIs). Pure data.
 */
import type { Severity } from './severity';

/** A source (a hub source, or one sensor type of the feed) went silent: one alarm holding its sensors' not-reporting alarms. */
export const OUTAGE_RULE_ID = 'source-outage';

export interface BuiltInAlarm {
  name: string;
  severity: Severity;
  rationale: { cause: string; consequence: string; action: string; respondWithinMinutes: number };
}

export const BUILT_IN_ALARMS: Readonly<Record<string, BuiltInAlarm>> = {
  [OUTAGE_RULE_ID]: {
    name: 'Source not reporting',
    severity: 'warning',
    rationale: {
      cause: 'The source, its network or the feed stopped sending readings for many of its sensors at once.',
      consequence: 'The desk does not see this part of the city: its sensors turn stale and their alarms cannot fire.',
      action: 'Check the source in Sources (connection, last message); call the data provider if it stays silent. The sensors\u2019 not-reporting alarms are held in this alarm until it clears.',
      respondWithinMinutes: 30,
    },
  },
};
