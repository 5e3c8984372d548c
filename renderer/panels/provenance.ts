/**
 * Where a sensor type's numbers come from, in an operator's words (simulated and modelled values are never passed off
 * as measurements): one wording for the tooltip, the legend, the sensor panel and the rule editor.
 */
import type { Provenance, SensorType } from '../../electron/shared/sensor-types/types';

export const PROVENANCE_TEXT: Record<Provenance, string> = {
  measured: 'Measured',
  modelled: 'Modelled: estimates, not measurements',
  simulated: 'Simulated: generated values, not measurements',
};

export interface ProvenanceText {
  kind: Provenance;
  text: string;
  note: string | null;
}

export function provenanceOf(type: Pick<SensorType, 'provenance' | 'provenanceNote'>): ProvenanceText {
  return { kind: type.provenance, text: PROVENANCE_TEXT[type.provenance], note: type.provenanceNote ?? null };
}
