/**
 * One GET of a SensorThings resource as JSON, with a time limit, a size limit and a stop signal. Whatever goes wrong
 * becomes a StaFetchError with a reason the status can count: unreachable, timeout, http-error, auth-refused,
 * response-too-large, bad-json.
 */

export type StaFailure = 'unreachable' | 'timeout' | 'http-error' | 'auth-refused' | 'response-too-large' | 'bad-json' | 'bad-response';

export class StaFetchError extends Error {
  constructor(
    readonly reason: StaFailure,
    readonly detail: string,
  ) {
    super(`${reason}: ${detail}`);
  }
}

export interface FetchLimits {
  timeoutMs: number;
  maxBytes: number;
  /** Basic authentication, if the server needs it. */
  auth?: { username: string; password: string };
}

export async function fetchJson(url: string, limits: FetchLimits, stop: AbortSignal): Promise<unknown> {
  // A timer held here rather than AbortSignal.timeout(): a timeout signal referenced only through AbortSignal.any()
  // can be garbage-collected before it fires (see http.ts).
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), limits.timeoutMs);
  try {
    return await fetchJsonWithin(url, limits, stop, AbortSignal.any([stop, deadline.signal]));
  } finally {
    clearTimeout(timer);
  }
}

async function fetchJsonWithin(url: string, limits: FetchLimits, stop: AbortSignal, signal: AbortSignal): Promise<unknown> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (limits.auth) headers.authorization = `Basic ${Buffer.from(`${limits.auth.username}:${limits.auth.password}`).toString('base64')}`;
  let text: string;
  try {
    const res = await fetch(url, { signal, headers, redirect: 'error' });
    if (!res.ok) {
      await res.body?.cancel();
      const why = `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''} from ${url}`;
      throw new StaFetchError(res.status === 401 || res.status === 403 ? 'auth-refused' : 'http-error', why);
    }
    text = await readCapped(res, limits.maxBytes, url);
  } catch (e) {
    if (e instanceof StaFetchError) throw e;
    if (stop.aborted) throw new StaFetchError('unreachable', `stopped while fetching ${url}`);
    if (signal.aborted) throw new StaFetchError('timeout', `no complete answer within ${limits.timeoutMs} ms from ${url}`);
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    throw new StaFetchError('unreachable', `${url}: ${cause?.code ?? cause?.message ?? (e as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new StaFetchError('bad-json', `${url}: ${(e as Error).message}`);
  }
}

async function readCapped(res: Response, maxBytes: number, url: string): Promise<string> {
  const declared = Number(res.headers.get('content-length'));
  const tooBig = () => new StaFetchError('response-too-large', `${url}: more than ${maxBytes} bytes`);
  if (declared > maxBytes) {
    await res.body?.cancel();
    throw tooBig();
  }
  if (!res.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooBig();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
