/**
 * `npm run <script>` as a user runs it, in its own process group (as a terminal runs a command), in a scratch copy of
 * the project: the scripts' builds (vite into dist/renderer, esbuild into dist/cli) write there, not into the
 * repository's dist/ that other tests read meanwhile. Everything else at the top (sources, assets, configs,
 * node_modules) is a symlink; what resolves paths from its own location (vite's config and its root renderer/,
 * build/*.mjs) is copied.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './db';

export interface ScratchProject {
  dir: string;
  remove(): void;
}

/** What the scratch copy leaves out: outputs, and what is copied rather than linked. */
const NOT_LINKED = new Set(['.git', 'dist', 'release', 'test-results', '.cache', 'coverage', 'renderer', 'build', 'vite.config.ts']);

export function scratchProject(): ScratchProject {
  const dir = mkdtempSync(join(tmpdir(), 'citydesk-npm-run-'));
  for (const f of readdirSync(ROOT)) if (!NOT_LINKED.has(f)) symlinkSync(join(ROOT, f), join(dir, f));
  cpSync(join(ROOT, 'renderer'), join(dir, 'renderer'), { recursive: true });
  cpSync(join(ROOT, 'vite.config.ts'), join(dir, 'vite.config.ts'));
  mkdirSync(join(dir, 'build'));
  for (const f of readdirSync(join(ROOT, 'build'))) if (f.endsWith('.mjs')) cpSync(join(ROOT, 'build', f), join(dir, 'build', f));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface NpmRun {
  child: ChildProcess;
  /** stdout and stderr so far. */
  out(): { stdout: string; stderr: string };
  /** Resolves when stdout or stderr matches. */
  waitFor(re: RegExp, timeoutMs: number): Promise<RegExpExecArray>;
  /** Signals the whole process group, as a terminal's Ctrl-C (SIGINT) or a service manager (SIGTERM) does. */
  signalGroup(signal: NodeJS.Signals): void;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL to the group if anything of it is still running (test cleanup). */
  kill(): void;
}

export function npmRun(project: ScratchProject, script: string, args: string[], env: NodeJS.ProcessEnv): NpmRun {
  const child = spawn('npm', ['run', script, '--', ...args], { cwd: project.dir, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const waiters = new Set<() => void>();
  const onData = () => waiters.forEach((w) => w());
  child.stdout!.setEncoding('utf8').on('data', (d: string) => ((stdout += d), onData()));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => ((stderr += d), onData()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('close', (code, signal) => resolve({ code, signal })));
  const pid = child.pid!;
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-pid, signal);
    } catch {
      // the group is gone
    }
  };
  return {
    child,
    out: () => ({ stdout, stderr }),
    waitFor: (re, timeoutMs) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const m = re.exec(stdout) ?? re.exec(stderr);
          if (!m) return;
          done();
          resolve(m);
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`npm run ${script}: no ${re} within ${timeoutMs / 1000} s. stdout:\n${stdout}\nstderr:\n${stderr}`));
        }, timeoutMs);
        const early = () => {
          done();
          reject(new Error(`npm run ${script} exited before ${re}. stdout:\n${stdout}\nstderr:\n${stderr}`));
        };
        const done = () => {
          clearTimeout(timer);
          waiters.delete(check);
          child.off('close', early);
        };
        waiters.add(check);
        child.once('close', early);
        check();
      }),
    signalGroup,
    exited,
    kill: () => signalGroup('SIGKILL'), // also when npm is gone: its child may still run
  };
}
