/**
 * The demo feed in a process of its own (feed-child.ts): a feed is another machine, so its cost (reading the week,
 * encoding batches) is charged to neither side of a comparison. The week waits in the feed as a backlog; release() sends
 * all of it at once to every subscribed client, so each run receives exactly the same readings.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const ROOT = join(import.meta.dirname, '..', '..');

export interface FeedProcess {
  url: string;
  /** Sends the whole buffered week; resolves with the readings sent and the sequence number of the last batch. */
  release(): Promise<{ sent: number; lastSeq: number }>;
  close(): void;
}

export async function spawnFeed(): Promise<FeedProcess> {
  const child = spawn(join(ROOT, 'node_modules', '.bin', 'tsx'), [join(ROOT, 'tests', 'bench', 'feed-child.ts')], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const next = (prefix: string) =>
    new Promise<string[]>((resolve, reject) => {
      const on = (line: string) => {
        if (!line.startsWith(prefix)) return;
        lines.off('line', on);
        resolve(line.split(' ').slice(1));
      };
      lines.on('line', on);
      child.once('exit', (code) => reject(new Error(`feed child exited (${code})`)));
    });
  try {
    const [url] = await next('READY');
    return {
      url: url!,
      release: async () => {
        const sentLine = next('SENT');
        child.stdin!.write('go\n');
        const [sent, lastSeq] = await sentLine;
        return { sent: Number(sent), lastSeq: Number(lastSeq) };
      },
      close: () => void child.kill('SIGTERM'),
    };
  } catch (e) {
    child.kill('SIGTERM');
    throw e;
  }
}
