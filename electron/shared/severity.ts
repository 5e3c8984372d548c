/**
 * Alarm severities: the one order the engine (rules, alarm book) and the renderer (alarm list, counts) share.
 * Pure data: imports nothing.
 */
export const SEVERITIES = ['info', 'warning', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Higher is more severe. */
export const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, critical: 2 };

/** Most severe first (lists, filters, counts). */
export const SEVERITY_ORDER: readonly Severity[] = [...SEVERITIES].sort((a, b) => SEVERITY_RANK[b] - SEVERITY_RANK[a]);

export const SEVERITY_LABEL: Record<Severity, string> = { critical: 'Critical', warning: 'Warning', info: 'Info' };
