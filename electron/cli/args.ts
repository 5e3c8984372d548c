/**
 * Command-line arguments of the CLI entry points, over node:util parseArgs: known flags only, typed values,
 * one-line errors (exit 2 through runCli), and a usage text from the same spec.
 *
 * parseArgs tokenises (`--name value`, `--name=value`, repeated flags, `--`); the checks here turn what it lets
 * through in non-strict mode into errors that name the flag: unknown options, positionals, a missing value (the next
 * argument is another `--flag`), a value given to a boolean, and numbers that are not numbers.
 */
import { parseArgs as parseArgv } from 'node:util';
import { scaleProblem } from '../hub/scale';
import { logFatal } from './logging';
import { UsageError } from './usage-error';

export { UsageError };

export interface FlagDef {
  type: 'string' | 'number' | 'boolean' | 'strings';
  help: string;
  /** A flag that is recognised only to be refused with this explanation (e.g. a secret on the command line). */
  refused?: string;
}
export type FlagSpec = Record<string, FlagDef>;
export type Parsed<S extends FlagSpec> = {
  [K in keyof S]?: S[K]['type'] extends 'number' ? number : S[K]['type'] extends 'boolean' ? boolean : S[K]['type'] extends 'strings' ? string[] : string;
};

/** ignoreUnknown: skip options and arguments not in the spec (a child process whose launcher may add its own). */
export function parseArgs<S extends FlagSpec>(argv: readonly string[], spec: S, opts: { ignoreUnknown?: boolean } = {}): Parsed<S> {
  const options = Object.fromEntries(
    Object.entries(spec).map(([name, def]) => [name, { type: def.type === 'boolean' ? ('boolean' as const) : ('string' as const), multiple: def.type === 'strings' }]),
  );
  const { tokens } = parseArgv({ args: [...argv], options, strict: false, allowPositionals: true, tokens: true });
  const known = () => Object.keys(spec).filter((k) => !spec[k]!.refused).map((k) => `--${k}`).join(', ');
  const out: Record<string, unknown> = {};
  for (const t of tokens) {
    if (opts.ignoreUnknown && (t.kind !== 'option' || !Object.hasOwn(spec, t.name))) continue;
    if (t.kind === 'positional') throw new UsageError(`unexpected argument ${JSON.stringify(t.value)}`);
    if (t.kind === 'option-terminator') continue;
    const def = Object.hasOwn(spec, t.name) ? spec[t.name] : undefined;
    if (!def || !t.rawName.startsWith('--')) throw new UsageError(`unknown option ${t.rawName} (known: ${known()})`);
    if (def.refused) throw new UsageError(`--${t.name} is not accepted: ${def.refused}`);
    if (def.type === 'boolean') {
      if (t.value !== undefined) throw new UsageError(`--${t.name} takes no value`);
      out[t.name] = true;
      continue;
    }
    const value = t.value;
    if (value === undefined || (!t.inlineValue && value.startsWith('--'))) throw new UsageError(`--${t.name} needs a value`);
    if (def.type === 'number') {
      const n = Number(value);
      if (value.trim() === '' || !Number.isFinite(n)) throw new UsageError(`--${t.name} must be a number, got ${JSON.stringify(value)}`);
      out[t.name] = n;
    } else if (def.type === 'strings') ((out[t.name] ??= []) as string[]).push(value);
    else out[t.name] = value;
  }
  return out as Parsed<S>;
}

export function usage(cmd: string, spec: FlagSpec): string {
  const lines = Object.entries(spec)
    .filter(([, v]) => !v.refused)
    .map(([k, v]) => `  --${k}${v.type === 'boolean' ? '' : ' ' + v.type.replace('strings', 'string').toUpperCase()}  ${v.help}`);
  return `usage: ${cmd}\n${lines.join('\n')}`;
}

export function checkPort(port: number | undefined, fallback: number): number {
  const p = port ?? fallback;
  if (!Number.isInteger(p) || p < 0 || p > 65535) throw new UsageError(`--port must be an integer from 0 to 65535, got ${p}`);
  return p;
}

/** `--scale K` (scale mode, electron/hub/scale.ts): a whole number from 1 (the default: no copies) up; else a usage error. */
export function checkScale(scale: number | undefined): number {
  const k = scale ?? 1;
  const problem = scaleProblem(k);
  if (problem) throw new UsageError(problem);
  return k;
}

/** Runs a CLI main: usage errors and failures become one line on stderr and a non-zero exit. */
export function runCli(main: () => Promise<void>): void {
  main().catch((e: unknown) => {
    const msg = e instanceof Error ? e.message : String(e);
    logFatal(msg);
    process.stderr.write(`error: ${msg}\n`);
    process.exit(e instanceof UsageError ? 2 : 1);
  });
}
