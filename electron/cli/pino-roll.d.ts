/** Types for pino-roll 4 (the package ships none): the options CityDesk uses; see node_modules/pino-roll/pino-roll.js. */
declare module 'pino-roll' {
  import type SonicBoom from 'sonic-boom';
  import type { SonicBoomOpts } from 'sonic-boom';

  export interface PinoRollOptions extends Omit<SonicBoomOpts, 'dest' | 'fd'> {
    /** Base path; files are <file>.<n><extension>. */
    file: string | (() => string);
    /** Rotate when a file reaches this size: a number of MB, or '<n>b', '<n>k', '<n>m', '<n>g'. */
    size?: string | number;
    frequency?: 'daily' | 'hourly' | number;
    extension?: string;
    symlink?: boolean;
    /** count: files kept besides the current one; removeOtherLogFiles: also prune files of earlier runs. */
    limit?: { count: number; removeOtherLogFiles?: boolean };
    dateFormat?: string;
  }

  /** The SonicBoom stream pino-roll returns; `file` is the file being written (it changes on rotation). */
  export interface RollingStream extends SonicBoom {
    readonly file: string | null;
  }

  export default function pinoRoll(options: PinoRollOptions): Promise<RollingStream>;
}
