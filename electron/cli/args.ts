/**
 * A small strict argument parser for the CLI entry points: known flags only, typed values, one-line errors.
 */
export type FlagSpec = Record<string, { type: 'string' | 'number' | 'boolean' | 'strings'; help: string }>;
export type Parsed<S extends FlagSpec> = {
  [K in keyof S]?: S[K]['type'] extends 'number' ? number : S[K]['type'] extends 'boolean' ? boolean : S[K]['type'] extends 'strings' ? string[] : string;
};

export class UsageError extends Error {}

export function parseArgs<S extends FlagSpec>(argv: readonly string[], spec: S): Parsed<S> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) throw new UsageError(`unexpected argument ${JSON.stringify(arg)}`);
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    const def = spec[name];
    if (!def) throw new UsageError(`unknown option --${name} (known: ${Object.keys(spec).map((k) => `--${k}`).join(', ')})`);
    if (def.type === 'boolean') {
      out[name] = true;
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined || (inline === undefined && value.startsWith('--'))) throw new UsageError(`--${name} needs a value`);
    if (def.type === 'number') {
      const n = Number(value);
      if (value.trim() === '' || !Number.isFinite(n)) throw new UsageError(`--${name} must be a number, got ${JSON.stringify(value)}`);
      out[name] = n;
    } else if (def.type === 'strings') {
      ((out[name] ??= []) as string[]).push(value);
    } else out[name] = value;
  }
  return out as Parsed<S>;
}

export function usage(cmd: string, spec: FlagSpec): string {
  return `usage: ${cmd}\n` + Object.entries(spec).map(([k, v]) => `  --${k}${v.type === 'boolean' ? '' : ' ' + v.type.replace('strings', 'string').toUpperCase()}  ${v.help}`).join('\n');
}

export function checkPort(port: number | undefined, fallback: number): number {
  const p = port ?? fallback;
  if (!Number.isInteger(p) || p < 0 || p > 65535) throw new UsageError(`--port must be an integer from 0 to 65535, got ${p}`);
  return p;
}

/** Runs a CLI main: usage errors and failures become one line on stderr and a non-zero exit. */
export function runCli(main: () => Promise<void>): void {
  main().catch((e: unknown) => {
    const msg = e instanceof Error ? e.message : String(e);
    process.stderr.write(`error: ${msg}\n`);
    process.exit(e instanceof UsageError ? 2 : 1);
  });
}
