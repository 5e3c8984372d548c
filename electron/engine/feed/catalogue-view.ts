/**
 * The catalogue as the engine API shows it (snapshot and `catalogue` event): the sensors, every type the engine knows
 * (shipped plus the feed's) and the city: the feed's, or when it sent none (a v1 feed) the feed's name in UTC, said so
 * by `source: 'default'`. The extent is computed from the sensors' geometries.
 */
import { sensorExtent, type Sensor } from '../../shared/model';
import type { CatalogueCity } from '../../shared/protocol';
import type { CatalogueView, CityInfo } from '../api';
import type { LiveState } from '../live-state';

/** The live state's catalogue, for the snapshot command and the `catalogue` event alike. */
export function catalogueView(state: Pick<LiveState, 'catalogue' | 'registry' | 'city'>, feedName: string): CatalogueView {
  const sensors = state.catalogue();
  return { sensors, types: [...state.registry.all()], city: cityInfo(state.city(), sensors, feedName) };
}

function cityInfo(city: CatalogueCity | null, sensors: readonly Sensor[], feedName: string): CityInfo {
  const extent = sensorExtent(sensors);
  if (!city) return { name: feedName, timeZone: 'UTC', home: null, extent, attribution: null, source: 'default' };
  return { name: city.name, timeZone: city.timeZone, home: city.home ?? null, extent, attribution: city.attribution ?? null, source: 'feed' };
}
