/**
 * Limits of the engine API's transports, shared by the engine (which enforces them) and the renderer (which refuses
 * what would exceed them before sending, with a message the operator understands). Documented in README "The engine
 * API". Pure: no Node, no DOM.
 */

/** Largest request (one WebSocket text frame / one message) the engine accepts: 4 MiB. */
export const MAX_REQUEST_BYTES = 4 * 1024 * 1024;

/**
 * Largest rules file the UI imports: 2 MiB, half the request limit, so the request that carries it (re-serialised,
 * with its envelope) always fits. A realistic rules file is a few kB per rule: 2 MiB holds hundreds of rules.
 */
export const MAX_RULE_FILE_BYTES = 2 * 1024 * 1024;

/** Requests one connection may have in flight (sent, not yet answered); more closes that connection. */
export const MAX_REQUESTS_IN_FLIGHT = 64;

/** Bytes the engine may have queued unsent to one WebSocket client; a client that does not read is disconnected. */
export const MAX_OUTGOING_BUFFER_BYTES = 16 * 1024 * 1024;

/** Engine WebSocket connections served at once (a browser tab needs one). */
export const MAX_ENGINE_CONNECTIONS = 32;

/** WebSocket close codes the engine uses, with the reason text sent alongside (the renderer shows it). */
export const ENGINE_CLOSE = {
  /** RFC 6455 1008 policy violation: too many requests in flight, or not reading what the engine sends. */
  policy: 1008,
  /** RFC 6455 1009: a frame over MAX_REQUEST_BYTES. */
  tooLarge: 1009,
  /** RFC 6455 1002/1007: a frame that breaks the protocol or is not UTF-8. */
  protocol: 1002,
  /** RFC 6455 1001: the host is shutting down. */
  goingAway: 1001,
} as const;
