/** A real cache file with data, and damage to it: for the tests of what a damaged cache costs (nothing stored). */
import { closeSync, openSync, statSync, writeSync } from 'node:fs';
import { openStore } from '../../electron/engine/store/store';
import { tinyData } from './feed';

/** A cache with a few thousand readings (about a hundred pages), closed. */
export function filledCache(file: string) {
  const data = tinyData({ steps: 3000, start: Date.UTC(2026, 0, 1) });
  const s = openStore(file);
  s.saveCatalogue(data.sensors);
  s.ingest('f', data.readings, 1, data.end);
  s.close();
  return data;
}

/** Overwrites one page in the middle of the file with garbage (the header stays: SQLite still opens it). */
export function damage(file: string): void {
  const pages = Math.floor(statSync(file).size / 4096);
  const fd = openSync(file, 'r+');
  writeSync(fd, Buffer.alloc(4096, 0x5a), 0, 4096, 4096 * Math.floor(pages / 2));
  closeSync(fd);
}
