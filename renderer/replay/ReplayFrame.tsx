/**
 * The unmistakable REPLAY frame and clock, the way back to live, and the live critical alarm that interrupts a
 * replay. PLACEHOLDER (issue 10, helper 'replay-view' replaces it).
 */
import type { EngineClient } from '../../electron/engine/api';

export function ReplayFrame(_props: { client: EngineClient }) {
  return null;
}
