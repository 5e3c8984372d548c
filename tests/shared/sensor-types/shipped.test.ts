import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SensorTypeRegistry } from '../../../electron/shared/sensor-types/registry';
import { parseSensorType } from '../../../electron/shared/sensor-types/schema';
import { SHIPPED_TYPE_DOCUMENTS, SHIPPED_TYPES } from '../../../electron/shared/sensor-types/shipped';

const DIR = path.resolve(__dirname, '../../../assets/sensor-types');
const reg = SensorTypeRegistry.from(SHIPPED_TYPES);

describe('shipped sensor types', () => {
  it('ships every file in assets/sensor-types, each valid, named by its id', () => {
    const files = readdirSync(DIR).filter((f) => f.endsWith('.json'));
    expect(Object.keys(SHIPPED_TYPE_DOCUMENTS).map((id) => `${id}.json`).sort()).toEqual(files.sort());
    for (const f of files) {
      const r = parseSensorType(JSON.parse(readFileSync(path.join(DIR, f), 'utf8')));
      expect(r.ok ? r.type.id : r.issues).toBe(f.replace(/\.json$/, ''));
    }
    expect(SHIPPED_TYPES.map((t) => t.id)).toEqual([
      'traffic',
      'car-park',
      'parking-bay',
      'air-quality',
      'citypulse-air-index',
      'weather',
      'noise',
      'bike-share',
      'transit-vehicle',
      'waste-bin',
    ]);
  });

  it('keeps the protocol-v1 metric ids of traffic, car-park and citypulse-air-index', () => {
    const ids = (t: string) => reg.metricsOf(t).map((m) => m.id);
    expect(ids('traffic')).toEqual(['avgSpeedKmh', 'vehicleCount', 'avgMeasuredTimeS', 'medianMeasuredTimeS', 'speedRatioPct']);
    expect(ids('car-park')).toEqual(['vehicleCount', 'totalSpaces', 'occupancyPct']);
    expect(ids('citypulse-air-index')).toEqual(['ozone', 'particulateMatter', 'carbonMonoxide', 'sulfurDioxide', 'nitrogenDioxide', 'maxIndex']);
    expect(reg.get('citypulse-air-index')).toMatchObject({ provenance: 'simulated', provenanceNote: 'CityPulse simulated index, not measurements' });
  });

  it('holds starter rules only on the types they are for, with the type id as kind and metrics the type has', () => {
    const withRules = SHIPPED_TYPES.filter((t) => t.starterRules?.length).map((t) => t.id);
    expect(withRules).toEqual(['traffic', 'car-park', 'citypulse-air-index']);
    for (const t of SHIPPED_TYPES) {
      for (const rule of (t.starterRules ?? []) as { kind: string }[]) {
        expect(rule.kind).toBe(t.id);
        for (const m of JSON.stringify(rule).matchAll(/"metric":"(\w+)"/g)) expect(reg.metric(t.id, m[1]!)).toBeDefined();
      }
    }
  });

  describe('traffic', () => {
    it.each<[Record<string, number | null>, Record<string, string | number | null>, number | null, string[]]>([
      [{ avgSpeedKmh: 30, vehicleCount: 4, avgMeasuredTimeS: 60, medianMeasuredTimeS: 58 }, { normalSpeedKmh: 60 }, 50, []],
      [{ avgSpeedKmh: 0, vehicleCount: 0, avgMeasuredTimeS: 0, medianMeasuredTimeS: 0 }, { normalSpeedKmh: 60 }, 0, ['zero-vehicles', 'zero-speed']],
      [{ avgSpeedKmh: 300, vehicleCount: 2 }, { normalSpeedKmh: 80 }, 375, ['speed-implausible']],
      [{ avgSpeedKmh: -5, vehicleCount: 2 }, { normalSpeedKmh: 50 }, -10, ['negative-value']],
      [{ avgSpeedKmh: 50, vehicleCount: null }, { normalSpeedKmh: 'unknown' }, null, ['missing-value']],
    ])('%j with %j: speedRatioPct %s, flags %j', (values, attrs, ratio, flags) => {
      expect(reg.derive('traffic', attrs, values).speedRatioPct).toBe(ratio);
      expect(reg.flags('traffic', attrs, values)).toEqual(flags);
    });

    it('labels flags as today', () => {
      expect(reg.flagLabel('zero-speed', 'traffic')).toBe('Average speed reported as 0 km/h');
      expect(reg.band('traffic', 35)?.label).toMatch(/^Congested/);
      expect(reg.band('traffic', 95)?.label).toMatch(/^Free flow/);
    });
  });

  describe('car-park', () => {
    it('occupancy 110 % flags over-capacity', () => {
      const v = { vehicleCount: 110, totalSpaces: 100 };
      expect(reg.derive('car-park', {}, v)).toEqual({ occupancyPct: 110.00000000000001 });
      expect(reg.flags('car-park', {}, v)).toEqual(['over-capacity']);
      expect(reg.band('car-park', 110)?.label).toMatch(/^Over capacity/);
      expect(reg.flagLabel('over-capacity', 'car-park')).toBe('More vehicles than spaces (occupancy over 100%)');
    });

    it('missing totalSpaces uses attr.capacity; without either, occupancy is missing and not flagged', () => {
      expect(reg.derive('car-park', { capacity: 200 }, { vehicleCount: 50, totalSpaces: null }).occupancyPct).toBe(25);
      expect(reg.derive('car-park', { capacity: 200 }, { vehicleCount: 50 }).occupancyPct).toBe(25);
      expect(reg.derive('car-park', { capacity: 200 }, { vehicleCount: 50, totalSpaces: 100 }).occupancyPct).toBe(50);
      expect(reg.derive('car-park', {}, { vehicleCount: 50 }).occupancyPct).toBeNull();
      expect(reg.derive('car-park', {}, { vehicleCount: 50, totalSpaces: 0 }).occupancyPct).toBeNull();
      expect(reg.flags('car-park', {}, { vehicleCount: 50, totalSpaces: 0 })).toEqual([]);
    });
  });

  it('parking-bay: a bay has no capacity or occupancy %, and a value other than 0/1 is flagged', () => {
    expect(reg.metricsOf('parking-bay').map((m) => m.id)).toEqual(['occupied']);
    expect(reg.flags('parking-bay', {}, { occupied: 1 })).toEqual([]);
    expect(reg.band('parking-bay', 0)?.label).toBe('Free');
    expect(reg.band('parking-bay', 1)?.label).toBe('Occupied');
    expect(reg.flags('parking-bay', {}, { occupied: 0.5 })).toEqual(['not-binary']);
    expect(reg.flags('parking-bay', {}, { occupied: 2 })).toEqual(['out-of-range', 'not-binary']);
  });

  describe('air-quality (EEA European Air Quality Index)', () => {
    it.each<[Record<string, number | null>, number | null, string]>([
      [{ pm2_5: 5, pm10: 10, no2: 20, o3: 40, so2: 50 }, 1, 'Good'],
      [{ pm2_5: 10, pm10: 20 }, 1, 'Good'],
      [{ pm2_5: 10.1 }, 2, 'Fair'],
      [{ pm10: 45 }, 3, 'Moderate'],
      [{ no2: 200 }, 4, 'Poor'],
      [{ o3: 300 }, 5, 'Very poor'],
      [{ so2: 800, pm10: 10 }, 6, 'Extremely poor'],
      [{ pm10: 999.9, pm2_5: 12 }, 6, 'Extremely poor'],
      [{ no: 50, co: 1.2, benzene: 2 }, null, ''],
      [{ pm2_5: null, pm10: 30 }, 2, 'Fair'],
    ])('%j is level %s %s', (values, level, label) => {
      const d = reg.derive('air-quality', {}, values);
      expect(d.eaqiLevel).toBe(level);
      expect(reg.band('air-quality', d.eaqiLevel ?? null)?.label ?? '').toBe(label);
    });

    it('flags the SDS011 maximum and PM2.5 above PM10, and keeps CO in mg/m³', () => {
      expect(reg.flags('air-quality', {}, { pm10: 999.9, pm2_5: 12 })).toEqual(['sensor-maximum']);
      expect(reg.flags('air-quality', {}, { pm10: 20, pm2_5: 999.9 })).toEqual(['sensor-maximum', 'pm25-above-pm10']);
      expect(reg.flags('air-quality', {}, { pm10: 10, pm2_5: 12 })).toEqual(['pm25-above-pm10']);
      expect(reg.flags('air-quality', {}, { pm10: null, pm2_5: 12 })).toEqual(['missing-value']);
      expect(reg.flags('air-quality', {}, { pm10: -1, pm2_5: -2 })).toEqual(['negative-value']);
      expect(reg.metric('air-quality', 'co')?.unit).toBe('mg/m³');
      expect(reg.metricsOf('air-quality').filter((m) => m.id !== 'co' && m.id !== 'eaqiLevel').every((m) => m.unit === 'µg/m³')).toBe(true);
    });

    it('uses the EEA colours (Fair darkened so that tritanopes tell it from Good: tests/shared/palette)', () => {
      expect(reg.get('air-quality')?.style.bands.map((b) => b.colour)).toEqual([
        [80, 240, 230],
        [60, 180, 150],
        [240, 230, 65],
        [255, 80, 80],
        [150, 0, 50],
        [125, 33, 129],
      ]);
    });
  });

  it('citypulse-air-index: maxIndex is the highest index present', () => {
    expect(reg.derive('citypulse-air-index', {}, { ozone: 120, particulateMatter: 80, carbonMonoxide: null }).maxIndex).toBe(120);
    expect(reg.derive('citypulse-air-index', {}, { ozone: null }).maxIndex).toBeNull();
    expect(reg.band('citypulse-air-index', 201)?.label).toBe('Very unhealthy (> 200)');
  });

  it('weather: humidity stuck at 100 % is flagged, sub-zero temperature is not negative, rain and wind are', () => {
    expect(reg.flags('weather', {}, { temperature: -5, humidity: 99.9, pressure: 1013 })).toEqual(['humidity-saturated']);
    expect(reg.flags('weather', {}, { temperature: 12, humidity: 100.0 })).toEqual(['humidity-saturated']);
    expect(reg.flags('weather', {}, { temperature: 12, humidity: 101 })).toEqual(['out-of-range', 'humidity-saturated']);
    expect(reg.flags('weather', {}, { windSpeed: -1, rain: 0, windDirection: 270 })).toEqual(['negative-value']);
    expect(reg.flags('weather', {}, { pressure: 101325 })).toEqual(['out-of-range']);
  });

  it('noise, bike-share, transit-vehicle, waste-bin: derived values and checks', () => {
    expect(reg.flags('noise', {}, { laeq: 60, lamax: 55 })).toEqual(['lamax-below-laeq']);
    expect(reg.band('noise', 60)?.label).toBe('Loud (55–65)');
    expect(reg.derive('bike-share', {}, { bikesAvailable: 5, docksAvailable: 15 }).fillPct).toBe(25);
    expect(reg.derive('bike-share', {}, { bikesAvailable: 0, docksAvailable: 0 }).fillPct).toBeNull();
    expect(reg.flags('bike-share', { capacity: 18 }, { bikesAvailable: 5, docksAvailable: 15 })).toEqual(['over-capacity']);
    expect(reg.flags('bike-share', {}, { bikesAvailable: 5, docksAvailable: 15 })).toEqual([]);
    expect(reg.get('transit-vehicle')?.geometry).toBe('moving-point');
    expect(reg.flags('transit-vehicle', {}, { speedKmh: 40, delayS: -90, occupancyPct: 60 })).toEqual([]);
    expect(reg.band('transit-vehicle', -90)?.label).toBe('Early (> 1 min)');
    expect(reg.flags('transit-vehicle', {}, { speedKmh: 260 })).toEqual(['speed-implausible']);
    expect(reg.flags('waste-bin', {}, { fillPct: 40, temperature: 75 })).toEqual(['fire-risk']);
    expect(reg.flags('waste-bin', {}, { fillPct: 120, temperature: 20 })).toEqual(['out-of-range']);
  });
});
