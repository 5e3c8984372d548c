/** The archive a `pmtiles://` request is for: `pmtiles://KEY` (its TileJSON) or `pmtiles://KEY/z/x/y[.mvt]`. Pure. */
export function archiveKey(url: string): string | null {
  if (!url.startsWith('pmtiles://')) return null;
  const rest = url.slice('pmtiles://'.length);
  const tile = /^(.+)\/\d+\/\d+\/\d+(?:\.\w+)?$/.exec(rest);
  return tile ? tile[1]! : rest;
}
