/**
 * End-to-end (issue 9, items 3, 5 and 10): a supervisor designs an alarm in the no-code rule editor, in Debian's
 * Chromium against the real browser-mode host (embedded Aarhus demo feed at --speed 60, a fresh temp --db).
 *
 *   1. Supervisor mode is unlocked; a new rule on the traffic segments (speed below 40 % of normal, held 10 min). The
 *      quality step proposes to skip readings with no vehicle counted (`zero-vehicles`), with the registry's label;
 *      grouping offers the attributes the segments have.
 *   2. Publishing without a rationale is refused with a plain message, and each empty rationale field says it is
 *      required. The supervisor fills in cause, consequence, what to do and picks 15 minutes to respond: the priority
 *      line reads "Priority: High (warning, respond within 15 min)"; critical turns it Urgent, back to warning High.
 *   3. Delays and deadband: the proposal from the data is asked for on its own; it is shown (with its basis) or, while
 *      the engine cannot suggest yet, its error is said plainly. Nothing is filled in without the supervisor.
 *   4. Backtest: the load on the operator ("N alarms a day, M floods in the last …", peak per 10 minutes, chattering)
 *      beside the other results, equal to the engine's backtestRule over the same range.
 *   5. Publish asks first with that load ("This rule would have raised … Publish?"); Cancel keeps the form as it was;
 *      Publish again and confirm: the rules list shows the rule with its priority and what to do, and the engine's
 *      `rules` command holds it with the rationale and the quality choice as typed.
 *   6. No uncaught page errors, console errors, CSP violations or failed requests.
 *
 * Screenshots in test-results/: e2e-rule-rationale-group-quality.png, e2e-rule-rationale-form.png, e2e-rule-rationale-load.png,
 * e2e-rule-rationale-confirm.png, e2e-rule-rationale-published.png.
 *
 * The renderer must already be built (`npx vite build --mode e2e`).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BacktestResult, RuleSummary } from '../../electron/engine/api';
import { WAIT_MS, checkPrerequisites, engineCall, groupAlive, launchChromium, setSupervisorPassphrase, shoot, startHost, stopGroup, watchPage, type Host, type PageWatch } from './harness';

const SUPERVISOR = 'Sofie Supervisor';
const PASSPHRASE = 'correct horse battery staple';
const RULE_NAME = 'Congestion on a segment (e2e)';
const RULE_ID = 'congestion-on-a-segment-e2e';
const RATIONALE = {
  cause: 'A jam, an accident or road works on the segment',
  consequence: 'Queues spread to the ring road and buses run late',
  action: 'Check the traffic camera; if confirmed, call the traffic police and switch on the diversion sign',
  respondWithinMinutes: 15,
};

describe('rule rationale: a supervisor fills it in, backtests, sees the load, publishes through the confirmation', () => {
  let host: Host | null = null;
  let browser: Browser | null = null;
  let context: BrowserContext | null = null;
  let page: Page;
  let watch: PageWatch | null = null;
  const guard = <T,>(p: Promise<T>): Promise<T> => (watch ? watch.guard(p) : p);
  const text = async (testId: string): Promise<string> => ((await page.getByTestId(testId).textContent()) ?? '').replace(/\s+/g, ' ').trim();

  beforeAll(async () => {
    checkPrerequisites();
    const env = { ...process.env };
    delete env.CITYDESK_FEED_URL;
    delete env.CITYDESK_TOKEN;
    const dir = mkdtempSync(join(tmpdir(), 'citydesk-e2e-rationale-'));
    await setSupervisorPassphrase(join(dir, 'cache.db'), PASSPHRASE, SUPERVISOR);
    host = await startHost(['--db', join(dir, 'cache.db'), '--speed', '60'], env);
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
    page = await context.newPage();
    page.setDefaultTimeout(30_000);
    watch = await watchPage(page);
    await page.goto(host.url);
  });

  afterAll(async () => {
    try {
      await context?.close();
      await browser?.close();
    } catch {
      // the browser may already be gone
    }
    if (host) await stopGroup(host);
    if (host?.child.pid !== undefined) expect(groupAlive(host.child.pid), 'web host processes still running after stop').toBe(false);
  });

  it('designs, backtests and publishes a rule with its rationale', async () => {
    await guard(page.waitForFunction(() => window.__citydesk?.mapLoaded === true, null, { timeout: WAIT_MS }));
    // The warm-up history must be cached for the backtest to say something.
    await expect.poll(async () => (await engineCall<{ status: { cache: { oldest: number | null } } }>(host!.port, 'snapshot', {})).status.cache.oldest !== null, { timeout: 60_000 }).toBe(true);

    // Supervisor mode.
    await page.getByTestId('operator-name').click();
    await page.getByTestId('operator-name-input').fill(SUPERVISOR);
    await page.getByTestId('operator-name-save').click();
    await expect.poll(() => page.getByTestId('supervisor-mode').isEnabled(), { timeout: 30_000 }).toBe(true);
    await page.getByTestId('supervisor-mode').click();
    await page.getByTestId('supervisor-passphrase').fill(PASSPHRASE);
    await page.getByTestId('supervisor-submit').click();
    await expect.poll(async () => (await page.getByTestId('session-role').textContent())?.trim(), { timeout: 15_000 }).toBe('Supervisor');

    // 1. A new rule on the traffic segments.
    await page.getByTestId('tab-rules').click();
    await page.getByTestId('rule-new').click();
    await page.getByTestId('rule-editor').waitFor();
    await page.getByTestId('rule-name').fill(RULE_NAME);
    expect(await page.getByTestId('rule-id').inputValue()).toBe(RULE_ID);
    await page.getByTestId('rule-kind').selectOption('traffic');
    await page.getByTestId('rule-condition-type').selectOption('sustained');
    await page.getByTestId('rule-inner-type').selectOption('threshold');
    await page.getByTestId('rule-metric').selectOption('speedRatioPct');
    await page.getByTestId('rule-op').selectOption('<');
    await page.getByTestId('rule-value').fill('40');
    await page.getByTestId('rule-minutes').fill('10');
    // Quality: no vehicle counted is skipped by default, under the registry's label.
    const zeroVehicles = page.locator('[data-testid=rule-quality-flag][data-flag=zero-vehicles]');
    expect(await zeroVehicles.getAttribute('data-choice')).toBe('skip');
    expect(await zeroVehicles.textContent()).toContain('No vehicles detected in this interval');
    expect(await page.getByTestId('rule-quality-zero-vehicles-skip').isChecked()).toBe(true);
    // Grouping: the attributes the traffic segments have are offered (with how many values); back to one per sensor.
    await page.getByTestId('rule-group-by').selectOption('attribute');
    const attributes = await page.getByTestId('rule-group-attribute').locator('option').allTextContents();
    expect(attributes.some((o) => /^roadType \(\d+ values? on \d+ sensors?\)$/.test(o)), attributes.join(' | ')).toBe(true);
    await page.getByTestId('rule-group-attribute').selectOption('roadType');
    await page.getByTestId('rule-grouping').scrollIntoViewIfNeeded();
    await shoot(page, 'e2e-rule-rationale-group-quality.png');
    await page.getByTestId('rule-group-by').selectOption('none');
    const validation = page.getByTestId('rule-validation');
    await expect.poll(() => validation.getAttribute('data-state'), { timeout: 15_000 }).toBe('ok');

    // 2. Publishing without a rationale is refused, plainly.
    expect(await text('rule-rationale-note')).toContain('To publish, fill in the rationale');
    await page.getByTestId('rule-publish').click();
    expect(await text('publish-error')).toBe('Fill in the rationale before publishing: the cause, the consequence, what the operator should do and the time to respond.');
    expect(await text('error-rationale.cause')).toBe('required before publishing: say the cause');
    expect(await text('error-rationale.action')).toBe('required before publishing: say what the operator should do');
    expect(await text('error-rationale.respondWithinMinutes')).toBe('required before publishing: say the time to respond');
    expect(await page.getByTestId('publish-confirm').count()).toBe(0);

    // The rationale, and the priority it gives, live.
    await page.getByTestId('rule-cause').fill(RATIONALE.cause);
    await page.getByTestId('rule-consequence').fill(RATIONALE.consequence);
    await page.getByTestId('rule-action').fill(RATIONALE.action);
    expect(await text('rule-priority')).toBe('Priority: Medium (warning, respond within 1 h, the default for a warning until you choose)');
    await page.getByTestId('rule-respond-15').click();
    expect(await page.getByTestId('rule-respond').inputValue()).toBe('15');
    expect(await text('rule-priority')).toBe('Priority: High (warning, respond within 15 min)');
    await page.getByTestId('rule-severity').selectOption('critical');
    expect(await text('rule-priority')).toBe('Priority: Urgent (critical, respond within 15 min)');
    await page.getByTestId('rule-severity').selectOption('warning');
    expect(await text('rule-priority')).toBe('Priority: High (warning, respond within 15 min)');
    expect(await page.getByTestId('error-rationale.cause').count()).toBe(0);
    await expect.poll(() => validation.getAttribute('data-state'), { timeout: 15_000 }).toBe('ok');
    expect(await page.getByTestId('rule-rationale-note').count()).toBe(0);

    // 3. Delays and deadband: the proposal from the data is asked for on its own; shown, or its error said plainly.
    await expect
      .poll(async () => ((await page.getByTestId('rule-suggestion').count()) > 0 ? 'suggestion' : (await page.getByTestId('rule-suggest-error').count()) > 0 ? 'error' : 'waiting'), { timeout: 30_000 })
      .not.toBe('waiting');
    if ((await page.getByTestId('rule-suggest-error').count()) > 0) {
      expect(await text('rule-suggest-error')).toMatch(/^Suggestions from the data are not available on this desk yet: .+|^Could not suggest from the data: .+/);
    } else {
      expect(await page.getByTestId('rule-suggestion').textContent()).toMatch(/On-delay|Off-delay|Deadband|no figure/);
    }
    // Nothing was filled in without the supervisor.
    expect(await page.getByTestId('rule-hysteresis').inputValue()).toBe('');
    expect(await page.getByTestId('rule-min-clear').inputValue()).toBe('');
    expect(await page.getByTestId('rule-minutes').inputValue()).toBe('10');
    await page.getByTestId('rule-step-rationale').scrollIntoViewIfNeeded();
    await shoot(page, 'e2e-rule-rationale-form.png');

    // The JSON the form built.
    await page.getByTestId('rule-editor').getByRole('button', { name: /Rule JSON/ }).click();
    const ruleJson = JSON.parse((await page.getByTestId('rule-json-view').textContent()) ?? '') as Record<string, unknown>;
    expect(ruleJson).toEqual({
      schema: 1,
      id: RULE_ID,
      name: RULE_NAME,
      enabled: true,
      severity: 'warning',
      kind: 'traffic',
      scope: { type: 'kind' },
      condition: { type: 'sustained', minutes: 10, condition: { type: 'threshold', metric: 'speedRatioPct', op: '<', value: 40 } },
      rationale: RATIONALE,
      quality: { skip: ['zero-vehicles'] },
      subject: 'sensor',
    });

    // 4. Backtest: the load, equal to the engine's for the same rule over the same range.
    await page.getByTestId('rule-backtest').click();
    const load = page.getByTestId('backtest-load');
    await guard(load.waitFor({ timeout: 120_000 }));
    const section = page.getByTestId('backtest');
    const from = Number(await section.getAttribute('data-from'));
    const to = Number(await section.getAttribute('data-to'));
    const engine = await engineCall<BacktestResult>(host!.port, 'backtestRule', { rule: ruleJson, from, to });
    const loadText = await text('backtest-load');
    console.log('[e2e] load', loadText, '| engine:', engine.load);
    expect(await text('backtest-load-summary')).toBe(engine.load.summary);
    expect(engine.load.summary).toMatch(/^[\d.]+ alarms? a day, \d+ floods? in the last /);
    expect(loadText).toContain(`Peak: ${engine.load.peakPerTenMinutes.toLocaleString('en-GB')} new alarm`);
    expect(loadText).toContain('Chattering: ');
    expect(Number(await load.getAttribute('data-floods'))).toBe(engine.load.floods);
    await load.scrollIntoViewIfNeeded();
    await shoot(page, 'e2e-rule-rationale-load.png');

    // 5. Publish asks first, with the load; Cancel keeps the form.
    await page.getByTestId('rule-publish').click();
    const confirm = page.getByTestId('publish-confirm');
    await confirm.waitFor();
    const question = await text('publish-question');
    expect(question).toBe(`This rule would have raised ${engine.load.summary}${engine.load.peakPerTenMinutes > 0 ? ` (at most ${engine.load.peakPerTenMinutes} in 10 minutes)` : ''}. Publish?`);
    await confirm.scrollIntoViewIfNeeded();
    await shoot(page, 'e2e-rule-rationale-confirm.png');
    await page.getByTestId('publish-confirm-cancel').click();
    await confirm.waitFor({ state: 'detached' });
    expect(await page.getByTestId('rule-editor').isVisible()).toBe(true);
    expect(await page.getByTestId('rule-action').inputValue()).toBe(RATIONALE.action);
    expect(await page.getByTestId('rule-name').inputValue()).toBe(RULE_NAME);
    expect((await engineCall<RuleSummary[]>(host!.port, 'rules', {})).some((r) => r.id === RULE_ID), 'not published after Cancel').toBe(false);

    // Publish again (the backtest is still current: no new run) and confirm.
    await page.getByTestId('rule-publish').click();
    await confirm.waitFor();
    expect(await text('publish-question')).toBe(question);
    await page.getByTestId('publish-confirm-yes').click();
    await page.getByTestId('rule-editor').waitFor({ state: 'detached' });
    const row = page.locator(`[data-testid=rule-row][data-rule-id="${RULE_ID}"]`);
    await row.waitFor();
    expect(((await row.getByTestId('rule-rationale-summary').textContent()) ?? '').trim()).toBe(`High · ${RATIONALE.action}`);
    await row.scrollIntoViewIfNeeded();
    await shoot(page, 'e2e-rule-rationale-published.png');

    // The engine holds it with the rationale and the quality choice.
    const mine = (await engineCall<RuleSummary[]>(host!.port, 'rules', {})).find((r) => r.id === RULE_ID);
    expect(mine, 'rule in the engine').toBeDefined();
    expect({ version: mine!.version, author: mine!.author }).toEqual({ version: 1, author: SUPERVISOR });
    expect(mine!.rule!.rationale).toEqual(RATIONALE);
    expect(mine!.rule!.quality).toEqual({ skip: ['zero-vehicles'] });
    const { version: _v, ...stored } = mine!.rule!;
    expect(stored).toEqual(ruleJson);

    // 6. A clean page.
    expect(watch!.pageErrors).toEqual([]);
    expect(watch!.consoleErrors).toEqual([]);
    expect(watch!.cspViolations).toEqual([]);
    expect(watch!.badRequests).toEqual([]);
  });
});
