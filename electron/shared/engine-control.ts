/**
 * Host-side control messages between Electron's main process and the engine's utility process (over the parent port,
 * never over the renderer-facing engine API). Pure: no Node, no DOM.
 *
 *   main -> engine  { type: 'citydesk:set-supervisor-passphrase', id, passphrase }   (first run only: the engine
 *                   refuses it when a passphrase is already set)
 *   engine -> main  { type: 'citydesk:control-result', id, ok: true } | { ..., ok: false, code, message }
 *   engine -> main  { type: 'citydesk:engine-fatal', message }, then exit with ENGINE_FATAL_EXIT
 */
export const SET_PASSPHRASE_MESSAGE = 'citydesk:set-supervisor-passphrase';
export const CONTROL_RESULT_MESSAGE = 'citydesk:control-result';

export interface SetPassphraseMessage {
  type: typeof SET_PASSPHRASE_MESSAGE;
  id: number;
  passphrase: string;
}

export type ControlResult = { type: typeof CONTROL_RESULT_MESSAGE; id: number; ok: true } | { type: typeof CONTROL_RESULT_MESSAGE; id: number; ok: false; code: string; message: string };

/** Passphrase bounds, the same as the engine API's (at least 8, at most 500 characters). */
export const PASSPHRASE_MIN = 8;
export const PASSPHRASE_MAX = 500;

function isObject(m: unknown): m is Record<string, unknown> {
  return typeof m === 'object' && m !== null;
}

export function isSetPassphraseMessage(m: unknown): m is SetPassphraseMessage {
  return isObject(m) && m.type === SET_PASSPHRASE_MESSAGE && typeof m.id === 'number' && Number.isSafeInteger(m.id) && typeof m.passphrase === 'string';
}

export function isControlResult(m: unknown): m is ControlResult {
  if (!isObject(m) || m.type !== CONTROL_RESULT_MESSAGE || typeof m.id !== 'number') return false;
  return m.ok === true || (m.ok === false && typeof m.code === 'string' && typeof m.message === 'string');
}

/**
 * Exit code of an engine that cannot start for a reason a restart will not mend (its cache is unreadable or was
 * written by a newer CityDesk): the supervisor stops and tells the user instead of restarting in a loop. The engine
 * first sends ENGINE_FATAL_MESSAGE with the reason.
 */
export const ENGINE_FATAL_EXIT = 78;
export const ENGINE_FATAL_MESSAGE = 'citydesk:engine-fatal';
