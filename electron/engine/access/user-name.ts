/**
 * Operator names are self-declared (anyone at the desk types one) and end up in the audit log and in the UI: they are
 * cleaned before use so that a name cannot hide or reorder text around it. Control characters and Unicode format
 * characters (bidi overrides and isolates, zero-width characters) are removed, runs of whitespace become one space,
 * and the result is capped at USER_NAME_MAX characters.
 */

export const USER_NAME_MAX = 80;

/** Bidi overrides and isolates, zero-width characters, soft hyphens, BOM, ...: invisible, so removed. */
const FORMAT = /\p{Cf}/gu;
/** Tabs, newlines and other control characters, and line/paragraph separators: they become a space. */
const BREAKING = /[\p{Cc}\p{Zl}\p{Zp}]/gu;

export function sanitizeUserName(raw: string): string {
  const cleaned = raw.normalize('NFC').replace(FORMAT, '').replace(BREAKING, ' ').replace(/\s+/gu, ' ').trim();
  return [...cleaned].slice(0, USER_NAME_MAX).join('').trim();
}
