import type { RpcRequest } from '../../electron/engine/api';

/**
 * The tiny transport interface the RPC client runs over. A channel may open and close several times (a reconnecting
 * WebSocket, a replaced MessagePort); the RPC client follows its open/close notifications.
 */
export interface Channel {
  /** Sends one request. Only called while the channel is open. */
  send(msg: RpcRequest): void;
  /** Incoming messages, already decoded (JSON-parsed for text transports). */
  onMessage(listener: (msg: unknown) => void): void;
  onOpen(listener: () => void): void;
  /** `reason` is a human-readable cause when known. */
  onClose(listener: (reason: string | null) => void): void;
  /** Closes for good (no reconnect). */
  close(): void;
}
