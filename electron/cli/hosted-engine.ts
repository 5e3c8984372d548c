/**
 * What every host (the browser-mode server, Electron's engine utility process) starts: the engine on the feed it is
 * given, or, without one, on an embedded hub (electron/hub) that the host starts first, on a free loopback port with a
 * fresh random token, and stops after the engine: the hub of a config file (`hubConfig`), else the demo feed (a hub
 * with the demo source). Or, instead of any feed, an incident pack opened read-only (`incidentDir`).
 */
import { randomBytes } from 'node:crypto';
import { startDemoServer } from '../demo-feed/server';
import { createSourceAdmin } from '../hub/admin';
import { startHub, type Hub } from '../hub/hub';
import { loadHubConfig } from '../hub/resolve-config';
import { startEngine, type Engine, type EngineOptions } from '../engine/index';
import { PackError, readIncidentPack } from '../engine/incident-pack/open';
import { UsageError } from './usage-error';

export interface HostedEngineOptions extends Omit<EngineOptions, 'feedUrl' | 'feedLabel' | 'demo' | 'demoDistricts'> {
  /** The feed to connect to; without it an embedded hub is started. */
  feedUrl?: string;
  /** The embedded hub's config file; without it (and without a feed) the embedded demo feed. */
  hubConfig?: string;
  /** Speed of the embedded demo feed (feed ms per wall ms). */
  demoSpeed?: number;
  /** Scale mode of the embedded demo feed or hub (electron/hub/scale.ts); 1 (default): as it is. */
  scale?: number;
  /** An incident pack folder to open read-only instead of any feed (incident-pack/open.ts). */
  incidentDir?: string;
}

export interface HostedEngine {
  engine: Engine;
  /** The embedded hub (the demo feed or a config's), when the host started one. */
  hub: Hub | null;
  /** "DEMO feed", "hub <id> (FILE)" or "feed <url>", for logs. */
  describe(): string;
  /** Stops the engine (flushing the cache), then the embedded hub. */
  close(): Promise<void>;
}

export async function startHostedEngine(opts: HostedEngineOptions): Promise<HostedEngine> {
  const { demoSpeed, feedUrl, hubConfig, incidentDir, scale, ...engineOpts } = opts;
  if (feedUrl && hubConfig) throw new UsageError('give a feed URL or a hub config, not both');
  if (incidentDir !== undefined) {
    if (feedUrl || hubConfig) throw new UsageError('an incident pack is opened without a feed or a hub config');
    let pack;
    try {
      pack = await readIncidentPack(incidentDir);
    } catch (e) {
      throw e instanceof PackError ? new UsageError(`--incident ${incidentDir}: ${e.message}`) : e;
    }
    for (const p of pack.problems) opts.log?.('warn', `incident pack: ${p}`);
    const engine = await startEngine({ ...engineOpts, feedUrl: `incident-pack:${incidentDir}`, incident: pack });
    const description = `incident pack "${pack.manifest.incident.name}" (${incidentDir}; read-only${pack.problems.length ? `; ${pack.problems.length} problem(s): see the log` : ', verified'})`;
    let closing: Promise<void> | null = null;
    return { engine, hub: null, describe: () => description, close: () => (closing ??= engine.close()) };
  }
  let hub: Hub | null = null;
  let description: string;
  let target: Pick<EngineOptions, 'feedUrl' | 'token' | 'feedLabel' | 'demo' | 'demoDistricts'>;
  const log = (level: 'info' | 'warn', m: string) => opts.log?.(level, m);
  if (feedUrl) {
    target = { feedUrl, ...(opts.token !== undefined ? { token: opts.token } : {}) };
    description = `feed ${feedUrl}`;
  } else if (hubConfig) {
    const resolved = loadHubConfig(hubConfig);
    if (!resolved.ok) throw new UsageError(`${hubConfig} is not a valid hub config:\n${resolved.issues.map((i) => `  ${i.path}: ${i.message}`).join('\n')}`);
    const token = randomBytes(16).toString('hex');
    // Embedded: loopback and a free port whatever the config's listen block says; this launch's own token.
    hub = await startHub(resolved.hub, { host: '127.0.0.1', port: 0, token, assetsDir: opts.assetsDir, ...(scale !== undefined ? { scale } : {}), log });
    target = { feedUrl: hub.url, token, feedLabel: `embedded hub ${resolved.hub.config.hub.id}` };
    description = `hub ${resolved.hub.config.hub.id} (${hubConfig})`;
  } else {
    const token = randomBytes(16).toString('hex');
    hub = await startDemoServer({ assetsDir: opts.assetsDir, speed: demoSpeed ?? 1, ...(scale !== undefined ? { scale } : {}), token, log: (m) => log('info', m) });
    target = { feedUrl: hub.url, token, feedLabel: 'embedded demo feed', demo: true, demoDistricts: true };
    description = 'DEMO feed';
  }
  let engine: Engine;
  try {
    // The embedded hub's source admin: supervisors connect sources from the desk (electron/engine/sources/).
    engine = await startEngine({ ...engineOpts, ...target, ...(hub ? { sourceAdmin: createSourceAdmin(hub) } : {}) });
  } catch (e) {
    await hub?.close();
    throw e;
  }
  let closing: Promise<void> | null = null;
  return {
    engine,
    hub,
    describe: () => description,
    close: () =>
      (closing ??= (async () => {
        try {
          await engine.close();
        } finally {
          await hub?.close();
        }
      })()),
  };
}
