/**
 * What the "Compare rules" panel asks the engine to re-run (pure): the rules chosen (stored rules, each current or at
 * a chosen version, and the draft open in the rule editor) and the window around the replayed instant.
 */
import type { CommandParams } from '../../electron/engine/api';

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
  if (entries.length === 0) return { error: 'Choose at least one rule to re-run.' };
  if (entries.length > MAX_RERUN_RULES) return { error: `At most ${MAX_RERUN_RULES} rules can be re-run at once; ${entries.length} are chosen.` };
  return { entries, replaced };
}

export type WindowChoice = '1h' | '6h' | '12h' | '3d' | 'view';

export const WINDOW_CHOICES: readonly { id: WindowChoice; label: string; halfMs: number | null }[] = [
  { id: '1h', label: '1 hour either side of the instant', halfMs: 3_600_000 },
  { id: '6h', label: '6 hours either side of the instant', halfMs: 6 * 3_600_000 },
  { id: '12h', label: '12 hours either side of the instant', halfMs: 12 * 3_600_000 },
  { id: '3d', label: '3 days either side of the instant', halfMs: 3 * 86_400_000 },
  { id: 'view', label: "The timeline's visible span", halfMs: null },
];

/** The window [from, to] (feed time) for a choice, or why there is none. */
export function rerunWindow(choice: WindowChoice, at: number, view: { from: number; to: number } | null): { from: number; to: number } | { error: string } {
  const c = WINDOW_CHOICES.find((w) => w.id === choice);
  if (!c) return { error: `Unknown window ${String(choice)}.` };
  const w = c.halfMs === null ? view : { from: at - c.halfMs, to: at + c.halfMs };
  if (!w) return { error: 'The timeline shows no span yet: choose a window around the instant.' };
  if (!(w.from < w.to)) return { error: 'The window is empty.' };
  if (w.to - w.from > MAX_RERUN_MS) return { error: `A re-run covers at most 31 days; the timeline shows ${((w.to - w.from) / 86_400_000).toFixed(1)} days: zoom in, or choose a window around the instant.` };
  return { from: w.from, to: w.to };
}
