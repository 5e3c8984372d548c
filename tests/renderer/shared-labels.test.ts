/**
 * The shared tables the renderer shows (electron/shared/labels.ts, severity.ts, bridge.ts): one source for both sides.
 */
import { describe, expect, it } from 'vitest';
import { ENGINE_PORT_CHANNEL, ENGINE_PORT_REQUEST, isMessageOfType } from '../../electron/shared/bridge';
import { FRESHNESS_TEXT, REJECT_TEXT, rejectText } from '../../electron/shared/labels';
import { STALE_GRACE_FACTOR } from '../../electron/shared/model';
import { SEVERITIES, SEVERITY_LABEL, SEVERITY_ORDER, SEVERITY_RANK } from '../../electron/shared/severity';
import { SEVERITY_RANK as SCHEMA_SEVERITY_RANK } from '../../electron/engine/rules/schema';

describe('shared labels', () => {
  it('has human text for every freshness', () => {
    expect(FRESHNESS_TEXT.stale).toContain(`${STALE_GRACE_FACTOR} ×`);
    expect(Object.values(FRESHNESS_TEXT).every((t) => t.length > 3)).toBe(true);
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
