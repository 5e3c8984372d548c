/** Source credentials at rest: AES-256-GCM round trip, bound to their source, a 0600 key file made once. */
import { afterEach, describe, expect, it } from 'vitest';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keyFileOf, loadOrCreateKey, SecretBox, SecretBoxError } from '../../../electron/engine/sources/secret-box';
import { openStore } from '../../../electron/engine/store/store';

const dirs: string[] = [];
const scratch = () => {
  const d = mkdtempSync(join(tmpdir(), 'citydesk-secretbox-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('the secret box', () => {
  it('round-trips, never shows the plaintext, and refuses another source or a changed byte', () => {
    const box = new SecretBox(loadOrCreateKey(null));
    const sealed = box.seal('p@ss wörd', 'a/PASSWORD');
    expect(sealed).toMatch(/^v1:/);
    expect(sealed).not.toContain('p@ss');
    expect(box.open(sealed, 'a/PASSWORD')).toBe('p@ss wörd');
    expect(box.seal('p@ss wörd', 'a/PASSWORD')).not.toBe(sealed); // a fresh IV each time
    expect(() => box.open(sealed, 'b/PASSWORD')).toThrow(SecretBoxError);
    const raw = Buffer.from(sealed.slice(3), 'base64');
    raw[raw.length - 1]! ^= 1;
    expect(() => box.open(`v1:${raw.toString('base64')}`, 'a/PASSWORD')).toThrow(/does not decrypt/);
    expect(() => new SecretBox(loadOrCreateKey(null)).open(sealed, 'a/PASSWORD')).toThrow(SecretBoxError); // another key
  });

  it('creates the key file beside the cache once, 0600; tightens a looser one; refuses a damaged one', () => {
    const dir = scratch();
    const file = keyFileOf(join(dir, 'cache.db'))!;
    expect(file).toBe(join(dir, 'cache.db.sources.key'));
    const k1 = loadOrCreateKey(file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadOrCreateKey(file).equals(k1)).toBe(true);
    chmodSync(file, 0o644);
    const changed: string[] = [];
    loadOrCreateKey(file, (m) => changed.push(m));
    expect(changed).toHaveLength(1);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    writeFileSync(file, 'not a key');
    expect(() => loadOrCreateKey(file)).toThrow(/damaged/);
    expect(keyFileOf(':memory:')).toBeNull();
  });

  it('stores source versions with only ciphertext in the cache file', () => {
    const dir = scratch();
    const db = join(dir, 'cache.db');
    const store = openStore(db);
    const box = new SecretBox(loadOrCreateKey(keyFileOf(db)));
    const t = store.sourceConfigs();
    expect(t.save('s', { source: { id: 's' } }, { PASSWORD: box.seal('Zebra-Crossing-77', 's/PASSWORD') }, 'Dana', 'desk-1', 1000)).toBe(1);
    expect(t.save('s', { source: { id: 's', name: 'two' } }, {}, 'Eli', 'desk-2', 2000)).toBe(2);
    expect(t.save('s', null, {}, 'Eli', 'desk-2', 3000)).toBe(3);
    expect(t.versions('s').map((v) => [v.version, v.removed, v.author, v.desk])).toEqual([
      [3, true, 'Eli', 'desk-2'],
      [2, false, 'Eli', 'desk-2'],
      [1, false, 'Dana', 'desk-1'],
    ]);
    expect(box.open(t.versions('s')[2]!.sealed.PASSWORD!, 's/PASSWORD')).toBe('Zebra-Crossing-77');
    store.close();
    for (const f of ['cache.db', 'cache.db-wal']) {
      try {
        expect(readFileSync(join(dir, f)).includes(Buffer.from('Zebra-Crossing-77')), f).toBe(false);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      }
    }
    // The table survives a reopen (created idempotently).
    const again = openStore(db);
    expect(again.sourceConfigs().currentVersions().map((v) => v.version)).toEqual([3]);
    again.close();
  });
});
