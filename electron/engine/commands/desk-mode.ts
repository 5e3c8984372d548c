/** What the desk shows: the live feed, or an incident pack opened read-only (incident-pack/open.ts). */
import type { EngineParts, HandlersFor } from './types';

export function deskModeCommands(parts: EngineParts): HandlersFor<'deskMode'> {
  return { deskMode: () => parts.deskMode() };
}
