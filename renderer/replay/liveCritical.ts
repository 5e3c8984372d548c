/** Which live announcements interrupt a replay (pure): critical ones newer than `sinceSeq`, in arrival order. */
import type { Announcement } from '../store';

export function liveCriticalSince(announcements: readonly Announcement[], sinceSeq: number): Announcement[] {
  return announcements.filter((a) => a.seq > sinceSeq && a.severity === 'critical');
}
