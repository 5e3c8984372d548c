/**
 * The pack's manifest (FORMAT.md, `PackManifest` in format.ts): every file but itself with its size and SHA-256,
 * read back from disk in a stream (what is listed is what was written), and the manifest checked against its schema
 * before it is written.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { packManifestSchema, PACK_FILES, type PackManifest } from './format';

export interface PackFileEntry {
  path: string;
  bytes: number;
  sha256: string;
}

/** SHA-256 (hex) and size of a file, streamed. */
export async function hashFile(file: string): Promise<{ bytes: number; sha256: string }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(file)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { bytes, sha256: hash.digest('hex') };
}

/** Every file under `dir` but the manifest, as pack paths ('/'-separated), sorted. */
export async function packFilePaths(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const path = relative(dir, join(e.parentPath, e.name)).split(sep).join('/');
    if (path !== PACK_FILES.manifest) out.push(path);
  }
  return out.sort();
}

/** The file list of a pack folder, each file hashed. */
export async function listPackFiles(dir: string, onFile?: (path: string) => void): Promise<PackFileEntry[]> {
  const files: PackFileEntry[] = [];
  for (const path of await packFilePaths(dir)) {
    onFile?.(path);
    const full = join(dir, ...path.split('/'));
    const h = await hashFile(full);
    if (h.bytes !== (await stat(full)).size) throw new Error(`${path} changed while it was being hashed`);
    files.push({ path, ...h });
  }
  return files;
}

/** The manifest's JSON text, checked against the format's schema (a writer bug is an error, never a bad pack). */
export function manifestJson(m: PackManifest): string {
  return JSON.stringify(packManifestSchema.parse(m), null, 2) + '\n';
}
