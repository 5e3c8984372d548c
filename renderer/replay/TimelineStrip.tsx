/** The timeline across the bottom of the window. PLACEHOLDER (issue 10, helper 'timeline-ui' replaces it). */
import type { EngineClient } from '../../electron/engine/api';

export function TimelineStrip(_props: { client: EngineClient }) {
  return null;
}
