/**
 * A Channel over an Electron MessagePortMain (utility process side). Typed structurally so that this file needs no
 * Electron import: anything with postMessage and on('message' | 'close') fits, and tests use Node's MessageChannel.
 */
import type { RpcMessage } from '../api';
import type { Channel } from './rpc';

export interface MessagePortLike {
  postMessage(msg: unknown): void;
  on(ev: 'message', cb: (e: { data: unknown }) => void): unknown;
  on(ev: 'close', cb: () => void): unknown;
  start?(): void;
  close?(): void;
}

export function portChannel(port: MessagePortLike): Channel {
  return {
    send: (msg: RpcMessage) => port.postMessage(msg),
    onMessage: (cb) => {
      port.on('message', (e) => cb(e.data));
      port.start?.();
    },
    onClose: (cb) => void port.on('close', cb),
    // A MessagePort has no close code: the renderer sees the port close and reconnects (asks for a fresh port).
    close: () => port.close?.(),
  };
}
