/**
 * Where a sensor type's numbers come from, in an operator's words (simulated and modelled values are never passed off
 * as measurements): one wording for the tooltip, the legend, the sensor panel and the rule editor.
 */
import type { Provenance, SensorType } from '../../electron/shared/sensor-types/types';
import { t } from '../i18n/i18n';

/** The words for each provenance, in the current language. */
export function provenanceText(p: Provenance): string {
  return t(p === 'measured' ? 'map.measured' : p === 'modelled' ? 'map.modelled' : 'map.simulated');
}

/** The same words by provenance (read in the current language when used). */
export const PROVENANCE_TEXT: Readonly<Record<Provenance, string>> = {
  get measured() {
    return provenanceText('measured');
  },
  get modelled() {
    return provenanceText('modelled');
  },
  get simulated() {
    return provenanceText('simulated');
  },
};

export interface ProvenanceText {
  kind: Provenance;
  text: string;
  note: string | null;
}

export function provenanceOf(type: Pick<SensorType, 'provenance' | 'provenanceNote'>): ProvenanceText {
  return { kind: type.provenance, text: provenanceText(type.provenance), note: type.provenanceNote ?? null };
}
