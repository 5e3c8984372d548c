/** `--scale K` of npm run feed / hub / web (electron/cli/args.ts checkScale): a whole number from 1, else a usage error. */
import { describe, expect, it } from 'vitest';
import { checkScale, parseArgs, UsageError } from '../../electron/cli/args';

const spec = { scale: { type: 'number', help: '' } } as const;
const scaleOf = (argv: string[]) => checkScale(parseArgs(argv, spec).scale);

describe('--scale', () => {
  it('defaults to 1 and takes a whole number', () => {
    expect(scaleOf([])).toBe(1);
    expect(scaleOf(['--scale', '1'])).toBe(1);
    expect(scaleOf(['--scale', '194'])).toBe(194);
    expect(scaleOf(['--scale=3'])).toBe(3);
  });

  it('refuses anything else with a clear error', () => {
    for (const bad of ['0', '-2', '2.5', '10001']) {
      expect(() => scaleOf(['--scale', bad])).toThrow(UsageError);
      expect(() => scaleOf(['--scale', bad])).toThrow(/--scale must be a whole number from 1 to 10,000 .*got/);
    }
    expect(() => scaleOf(['--scale', 'lots'])).toThrow(/--scale must be a number, got "lots"/);
    expect(() => scaleOf(['--scale'])).toThrow(/--scale needs a value/);
  });
});
