/**
 * How alarms look on any map the desk draws (the live map's rings, the incident pack's snapshots): severity colours, and
 * per priority a ring style where colour is never the only cue. Pure data.
 */
import { PRIORITY_LABEL, type Priority } from './alarm-priority';
import type { RGBA } from './sensor-colors';
import type { Severity } from './severity';

export const SEVERITY_COLORS: Record<Severity, RGBA> = {
  critical: [255, 45, 85, 255],
  warning: [255, 179, 0, 255],
  info: [79, 195, 247, 255],
};
/**
 * How an alarm's priority looks on the map. Colour is never the only cue: the ring's size and width grow with the
 * priority, an urgent alarm gets a second ring, and every mark carries its priority in words.
 */
export interface PriorityStyle {
  color: RGBA;
  /** Ring radius, px. */
  radius: number;
  lineWidth: number;
  /** 2: a second, outer ring (urgent). */
  rings: 1 | 2;
  label: string;
}
export const PRIORITY_STYLE: Record<Priority, PriorityStyle> = {
  urgent: { color: [215, 20, 80, 255], radius: 26, lineWidth: 5, rings: 2, label: PRIORITY_LABEL.urgent.toUpperCase() },
  high: { color: [245, 125, 0, 255], radius: 22, lineWidth: 4, rings: 1, label: PRIORITY_LABEL.high.toUpperCase() },
  medium: { color: [255, 214, 0, 255], radius: 19, lineWidth: 3, rings: 1, label: PRIORITY_LABEL.medium.toUpperCase() },
  low: { color: [79, 195, 247, 255], radius: 16, lineWidth: 2, rings: 1, label: PRIORITY_LABEL.low.toUpperCase() },
};
