/**
 * What every host (the browser-mode server, Electron's engine utility process) starts: the engine on the feed it is
 * given, or, without one, on the embedded demo feed, which the host starts first (on a free loopback port, with a
 * fresh random token) and stops after the engine.
 */
import { randomBytes } from 'node:crypto';
import { startDemoServer, type DemoServer } from '../demo-feed/server';
import { startEngine, type Engine, type EngineOptions } from '../engine/index';

export interface HostedEngineOptions extends Omit<EngineOptions, 'feedUrl' | 'feedLabel' | 'demo'> {
  /** The feed to connect to; without it the embedded demo feed is started. */
  feedUrl?: string;
  /** Speed of the embedded demo feed (feed ms per wall ms). */
  demoSpeed?: number;
}

export interface HostedEngine {
  engine: Engine;
  /** The embedded demo feed, when the host started one. */
  demo: DemoServer | null;
  /** "DEMO feed" or "feed <url>", for logs. */
  describe(): string;
  /** Stops the engine (flushing the cache), then the demo feed. */
  close(): Promise<void>;
}

export async function startHostedEngine(opts: HostedEngineOptions): Promise<HostedEngine> {
  const { demoSpeed, feedUrl, ...engineOpts } = opts;
  let demo: DemoServer | null = null;
  let target: Pick<EngineOptions, 'feedUrl' | 'token' | 'feedLabel' | 'demo'>;
  if (feedUrl) target = { feedUrl, ...(opts.token !== undefined ? { token: opts.token } : {}) };
  else {
    const token = randomBytes(16).toString('hex');
    demo = await startDemoServer({ assetsDir: opts.assetsDir, speed: demoSpeed ?? 1, token, log: (m) => opts.log?.('info', m) });
    target = { feedUrl: demo.url, token, feedLabel: 'embedded demo feed', demo: true };
  }
  let engine: Engine;
  try {
    engine = await startEngine({ ...engineOpts, ...target });
  } catch (e) {
    await demo?.close();
    throw e;
  }
  let closing: Promise<void> | null = null;
  return {
    engine,
    demo,
    describe: () => (demo ? 'DEMO feed' : `feed ${feedUrl}`),
    close: () =>
      (closing ??= (async () => {
        try {
          await engine.close();
        } finally {
          await demo?.close();
        }
      })()),
  };
}
