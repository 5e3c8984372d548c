/** The shipped types' words per language (types namespace), the document's own words for anything else. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SensorType } from '../../../electron/shared/sensor-types/types';
import { localizeType } from '../../../renderer/i18n/typeWords';

const traffic = JSON.parse(readFileSync(join(__dirname, '../../../assets/sensor-types/traffic.json'), 'utf8')) as SensorType;
const carPark = JSON.parse(readFileSync(join(__dirname, '../../../assets/sensor-types/car-park.json'), 'utf8')) as SensorType;

describe('localizeType', () => {
  it('English: the document unchanged', () => {
    expect(localizeType(traffic, 'en')).toBe(traffic);
  });

  it('Danish: labels, metrics, checks and bands of a shipped type', () => {
    const da = localizeType(traffic, 'da');
    expect(da.label).toBe('Vejstrækning');
    expect(da.style.bands.map((b) => b.label)).toEqual(['Kø (≤ 40 % af normal hastighed)', 'Langsom (40–60 %)', 'Tæt trafik (60–80 %)', 'Fri trafik (> 80 %)']);
    expect(da.metrics.find((m) => m.id === 'avgSpeedKmh')?.label).toBe('Gennemsnitshastighed');
    expect(da.checks.find((c) => c.id === 'zero-speed')?.label).toBe('Gennemsnitshastighed rapporteret som 0 km/t');
    expect(localizeType(carPark, 'da').derived[0]!.label).toBe('Belægning');
    // Colours, thresholds and ids stay.
    expect(da.style.bands.map((b) => b.upTo)).toEqual(traffic.style.bands.map((b) => b.upTo));
  });

  it("a council's own words (or own type) fall back to the document", () => {
    const own = { ...traffic, label: 'Road link', style: { ...traffic.style, bands: [{ ...traffic.style.bands[0]!, label: 'Jammed' }, ...traffic.style.bands.slice(1)] } };
    const da = localizeType(own, 'da');
    expect(da.label).toBe('Road link');
    expect(da.style.bands[0]!.label).toBe('Jammed');
    expect(da.style.bands[1]!.label).toBe('Langsom (40–60 %)');
    const other = { ...traffic, id: 'tram-stop', label: 'Tram stop' };
    expect(localizeType(other, 'da').label).toBe('Tram stop');
  });
});

describe('the provenance note', () => {
  const air = JSON.parse(readFileSync(join(__dirname, '../../../assets/sensor-types/citypulse-air-index.json'), 'utf8')) as SensorType;
  it('is in Danish for the shipped CityPulse type, the document\u2019s own otherwise', () => {
    expect(localizeType(air, 'da').provenanceNote).toBe('CityPulse-simuleret indeks, ikke målinger');
    expect(localizeType({ ...air, provenanceNote: 'Our own note' }, 'da').provenanceNote).toBe('Our own note');
    expect(localizeType(traffic, 'da').provenanceNote).toBe(traffic.provenanceNote);
  });
});
