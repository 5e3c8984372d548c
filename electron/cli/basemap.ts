/**
 * `npm run basemap -- --from DIR_OR_GEOJSON --out FILE.pmtiles [--bbox w,s,e,n] [--minzoom 0] [--maxzoom 14]
 * [--layers roads,water,...] [--name NAME] [--attribution TEXT]`: a city base map from GeoJSON layers, as one PMTiles
 * archive of gzip-compressed vector tiles in CityDesk's base-map schema (electron/cli/basemap/profile.ts).
 * `--world` instead of `--from` makes the shipped world map from Natural Earth (world-atlas).
 * Bad input (missing file, not GeoJSON, a bbox outside the world) is one line on stderr and exit code 2.
 */
import { parseArgs, runCli, usage, UsageError, type FlagSpec } from './args';
import { InputError, parseBbox, readLayers } from './basemap/input';
import { makeBasemap } from './basemap/make';
import { WORLD_ATTRIBUTION, worldLayers } from './basemap/world';

const spec = {
  from: { type: 'string', help: 'a GeoJSON file (one layer, named after the file) or a folder of <layer>.geojson[.gz] files' },
  world: { type: 'boolean', help: 'make the world map from Natural Earth (world-atlas) instead of --from' },
  out: { type: 'string', help: 'the PMTiles archive to write (.pmtiles)' },
  bbox: { type: 'string', help: 'west,south,east,north in degrees (default: the extent of the input)' },
  minzoom: { type: 'number', help: 'lowest zoom (default 0)' },
  maxzoom: { type: 'number', help: 'highest zoom, at most 16 (default 14)' },
  layers: { type: 'string', help: 'only these layers, comma-separated (default: every file in the folder)' },
  name: { type: 'string', help: 'the archive\'s name in its metadata' },
  attribution: { type: 'string', help: 'the attribution shown on the map (default "© OpenStreetMap contributors")' },
  help: { type: 'boolean', help: 'show this help' },
} as const satisfies FlagSpec;

runCli(async () => {
  const args = parseArgs(process.argv.slice(2), spec);
  if (args.help) return void console.log(usage('npm run basemap -- --from DIR_OR_GEOJSON --out FILE.pmtiles [options]', spec));
  try {
    if (!args.out) throw new InputError('--out FILE.pmtiles is required');
    if (Boolean(args.world) === (args.from !== undefined)) throw new InputError('give either --from DIR_OR_GEOJSON or --world');
    const layers = args.world ? worldLayers() : readLayers(args.from!, args.layers?.split(',').map((s) => s.trim()).filter(Boolean));
    const started = Date.now();
    const result = makeBasemap({
      layers,
      out: args.out,
      ...(args.bbox !== undefined ? { bbox: parseBbox(args.bbox) } : {}),
      minZoom: args.minzoom ?? 0,
      maxZoom: args.maxzoom ?? (args.world ? 6 : 14),
      name: args.name ?? (args.world ? 'CityDesk world' : 'CityDesk city base map'),
      attribution: args.attribution ?? (args.world ? WORLD_ATTRIBUTION : '© OpenStreetMap contributors'),
      onZoom: (z, n) => process.stderr.write(`  z${z}: ${n} tiles\n`),
    });
    for (const l of result.layers) process.stderr.write(`  layer ${l.name}: ${l.features} features${l.dropped ? ` (${l.dropped} left out by the profile)` : ''}\n`);
    console.log(
      `${result.file}: ${(result.size / 1024).toFixed(0)} KiB, ${result.addressedTiles} tiles (${result.tileContents} distinct), ` +
        `${result.leafDirectories} leaf directories, bbox ${result.bbox.map((n) => n.toFixed(4)).join(',')}, ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  } catch (e) {
    throw e instanceof InputError ? new UsageError(e.message) : e;
  }
});
