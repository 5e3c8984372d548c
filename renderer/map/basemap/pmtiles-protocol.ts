/**
 * The `pmtiles://` protocol for MapLibre (the `pmtiles` package's Protocol, registered once with addProtocol). An
 * archive is given to it before its tiles are asked for: the shipped world map as bytes in memory (fetched whole, so
 * that either host serves it as a plain file), a user's archive over HTTP Range requests (FetchSource). Requests for
 * an archive that is still being opened wait for it.
 */
import { addProtocol, type AddProtocolAction } from 'maplibre-gl';
import { PMTiles, Protocol, type RangeResponse, type Source } from 'pmtiles';
import { archiveKey } from './archive-key';

/** A PMTiles source over bytes already in memory. */
export class MemorySource implements Source {
  constructor(
    private readonly key: string,
    private readonly bytes: Uint8Array,
  ) {}
  getKey(): string {
    return this.key;
  }
  getBytes(offset: number, length: number): Promise<RangeResponse> {
    return Promise.resolve({ data: this.bytes.slice(offset, offset + length).buffer });
  }
}

const protocol = new Protocol({ metadata: true });
const opening = new Map<string, Promise<PMTiles>>();
let registered = false;

export function registerPmtilesProtocol(): void {
  if (registered) return;
  registered = true;
  const load: AddProtocolAction = async (params, abortController) => {
    const key = archiveKey(params.url);
    const wait = key === null ? undefined : opening.get(key);
    if (wait) await wait;
    return (await protocol.tilev4(params, abortController)) as Awaited<ReturnType<AddProtocolAction>>;
  };
  addProtocol('pmtiles', load);
}

/** Makes an archive available to the protocol under its source's key (the URL in the style after pmtiles://). */
export function provideArchive(open: Promise<PMTiles>, key: string): Promise<PMTiles> {
  const ready = open.then((p) => {
    protocol.add(p);
    return p;
  });
  opening.set(key, ready);
  return ready;
}
