/**
 * HTTP polling: GET a URL every `everyS` seconds and read the answer as JSON (an array of records, at `recordsPath`),
 * CSV, NDJSON or GeoJSON (from `format`, else the Content-Type, else the URL's extension). Conditional requests with
 * the last ETag / Last-Modified (a 304 is a success with nothing new); a timeout covers the whole exchange, body
 * included; the body is capped. A failure (unreachable, timeout, an HTTP error status, a body that is not of its
 * format, too large) makes the source fail with that reason and try again with back-off (backoffMs); a success
 * returns to the normal interval. Credentials come from the config's secret references, never from the URL.
 */
import { z } from 'zod';
import { describe } from '../describe-value';
import { formatOfContentType, formatOfName, parseRecords, PayloadError, RECORD_FORMATS, type RecordFormat } from '../record-formats';
import { secretRefSchema } from '../secrets';
import { defineSource, type SourceContext } from './context';
import { backoffMs, type Source, type SourceRecord, type SourceSink } from './source';

export const httpConnectionSchema = z
  .object({
    url: z
      .string()
      .max(2000)
      .refine((u) => URL.canParse(u) && /^https?:$/.test(new URL(u).protocol), 'must be an http or https URL')
      .refine((u) => !URL.canParse(u) || (new URL(u).username === '' && new URL(u).password === ''), 'credentials never go in the URL: use connection.auth with a secret reference'),
    format: z.enum(RECORD_FORMATS).optional(),
    recordsPath: z.string().max(500).optional(),
    delimiter: z.string().length(1).optional(),
    everyS: z.number().min(1).max(86_400).default(60),
    timeoutMs: z.number().int().min(100).max(300_000).default(10_000),
    maxBytes: z.number().int().positive().max(256 * 1024 * 1024).default(16 * 1024 * 1024),
    /** Non-secret request headers (Accept, a User-Agent); secrets go in `auth`. */
    headers: z.record(z.string().regex(/^[A-Za-z0-9-]+$/, 'must be a header name').max(100), z.string().max(1000)).optional(),
    auth: z
      .discriminatedUnion('type', [
        z.object({ type: z.literal('bearer'), token: secretRefSchema }).strict(),
        z.object({ type: z.literal('basic'), user: z.string().min(1).max(200), password: secretRefSchema }).strict(),
        z.object({ type: z.literal('header'), name: z.string().regex(/^[A-Za-z0-9-]+$/).max(100), value: secretRefSchema }).strict(),
      ])
      .optional(),
  })
  .strict();
export type HttpConnection = z.infer<typeof httpConnectionSchema>;

class PollFailure extends Error {
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

export class HttpPollSource implements Source {
  private sink: SourceSink | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly stopping = new AbortController();
  private attempt = 0;
  private etag: string | null = null;
  private lastModified: string | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly conn: HttpConnection,
    private readonly ctx: SourceContext,
  ) {}

  start(sink: SourceSink): void {
    this.sink = sink;
    this.schedule(0);
  }

  private schedule(ms: number): void {
    if (this.stopping.signal.aborted) return;
    this.timer = setTimeout(() => {
      this.running = this.poll().finally(() => (this.running = null));
    }, ms);
  }

  private headers(): Record<string, string> {
    const h: Record<string, string> = { accept: 'application/json, application/geo+json, text/csv, application/x-ndjson;q=0.9, */*;q=0.5', ...this.conn.headers };
    const auth = this.conn.auth;
    if (auth?.type === 'bearer') h.authorization = `Bearer ${this.ctx.secret(auth.token)}`;
    else if (auth?.type === 'basic') h.authorization = `Basic ${Buffer.from(`${auth.user}:${this.ctx.secret(auth.password)}`).toString('base64')}`;
    else if (auth?.type === 'header') h[auth.name] = this.ctx.secret(auth.value);
    if (this.etag) h['if-none-match'] = this.etag;
    if (this.lastModified) h['if-modified-since'] = this.lastModified;
    return h;
  }

  private async poll(): Promise<void> {
    const sink = this.sink!;
    try {
      const records = await this.fetchRecords(sink);
      if (this.stopping.signal.aborted) return;
      this.attempt = 0;
      sink.ok();
      if (records.length > 0) sink.records(records);
      this.schedule(this.conn.everyS * 1000);
    } catch (e) {
      if (this.stopping.signal.aborted) return;
      const f = classify(e, this.conn.timeoutMs);
      const wait = backoffMs(this.attempt++, Math.max(60_000, this.conn.everyS * 1000));
      sink.failing(f.reason, f.message, wait);
      this.schedule(wait);
    }
  }

  private async fetchRecords(sink: SourceSink): Promise<SourceRecord[]> {
    // The deadline is a timer held here, not AbortSignal.timeout(): a timeout signal referenced only through
    // AbortSignal.any() can be garbage-collected before it fires, and a body that trickles then never times out (seen
    // under load in tests/hub/http-source.test.ts).
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(new DOMException(`no complete answer within ${this.conn.timeoutMs} ms`, 'TimeoutError')), this.conn.timeoutMs);
    try {
      return await this.fetchWithin(sink, AbortSignal.any([this.stopping.signal, deadline.signal]));
    } finally {
      clearTimeout(timer);
    }
  }

  private async fetchWithin(sink: SourceSink, signal: AbortSignal): Promise<SourceRecord[]> {
    let headers: Record<string, string>;
    try {
      headers = this.headers();
    } catch (e) {
      throw new PollFailure('credentials', (e as Error).message);
    }
    const res = await fetch(this.conn.url, { headers, signal, redirect: 'follow' });
    if (res.status === 304) {
      await res.body?.cancel();
      return [];
    }
    if (!res.ok) {
      const excerpt = await readCapped(res, 2000, true).catch(() => '');
      throw new PollFailure('http-status', `HTTP ${res.status} ${res.statusText}${excerpt ? `: ${describe(excerpt.trim())}` : ''}`);
    }
    const text = await readCapped(res, this.conn.maxBytes, false);
    const format: RecordFormat = this.conn.format ?? formatOfContentType(res.headers.get('content-type')) ?? formatOfName(new URL(this.conn.url).pathname) ?? 'json';
    const parsed = parseRecords(text, format, { ...(this.conn.recordsPath !== undefined ? { recordsPath: this.conn.recordsPath } : {}), ...(this.conn.delimiter ? { delimiter: this.conn.delimiter } : {}) });
    // Remembered only once the answer was read whole: a broken answer is asked for again in full.
    this.etag = res.headers.get('etag');
    this.lastModified = res.headers.get('last-modified');
    const origin = `GET ${redact(this.conn.url)}`;
    for (const u of parsed.unparsable) sink.unparsable(u.reason, u.detail, `${origin} ${u.at}`);
    const now = this.ctx.now();
    return parsed.records.map((r) => ({ value: r.value, origin: `${origin} ${r.at}`, receivedAt: now }));
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    if (this.timer) clearTimeout(this.timer);
    await this.running?.catch(() => {});
  }
}

/** The body as text, refused past `max` bytes (or cut there, for an error page's excerpt). */
async function readCapped(res: Response, max: number, cut: boolean): Promise<string> {
  const declared = Number(res.headers.get('content-length'));
  if (!cut && Number.isFinite(declared) && declared > max) {
    await res.body?.cancel();
    throw new PollFailure('too-large', `the answer is ${declared} bytes, over the limit of ${max} (connection.maxBytes)`);
  }
  if (!res.body) return '';
  const reader = res.body.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      if (cut) {
        parts.push(value.subarray(0, value.byteLength - (size - max)));
        break;
      }
      throw new PollFailure('too-large', `the answer is over the limit of ${max} bytes (connection.maxBytes)`);
    }
    parts.push(value);
  }
  return Buffer.concat(parts).toString('utf8');
}

function classify(e: unknown, timeoutMs: number): { reason: string; message: string } {
  if (e instanceof PollFailure) return { reason: e.reason, message: e.message };
  if (e instanceof PayloadError) return { reason: e.reason, message: e.message };
  const err = e as Error & { cause?: { code?: string; message?: string } };
  if (err?.name === 'TimeoutError') return { reason: 'timeout', message: `no complete answer within ${timeoutMs} ms (connection.timeoutMs)` };
  const cause = err?.cause;
  const why = [cause?.code, cause?.message].filter((x) => x).join(' ');
  return { reason: 'unreachable', message: `${err?.message ?? String(e)}${why ? `: ${why}` : ''}` };
}

/** The URL without its query string (which may carry an API key) for the status. */
function redact(url: string): string {
  const u = new URL(url);
  return `${u.origin}${u.pathname}${u.search ? '?…' : ''}`;
}

export const httpSource = defineSource({ connection: httpConnectionSchema, create: (conn, ctx) => new HttpPollSource(conn, ctx) });
