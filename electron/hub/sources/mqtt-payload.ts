/**
 * Decoding an MQTT message's payload into record values: JSON, UTF-8 text, or CSV lines. Decoding never throws: a
 * payload it cannot read comes back as a counted reason with a short explanation.
 */
import { parse } from 'csv-parse/sync';

export type PayloadFormat = 'json' | 'text' | 'csv-line';

export type Decoded = { ok: true; values: unknown[] } | { ok: false; reason: 'payload-too-large' | 'bad-utf8' | 'bad-json' | 'bad-csv'; detail: string };

export interface DecodeOptions {
  format: PayloadFormat;
  /** Payloads above this many bytes are refused unread. */
  maxPayloadBytes: number;
  /** csv-line: the column names; each line becomes an object of strings. Without them, an array of strings. */
  csvColumns?: readonly string[];
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
/** An excerpt of a bad payload for the status, never the whole of it. */
const excerpt = (s: string) => (s.length > 80 ? `${s.slice(0, 80)}…` : s);

export function decodePayload(payload: Uint8Array, opts: DecodeOptions): Decoded {
  if (payload.byteLength > opts.maxPayloadBytes) {
    return { ok: false, reason: 'payload-too-large', detail: `${payload.byteLength} bytes, over the limit of ${opts.maxPayloadBytes}` };
  }
  let text: string;
  try {
    text = utf8.decode(payload);
  } catch {
    return { ok: false, reason: 'bad-utf8', detail: `${payload.byteLength} bytes that are not UTF-8 text` };
  }
  switch (opts.format) {
    case 'text':
      return { ok: true, values: [text] };
    case 'json':
      try {
        return { ok: true, values: [JSON.parse(text)] };
      } catch (e) {
        return { ok: false, reason: 'bad-json', detail: `${(e as Error).message}: ${JSON.stringify(excerpt(text))}` };
      }
    case 'csv-line':
      return decodeCsv(text, opts.csvColumns);
  }
}

function decodeCsv(text: string, columns: readonly string[] | undefined): Decoded {
  let rows: string[][];
  try {
    rows = parse(text, { skip_empty_lines: true, relax_column_count: true }) as string[][];
  } catch (e) {
    return { ok: false, reason: 'bad-csv', detail: `${(e as Error).message}: ${JSON.stringify(excerpt(text))}` };
  }
  if (rows.length === 0) return { ok: false, reason: 'bad-csv', detail: 'no CSV line in the payload' };
  if (!columns) return { ok: true, values: rows };
  const bad = rows.find((r) => r.length !== columns.length);
  if (bad) return { ok: false, reason: 'bad-csv', detail: `${bad.length} fields where the columns are ${columns.length} (${columns.join(', ')}): ${JSON.stringify(excerpt(bad.join(',')))}` };
  return { ok: true, values: rows.map((r) => Object.fromEntries(columns.map((c, i) => [c, r[i]!]))) };
}
