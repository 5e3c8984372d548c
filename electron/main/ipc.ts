/**
 * The renderer -> main IPC surface: a handful of named channels, each with a zod schema, each call checked for its
 * sender (the app origin, main frame only) before the payload is parsed. main.ts registers exactly these channels with
 * ipcMain.handle and routes every call through handleIpc. Pure module: no electron import.
 *
 * The engine does not use IPC at all (it has its own MessagePort); this is only for shell features.
 */
import { z } from 'zod';
import { isAppUrl } from './app-origin';
import type { AboutInfo } from './about';
import type { ControlAnswer } from './engine-control';
import { PASSPHRASE_MAX, PASSPHRASE_MIN } from '../shared/engine-control';

/** No control characters other than tab/newline in text that ends up in OS UI. */
const plainText = (max: number) =>
  z
    .string()
    .max(max, { message: `must be at most ${max} characters` })
    .refine((s) => !/[\u0000-\u0008\u000b-\u001f\u007f]/.test(s), { message: 'must not contain control characters' });

const noPayload = z.union([z.undefined(), z.null(), z.object({}).strict()]);

export const ipcSchemas = {
  'app:about': noPayload,
  /** Preload-internal (not exposed to the page): the page asked for a port again; main sends a fresh one. */
  'app:engine-port': noPayload,
  'app:notify': z
    .object({
      title: plainText(80).refine((s) => s.trim().length > 0, { message: 'must not be empty' }),
      body: plainText(300),
    })
    .strict(),
  /**
   * First run: the supervisor passphrase chosen in the app. Main forwards it to the engine process as a host-side
   * control message; the engine takes it only when the desk has none yet.
   */
  'app:set-supervisor-passphrase': z
    .object({
      passphrase: z
        .string()
        .min(PASSPHRASE_MIN, { message: `must be at least ${PASSPHRASE_MIN} characters` })
        .max(PASSPHRASE_MAX, { message: `must be at most ${PASSPHRASE_MAX} characters` }),
    })
    .strict(),
} as const;

export type IpcChannel = keyof typeof ipcSchemas;
export const IPC_CHANNELS = Object.keys(ipcSchemas) as IpcChannel[];
export type IpcPayload<C extends IpcChannel> = z.output<(typeof ipcSchemas)[C]>;

export interface IpcResults {
  'app:about': AboutInfo;
  'app:engine-port': { sent: boolean };
  'app:notify': { shown: boolean };
  'app:set-supervisor-passphrase': ControlAnswer;
}

/** What main.ts knows about the sender: event.senderFrame's URL and whether it is the top frame. */
export interface IpcSender {
  url: string | null | undefined;
  isMainFrame: boolean;
}

export class IpcRejectedError extends Error {
  override readonly name = 'IpcRejectedError';
}

export type IpcCheck<C extends IpcChannel> = { ok: true; payload: IpcPayload<C> } | { ok: false; error: string };

export function isIpcChannel(channel: unknown): channel is IpcChannel {
  return typeof channel === 'string' && Object.prototype.hasOwnProperty.call(ipcSchemas, channel);
}

/** Checks channel, sender and payload; never throws. */
export function validateIpc<C extends IpcChannel>(channel: C, sender: IpcSender, payload: unknown): IpcCheck<C>;
export function validateIpc(channel: string, sender: IpcSender, payload: unknown): IpcCheck<IpcChannel>;
export function validateIpc(channel: string, sender: IpcSender, payload: unknown): IpcCheck<IpcChannel> {
  if (!isIpcChannel(channel)) return { ok: false, error: `ipc: unknown channel ${JSON.stringify(String(channel))}` };
  if (!isAppUrl(sender.url)) {
    return {
      ok: false,
      error: `ipc ${channel}: sender ${JSON.stringify(String(sender.url ?? 'unknown').slice(0, 120))} is not app://citydesk/`,
    };
  }
  if (!sender.isMainFrame) return { ok: false, error: `ipc ${channel}: sender is a subframe` };
  const parsed = ipcSchemas[channel].safeParse(payload);
  if (!parsed.success) {
    const detail = parsed.error.issues
      .map((i) => `${i.path.length ? i.path.map(String).join('.') : 'payload'}: ${i.message}`)
      .join('; ');
    return { ok: false, error: `ipc ${channel}: invalid payload (${detail})` };
  }
  return { ok: true, payload: parsed.data };
}

export type IpcHandlers = { [C in IpcChannel]: (payload: IpcPayload<C>) => IpcResults[C] | Promise<IpcResults[C]> };

/** Validates, then runs the channel's handler. Rejects with IpcRejectedError (the renderer sees its message). */
export async function handleIpc(
  handlers: IpcHandlers,
  channel: string,
  sender: IpcSender,
  payload: unknown,
): Promise<IpcResults[IpcChannel]> {
  const check = validateIpc(channel, sender, payload);
  if (!check.ok) throw new IpcRejectedError(check.error);
  const handler = handlers[channel as IpcChannel] as (p: unknown) => IpcResults[IpcChannel] | Promise<IpcResults[IpcChannel]>;
  return handler(check.payload);
}
