import { describe, expect, it } from 'vitest';
import { seekTo } from '../../../renderer/replay/Timeline';
import { appStore } from '../../../renderer/store';

const FROM = Date.UTC(2014, 7, 1, 0, 0);
const TO = FROM + 7 * 86_400_000;
const bounds = { from: FROM, to: TO };

describe('seeking from the timeline', () => {
  it('enters replay from live, within the data; later clicks seek; a mark focuses its alarm', () => {
    expect(appStore.getState().replay).toBeNull();
    seekTo(TO + 3_600_000, bounds); // past the live edge: at the live edge
    expect(appStore.getState().replay?.at).toBe(TO);
    expect(appStore.getState().timelineOpen).toBe(true);
    seekTo(FROM - 1, bounds); // before the oldest data: at the oldest
    expect(appStore.getState().replay?.at).toBe(FROM);
    seekTo(FROM + 1234.4, bounds);
    expect(appStore.getState().replay?.at).toBe(FROM + 1234);
    expect(appStore.getState().replay?.focusAlarmId).toBeNull();
    seekTo(FROM + 5000, bounds, 'full|car-park:1|123');
    expect(appStore.getState().replay?.focusAlarmId).toBe('full|car-park:1|123');
    expect(appStore.getState().replay?.at).toBe(FROM + 5000);
  });
});
