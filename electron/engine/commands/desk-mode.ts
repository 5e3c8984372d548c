/**
 * What the desk shows: the live feed, or an incident pack opened read-only (incident-pack/open.ts). A pack's desk
 * reads everything and changes nothing: the commands that write (acknowledge, shelve, notes, rules, sources,
 * bookmarks, the passphrase) are refused with 'forbidden' and the reason; exporting a pack again is reading.
 */
import type { CommandName } from '../api';
import type { EngineParts, HandlersFor } from './types';

const WRITES: ReadonlySet<CommandName> = new Set<CommandName>([
  'addNote',
  'ackAlarm',
  'ackAlarms',
  'resolveAlarm',
  'shelveAlarm',
  'shelveAlarms',
  'unshelve',
  'muteSound',
  'publishRule',
  'setRuleEnabled',
  'restoreRuleVersion',
  'importRules',
  'previewSource',
  'saveSource',
  'removeSource',
  'saveIncident',
  'archiveIncident',
  'setSupervisorPassphrase',
]);

/** True for a command an incident pack's desk refuses. */
export function refusedReadOnly(method: CommandName): boolean {
  return WRITES.has(method);
}

export function deskModeCommands(parts: EngineParts): HandlersFor<'deskMode'> {
  return { deskMode: () => parts.deskMode() };
}
