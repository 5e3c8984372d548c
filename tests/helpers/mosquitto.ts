/**
 * A real Mosquitto broker for tests and the bench: /usr/sbin/mosquitto on a free local port with a generated config,
 * started and awaited until it accepts TCP connections; it can be killed and started again on the same port (a broker
 * lost mid-stream), and stopped. With `users`, anonymous access is off and the password file is made with
 * mosquitto_passwd; `HAS_MOSQUITTO_PASSWD` tells the tests whether that tool exists (they skip auth tests if not).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const MOSQUITTO = process.env.MOSQUITTO_PATH ?? '/usr/sbin/mosquitto';
const MOSQUITTO_PASSWD = process.env.MOSQUITTO_PASSWD_PATH ?? '/usr/bin/mosquitto_passwd';
export const HAS_MOSQUITTO = existsSync(MOSQUITTO);
export const HAS_MOSQUITTO_PASSWD = existsSync(MOSQUITTO_PASSWD);
export const NO_MOSQUITTO_PASSWD = `${MOSQUITTO_PASSWD} not found (Debian package mosquitto-clients or mosquitto): broker authentication tests skipped`;

export interface MosquittoOptions {
  /** The port to listen on (default: a free one). */
  port?: number;
  /** More mosquitto.conf lines (e.g. `max_queued_messages 0` for a bench). */
  config?: readonly string[];
  /** Users with passwords: anonymous access is refused. Needs mosquitto_passwd. */
  users?: readonly { username: string; password: string }[];
}

export interface Mosquitto {
  readonly port: number;
  /** mqtt://127.0.0.1:PORT */
  readonly url: string;
  /** Kills the broker at once (SIGKILL): clients see the connection drop. */
  kill(): Promise<void>;
  /** Starts it again on the same port with the same config; resolves when it accepts connections. */
  restart(): Promise<void>;
  /** Stops the broker and removes its files. Idempotent. */
  stop(): Promise<void>;
  /** What the broker wrote to stderr (its log), for failure messages. */
  log(): string;
}

/** A free TCP port on 127.0.0.1 (bound, read, released). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = createConnection({ port, host: '127.0.0.1' });
    sock.once('connect', () => {
      sock.destroy();
      resolve(true);
    });
    sock.once('error', () => resolve(false));
  });
}

export async function startMosquitto(opts: MosquittoOptions = {}): Promise<Mosquitto> {
  if (!HAS_MOSQUITTO) throw new Error(`${MOSQUITTO} not found: install Debian's mosquitto package (or set MOSQUITTO_PATH)`);
  const dir = mkdtempSync(join(tmpdir(), 'citydesk-mosquitto-'));
  const port = opts.port ?? (await freePort());
  const conf = [`listener ${port} 127.0.0.1`, 'persistence false', 'log_dest stderr', 'log_type error', 'log_type warning'];
  // Run as root (a container), Mosquitto would drop to the user `mosquitto`, which cannot read the files made here.
  if (process.getuid?.() === 0) conf.push('user root');
  if (opts.users) {
    if (!HAS_MOSQUITTO_PASSWD) throw new Error(NO_MOSQUITTO_PASSWD);
    const pwfile = join(dir, 'passwd');
    writeFileSync(pwfile, '', { mode: 0o600 });
    for (const u of opts.users) {
      const r = spawnSync(MOSQUITTO_PASSWD, ['-b', pwfile, u.username, u.password], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`mosquitto_passwd failed for ${u.username}: ${r.stderr || r.error?.message}`);
    }
    conf.push('allow_anonymous false', `password_file ${pwfile}`);
  } else conf.push('allow_anonymous true');
  conf.push(...(opts.config ?? []));
  const confFile = join(dir, 'mosquitto.conf');
  writeFileSync(confFile, `${conf.join('\n')}\n`);

  let child: ChildProcess | null = null;
  let stderr = '';
  let stopped = false;

  const exited = (c: ChildProcess) => (c.exitCode !== null || c.signalCode !== null ? Promise.resolve() : new Promise<void>((r) => c.once('exit', () => r())));

  const launch = async () => {
    const c = spawn(MOSQUITTO, ['-c', confFile], { stdio: ['ignore', 'ignore', 'pipe'] });
    child = c;
    c.stderr!.setEncoding('utf8');
    c.stderr!.on('data', (d: string) => (stderr = (stderr + d).slice(-20_000)));
    const t0 = Date.now();
    for (;;) {
      if (c.exitCode !== null || c.signalCode !== null) throw new Error(`mosquitto exited (${c.exitCode ?? c.signalCode}) on port ${port}: ${stderr}`);
      if (await accepts(port)) return;
      if (Date.now() - t0 > 10_000) {
        c.kill('SIGKILL');
        throw new Error(`mosquitto did not accept connections on port ${port} within 10 s: ${stderr}`);
      }
      await new Promise((r) => setTimeout(r, 25));
    }
  };

  const kill = async () => {
    const c = child;
    child = null;
    if (!c) return;
    c.kill('SIGKILL');
    await exited(c);
  };

  await launch();
  return {
    port,
    url: `mqtt://127.0.0.1:${port}`,
    kill,
    async restart() {
      if (stopped) throw new Error('mosquitto: restart after stop');
      await kill();
      await launch();
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      const c = child;
      child = null;
      if (c) {
        c.kill('SIGTERM');
        const timer = setTimeout(() => c.kill('SIGKILL'), 3000);
        await exited(c);
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
    log: () => stderr,
  };
}
