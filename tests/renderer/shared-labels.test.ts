/**
 * The shared tables the renderer shows (electron/shared/labels.ts, severity.ts, bridge.ts): one source for both sides.
 */
import { describe, expect, it } from 'vitest';
import { ENGINE_PORT_CHANNEL, ENGINE_PORT_REQUEST, isMessageOfType } from '../../electron/shared/bridge';
import { FRESHNESS_TEXT, KIND_LABELS, KIND_PLURAL, REJECT_TEXT, flagText, metricLabel, rejectText } from '../../electron/shared/labels';
import { METRIC_INFO, QUALITY_FLAGS, SENSOR_KINDS, STALE_GRACE_FACTOR } from '../../electron/shared/model';
import { SEVERITIES, SEVERITY_LABEL, SEVERITY_ORDER, SEVERITY_RANK } from '../../electron/shared/severity';
import { SEVERITY_RANK as SCHEMA_SEVERITY_RANK } from '../../electron/engine/rules/schema';

describe('shared labels', () => {
  it('names every metric with its unit, and an unknown metric as itself', () => {
    expect(metricLabel('avgSpeedKmh')).toEqual({ label: 'Average speed', unit: 'km/h' });
    for (const m of Object.keys(METRIC_INFO)) expect(metricLabel(m).label).not.toBe(m);
    expect(metricLabel('speedRatioPct')).toEqual({ label: 'speedRatioPct', unit: '' });
  });

  it('has human text for every quality flag, every kind and every freshness', () => {
    expect(Object.keys(QUALITY_FLAGS)).toHaveLength(6);
    for (const f of Object.keys(QUALITY_FLAGS)) expect(flagText(f)).toMatch(/ /);
    expect(flagText('new-flag')).toBe('new-flag');
    for (const k of SENSOR_KINDS) expect([KIND_LABELS[k], KIND_PLURAL[k]].every((t) => t.length > 3)).toBe(true);
    expect(FRESHNESS_TEXT.stale).toContain(`${STALE_GRACE_FACTOR} ×`);
  });

  it('says why a feed message was refused, and shows a reason it does not know as itself', () => {
    expect(rejectText('unknown-sensor')).toBe('unknown sensor');
    expect(Object.keys(REJECT_TEXT).every((r) => rejectText(r) !== r)).toBe(true);
    expect(rejectText('from-the-future')).toBe('from-the-future');
  });
});

describe('shared severity', () => {
  it('orders most severe first by the one rank, which the rules schema re-exports', () => {
    expect(SEVERITY_ORDER).toEqual(['critical', 'warning', 'info']);
    expect([...SEVERITY_ORDER].sort()).toEqual([...SEVERITIES].sort());
    expect(SCHEMA_SEVERITY_RANK).toBe(SEVERITY_RANK);
    expect(SEVERITY_LABEL.critical).toBe('Critical');
  });
});

describe('bridge messages', () => {
  it('recognises the engine-port messages by their exact type', () => {
    expect(isMessageOfType({ type: ENGINE_PORT_CHANNEL }, ENGINE_PORT_CHANNEL)).toBe(true);
    expect(isMessageOfType({ type: ENGINE_PORT_REQUEST }, ENGINE_PORT_CHANNEL)).toBe(false);
    expect(isMessageOfType(null, ENGINE_PORT_REQUEST)).toBe(false);
    expect(isMessageOfType('citydesk:engine-port-request', ENGINE_PORT_REQUEST)).toBe(false);
  });
});
