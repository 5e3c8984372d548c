/** Hub test helpers: a config and its files in a scratch folder, a hub started from it, a protocol client. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { io, type Socket } from 'socket.io-client';
import { startHub, type Hub, type HubOptions } from '../../electron/hub/hub';
import { parseHubConfig } from '../../electron/hub/config';
import { resolveHubConfig } from '../../electron/hub/resolve-config';
import { EV, PROTOCOL_VERSION, type Batch, type Hello } from '../../electron/shared/protocol';
import { SOURCES_EVENT, type SourcesMessage } from '../../electron/shared/source-status';

export interface Scratch {
  dir: string;
  write(name: string, text: string): string;
  remove(): void;
}

export function scratch(): Scratch {
  const dir = mkdtempSync(join(tmpdir(), 'citydesk-hub-'));
  return {
    dir,
    write: (name, text) => {
      const file = join(dir, name);
      writeFileSync(file, name.endsWith('.gz') ? gzipSync(text) : text);
      return file;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export const city = { name: 'Testville', timeZone: 'Europe/London' };

export function hubConfig(sources: unknown[], extra: Record<string, unknown> = {}) {
  return { hub: { id: 'test-hub', name: 'Test hub', city, listen: { host: '127.0.0.1', port: 0 } }, sources, ...extra };
}

/** Validates and resolves a config object against the scratch folder, then starts the hub. */
export async function hubFrom(s: Scratch, config: unknown, opts: HubOptions = {}): Promise<Hub> {
  const parsed = parseHubConfig(JSON.stringify(config));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  const r = resolveHubConfig(parsed.config, s.dir);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return startHub(r.hub, opts);
}

export interface Client {
  socket: Socket;
  hello: Hello[];
  catalogues: { feedId: string; city?: unknown; types?: { id: string; provenanceNote?: string }[]; sensors: { id: string; kind: string; name: string; geometry: unknown; attributes: Record<string, unknown> }[] }[];
  batches: Batch[];
  sources: SourcesMessage[];
  close(): void;
}

export async function subscribe(url: string, token?: string): Promise<Client> {
  const socket = io(url, { transports: ['websocket'], reconnection: false, ...(token ? { auth: { token } } : {}) });
  const c: Client = { socket, hello: [], catalogues: [], batches: [], sources: [], close: () => socket.close() };
  socket.on(EV.hello, (h: Hello) => c.hello.push(h));
  socket.on(EV.catalogue, (m: Client['catalogues'][number]) => c.catalogues.push(m));
  socket.on(EV.batch, (b: Batch) => c.batches.push(b));
  socket.on(SOURCES_EVENT, (m: SourcesMessage) => c.sources.push(m));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (e) => reject(e));
  });
  const ack = await socket.timeout(5000).emitWithAck(EV.subscribe, { protocol: PROTOCOL_VERSION, lastSeq: null });
  if (!(ack as { ok: boolean }).ok) throw new Error(JSON.stringify(ack));
  return c;
}
