/** Static serving in the hosts: what a path names. Node only: no Electron, no DOM. */
import { statSync } from 'node:fs';

/** The size in bytes of the regular file at `path`, or null when there is none (no path, absent, unreadable, a folder). */
export function regularFileSize(path: string | null): number | null {
  if (!path) return null;
  try {
    const st = statSync(path);
    return st.isFile() ? st.size : null;
  } catch {
    return null;
  }
}
