/**
 * Bench-only (scale-feed.ts): raises the feed protocol's size caps in the process that loads this hook, so that the
 * engine can be measured with a 100,000-sensor catalogue, which the caps as shipped refuse (20,000 sensors, 16 MiB per
 * message; the demo's catalogue is about 430 bytes of JSON a sensor). Nothing outside the bench's own child process
 * is changed; the bench prints that it did this.
 */
export async function load(url, context, nextLoad) {
  const out = await nextLoad(url, context);
  if (!url.includes('/electron/shared/protocol.ts') || out.source == null) return out;
  const text = String(out.source)
    .replace(/(MAX_SENSORS\s*=\s*)[^;,\n]+/, '$1200000')
    .replace(/(MAX_MESSAGE_BYTES\s*=\s*)[^;,\n]+/, '$1(256 * 1024 * 1024)');
  return { ...out, source: text };
}
