/** A CityDesk cache opened read-only by a CLI that only reads it (export, incident), with a clear refusal. */
import { openStore, type Store } from '../engine/store/store';

export function openCacheReadonly(file: string): Store {
  try {
    return openStore(file, { readonly: true });
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    // A read-only open reports an SQLite file without a CityDesk schema version as needing an upgrade; CityDesk
    // writes the version with its tables, so version 0 means: not (yet) a CityDesk database.
    if (/needs a schema upgrade \(version 0 /.test(msg)) throw new Error(`${file} is not a CityDesk database`);
    throw e;
  }
}
