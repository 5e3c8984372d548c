/**
 * A text file written in pieces: lines are gathered into chunks of about 64 KiB and handed to the file with
 * backpressure, so that a pack's biggest file (a day of the whole city: ~450,000 CSV rows) is never one string.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';

const CHUNK = 64 * 1024;

export class TextSink {
  private readonly stream: WriteStream;
  private buf = '';
  private failed: Error | null = null;

  constructor(readonly path: string) {
    this.stream = createWriteStream(path, { flags: 'wx', mode: 0o600 });
    this.stream.on('error', (e) => (this.failed = e));
  }

  /** Adds text; resolves at once unless a full chunk had to wait for the disk. */
  async write(text: string): Promise<void> {
    this.buf += text;
    if (this.buf.length >= CHUNK) await this.drain();
  }

  private async drain(): Promise<void> {
    if (this.failed) throw this.failed;
    const chunk = this.buf;
    this.buf = '';
    if (!this.stream.write(chunk)) await once(this.stream, 'drain'); // rejects on an 'error' meanwhile
    if (this.failed) throw this.failed;
  }

  /** Writes what is left and closes the file (its data handed to the OS). */
  async close(): Promise<void> {
    if (this.buf) await this.drain();
    this.stream.end();
    await once(this.stream, 'close');
    if (this.failed) throw this.failed;
  }

  /** Closes without caring about the rest (a cancelled pack: its folder is removed). */
  destroy(): void {
    this.stream.destroy();
  }
}
