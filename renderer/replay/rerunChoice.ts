/**
 * What the "Compare rules" panel asks the engine to re-run (pure): the rules chosen (stored rules, each current or at
 * a chosen version, and the draft open in the rule editor) and the window around the replayed instant; what is wrong
 * in the operator's language.
 */
import type { CommandParams } from '../../electron/engine/api';
import { t, type MessageKey } from '../i18n/i18n';
import { formatNumber } from '../panels/format';

export type RerunEntry = CommandParams['replayRules']['rules'][number];

/** A stored rule's chosen version: its current one, or a version number. */
export type VersionChoice = 'current' | number;

/** The engine refuses more rules than this in one re-run (api.ts replayRules). */
export const MAX_RERUN_RULES = 50;
/** The engine's longest re-run window (replay/rerun.ts MAX_RERUN_DAYS). */
export const MAX_RERUN_MS = 31 * 86_400_000;

/**
 * The rules to send: the draft (when ticked) first, then each ticked stored rule at its version, in id order. A stored
 * rule with the draft's id is left out (the draft stands in for it: `replaced` names it).
 */
export function rerunEntries(checked: ReadonlyMap<string, VersionChoice>, draft: { id: string; doc: unknown } | null): { entries: RerunEntry[]; replaced: string | null } | { error: string } {
  const entries: RerunEntry[] = [];
  let replaced: string | null = null;
  if (draft) entries.push({ draft: draft.doc });
  for (const id of [...checked.keys()].sort()) {
    if (draft && draft.id === id) {
      replaced = id;
      continue;
    }
    const v = checked.get(id)!;
    entries.push(v === 'current' ? { ruleId: id } : { ruleId: id, version: v });
  }
  if (entries.length === 0) return { error: t('replay.rerun.atLeastOne') };
  if (entries.length > MAX_RERUN_RULES) return { error: t('replay.rerun.tooMany', { max: MAX_RERUN_RULES, n: entries.length }) };
  return { entries, replaced };
}

export type WindowChoice = '1h' | '6h' | '12h' | '3d' | 'view';

/** The windows offered; `label` is the message key of its words ("1 hour either side of the instant"). */
export const WINDOW_CHOICES: readonly { id: WindowChoice; label: MessageKey; halfMs: number | null }[] = [
  { id: '1h', label: 'replay.rerun.window_1h', halfMs: 3_600_000 },
  { id: '6h', label: 'replay.rerun.window_6h', halfMs: 6 * 3_600_000 },
  { id: '12h', label: 'replay.rerun.window_12h', halfMs: 12 * 3_600_000 },
  { id: '3d', label: 'replay.rerun.window_3d', halfMs: 3 * 86_400_000 },
  { id: 'view', label: 'replay.rerun.window_view', halfMs: null },
];

/** The window [from, to] (feed time) for a choice, or why there is none. */
export function rerunWindow(choice: WindowChoice, at: number, view: { from: number; to: number } | null): { from: number; to: number } | { error: string } {
  const c = WINDOW_CHOICES.find((w) => w.id === choice);
  if (!c) return { error: t('replay.rerun.unknownWindow', { id: String(choice) }) };
  const w = c.halfMs === null ? view : { from: at - c.halfMs, to: at + c.halfMs };
  if (!w) return { error: t('replay.rerun.noSpan') };
  if (!(w.from < w.to)) return { error: t('replay.rerun.emptyWindow') };
  if (w.to - w.from > MAX_RERUN_MS) return { error: t('replay.rerun.tooLong', { days: formatNumber((w.to - w.from) / 86_400_000, { decimals: 1 }) }) };
  return { from: w.from, to: w.to };
}
