/** Time buckets of the rollups, and the meta keys ingest, history and maintenance share about them. */
export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/** Buckets before this time are rolled up (absent: nothing yet). */
export const rollupUntilKey = (level: '1m' | '1h') => `rollup_${level}_until`;
/** The earliest late reading stored below the 1-minute watermark since the last maintenance: re-fold from there. */
export const ROLLUP_DIRTY_FROM = 'rollup_dirty_from';
/** Raw readings before this time were dropped by retention. */
export const RAW_KEPT_FROM = 'raw_kept_from';
