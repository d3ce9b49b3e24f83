/**
 * Escalation end to end (issue 19): the built renderer in Debian's Chromium against the real `serve` on
 * PostgreSQL, with a heatwave at st-02 from the simulator. The operator sets up escalation in the settings
 * dialog — a webhook to a small HTTP receiver in this test and email to a real SMTP server (aiosmtpd), both
 * on 127.0.0.1, each tried with its "Send test" button, a pager webhook on a closed port, and a policy: after
 * 3 s to those three, after 30 s to a second webhook. Nobody acknowledges the critical heat alarm, so step 1
 * reaches the receiver and the SMTP server after the delay (the pager fails, in words); the operator sees the
 * deliveries in Alarms → Deliveries (checked against the
 * delivery log table in PostgreSQL), acknowledges, and step 2 never goes out. The settings section and the
 * delivery log are written to docs/screenshots/. Any console error fails the run.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, isPostgresAvailable, withPgClient } from '../helpers/postgres';
import type { TestDatabase } from '../helpers/postgres';
import { connectWsClient } from '../helpers/ws-client';
import type { WsClient } from '../helpers/ws-client';
import { closedPort, decodedMail, startHttpReceiver, startSmtpSink, waitUntil } from '../integration/escalation-harness';
import type { HttpReceiver, SmtpSink } from '../integration/escalation-harness';
import { byTestId, useAppPage } from './helpers/app-page';

const ALARM = 'temperature-extreme@st-02';
const heatRow = `[data-alarm-ids~="${ALARM}"]`;
const screenshots = join(import.meta.dirname, '..', '..', 'docs', 'screenshots');
const SOON = { timeout: 15_000, interval: 250 };
/** Step delays as typed in minutes, and as the planner counts them. */
const STEP_1_MS = 3_000;
const STEP_2_MS = 30_000;

let database: TestDatabase;
let receiver: HttpReceiver;
let smtp: SmtpSink;
let client: WsClient | null = null;
/** Where the offline pager channel points: a port on 127.0.0.1 nothing listens on. */
let pagerPort = 0;

beforeAll(async () => {
  if (!(await isPostgresAvailable())) throw new Error('PostgreSQL is needed: run under scripts/with-services.sh');
  database = await createTestDatabase('sw_e2e_escalation');
  receiver = await startHttpReceiver();
  smtp = await startSmtpSink();
  pagerPort = await closedPort();
}, 60_000);

// The heatwave starts 400 simulated seconds (40 s at 10×) after each engine start: after the save below restarts it.
const app = useAppPage(() => ['--port', '0', '--database', database.url, '--stations', '4', '--seed', '7', '--no-outliers', '--speed', '10', '--scenario', 'heatwave:st-02:400:7200'], { viewport: { width: 1400, height: 1000 } });

afterAll(async () => {
  await client?.close();
  await receiver?.close();
  await smtp?.close();
  await database?.drop();
});

/** Escalation posts (not test messages) for the heatwave alarm: step, channel (the idempotence key's last part), when received. */
function alarmPosts(): { step: number; target: string; at: number }[] {
  return receiver.posts
    .filter((p) => p.body.kind === 'stationwatch.alarm' && (p.body.alarm as { id: string }).id === ALARM)
    .map((p) => ({ step: (p.body.escalation as { step: number }).step, target: String(p.body.key).split('#').pop() ?? '', at: p.at }));
}

describe('escalation in the browser', () => {
  it('sets up channels and a policy in the settings dialog, with plain-words checks and working test buttons', async () => {
    const { page } = app;
    await page.click(byTestId('nav-settings'));
    await page.waitForSelector(byTestId('escalation-fields'));
    await page.click(byTestId('add-webhook'));
    await page.fill(byTestId('channel-0-name'), 'On call');
    await page.fill(byTestId('channel-0-id'), 'oncall');
    await page.fill(byTestId('channel-0-url'), 'hooks.invalid/stationwatch');
    // A wrong address is named in words under the field, and Save stays off until it is fixed.
    expect(await page.locator(byTestId('channel-0-url-error')).innerText()).toContain('The web address must start with http:// or https://.');
    expect(await page.locator(byTestId('settings-invalid')).innerText()).toContain('Escalation channel “On call”');
    expect(await page.locator(byTestId('settings-save')).isDisabled()).toBe(true);
    await page.fill(byTestId('channel-0-url'), receiver.url);
    expect(await page.locator(byTestId('channel-0-url-error')).count()).toBe(0);
    await page.click(byTestId('channel-0-test'));
    await expect.poll(() => page.locator(byTestId('channel-0-test-result')).getAttribute('data-ok'), SOON).toBe('true');
    expect(await page.locator(byTestId('channel-0-test-result')).innerText()).toContain(`was sent to ${receiver.url}`);
    expect(receiver.posts.map((p) => p.body.kind)).toEqual(['stationwatch.test']);

    await page.click(byTestId('add-email'));
    await page.fill(byTestId('channel-1-name'), 'Duty officer');
    await page.fill(byTestId('channel-1-id'), 'duty');
    await page.fill(byTestId('channel-1-host'), '127.0.0.1');
    await page.fill(byTestId('channel-1-port'), String(smtp.port));
    await page.selectOption(byTestId('channel-1-security'), 'none');
    await page.fill(byTestId('channel-1-from'), 'stationwatch@example.invalid');
    await page.fill(byTestId('channel-1-to'), 'duty@example.invalid, ');
    await page.click(byTestId('channel-1-test'));
    await expect.poll(() => page.locator(byTestId('channel-1-test-result')).getAttribute('data-ok'), SOON).toBe('true');
    await waitUntil(() => smtp.messages.length === 1, 10_000, 'the SMTP test message');
    expect(decodedMail(smtp.messages[0] ?? '')).toContain('Test message for channel “Duty officer”');

    await page.click(byTestId('add-webhook'));
    await page.fill(byTestId('channel-2-name'), 'Chief');
    await page.fill(byTestId('channel-2-id'), 'chief');
    await page.fill(byTestId('channel-2-url'), `${receiver.url}?chief`);
    // A pager that is down, tried once: its failure shows in the delivery log with the reason.
    await page.click(byTestId('add-webhook'));
    await page.fill(byTestId('channel-3-name'), 'Pager (offline)');
    await page.fill(byTestId('channel-3-id'), 'pager');
    await page.fill(byTestId('channel-3-url'), `http://127.0.0.1:${pagerPort}/page`);
    await page.fill(byTestId('channel-3-retries'), '0');

    // The new policy starts as the issue describes (on call after 5 min, the next channel after 15) and is tuned here.
    await page.click(byTestId('add-policy'));
    expect(await page.locator(byTestId('policy-0-step-0-minutes')).inputValue()).toBe('5');
    expect(await page.locator(byTestId('policy-0-step-1-minutes')).inputValue()).toBe('15');
    await page.fill(byTestId('policy-0-step-0-minutes'), String(STEP_1_MS / 60_000));
    await page.fill(byTestId('policy-0-step-1-minutes'), String(STEP_2_MS / 60_000));
    // Keyboard only: Space ticks and unticks the channels of a step.
    await page.focus(byTestId('policy-0-step-0-channel-duty'));
    await page.keyboard.press('Space');
    await page.focus(byTestId('policy-0-step-0-channel-pager'));
    await page.keyboard.press('Space');
    await page.focus(byTestId('policy-0-step-1-channel-duty'));
    await page.keyboard.press('Space');
    expect(await page.locator(byTestId('policy-0-step-1-channels-error')).innerText()).toContain('Choose at least one channel');
    await page.focus(byTestId('policy-0-step-1-channel-chief'));
    await page.keyboard.press('Space');
    expect(await page.locator(byTestId('policy-0-step-1-channels-error')).count()).toBe(0);
    // Quiet hours (critical alarms still go out during them, so this run's heat alarm escalates): a wrong time is named in words.
    await page.click(byTestId('policy-0-quiet-on'));
    await page.fill(byTestId('policy-0-quiet-start'), '25:00');
    expect(await page.locator(byTestId('policy-0-quiet-start-error')).innerText()).toContain('Use a 24-hour time such as 22:00.');
    await page.fill(byTestId('policy-0-quiet-start'), '22:00');
    expect(await page.locator(byTestId('policy-0-quiet-critical')).isChecked()).toBe(true);
    expect(await page.locator(byTestId('settings-invalid')).count()).toBe(0);
    // Tall enough that the dialog shows the whole section without scrolling, for the README's screenshot.
    await page.setViewportSize({ width: 1400, height: 2600 });
    await page.locator(byTestId('escalation-fields')).scrollIntoViewIfNeeded();
    await page.locator(byTestId('escalation-fields')).screenshot({ path: join(screenshots, 'escalation-settings.png') });
    await page.setViewportSize({ width: 1400, height: 1000 });

    await page.click(byTestId('settings-save'));
    await page.waitForSelector(byTestId('settings-notice'), { timeout: 30_000 });
    expect(await page.locator(byTestId('settings-notice')).innerText()).toContain('restarted');
    await page.click(byTestId('settings-close'));
  }, 90_000);

  it('escalates the unacknowledged heatwave alarm to the webhook and the SMTP server after the delay, shows the deliveries, and stops once acknowledged', async () => {
    const { page, server } = app;
    client = await connectWsClient(server.url);
    let raisedAt: number | null = null;
    client.subscribe('alarm:changed', ({ alarm }) => {
      if (alarm.id === ALARM && alarm.isActive && alarm.state === 'unacknowledged' && raisedAt === null) raisedAt = Date.now();
    });
    await waitUntil(() => alarmPosts().length >= 1, 120_000, 'the step-1 webhook for the heatwave alarm');
    await waitUntil(() => smtp.messages.some((m) => decodedMail(m).includes(ALARM)), 20_000, 'the step-1 email for the heatwave alarm');
    const first = alarmPosts()[0]!;
    expect(first).toMatchObject({ step: 1, target: 'oncall' });
    expect(raisedAt).not.toBeNull();
    // Not before the configured delay (the event reaches this client at most a tick before the engine's planner sees it).
    expect(first.at - (raisedAt ?? 0)).toBeGreaterThanOrEqual(STEP_1_MS - 200);
    const mail = decodedMail(smtp.messages.find((m) => decodedMail(m).includes(ALARM)) ?? '');
    expect(mail).toMatch(/^To: duty@example\.invalid/m);

    await page.click(byTestId('nav-alarms'));
    await page.click(byTestId('alarms-tab-deliveries'));
    const delivered = page.locator(`${byTestId('delivery-row')}[data-alarm-id="${ALARM}"][data-status="delivered"]`);
    await expect.poll(() => delivered.count(), SOON).toBe(2);
    await expect.poll(() => page.locator(`${byTestId('delivery-row')}[data-alarm-id="${ALARM}"]:not([data-status="sending"])`).count(), SOON).toBe(3);
    // The view shows what the delivery log table holds: PostgreSQL is the reference.
    const table = await readDeliveryTable(database.url);
    const shown = await page.locator(byTestId('delivery-row')).evaluateAll((rows) => rows.map((r) => `${r.getAttribute('data-alarm-id')}|${r.getAttribute('data-step')}|${r.getAttribute('data-channel-id')}|${r.getAttribute('data-status')}`).sort());
    expect(shown).toEqual(table.map((r) => `${r.alarm_id}|${r.step}|${r.channel_id}|${r.status}`).sort());
    expect(table.filter((r) => r.alarm_id === ALARM).map((r) => r.channel_id).sort()).toEqual(['duty', 'oncall', 'pager']);
    expect(await delivered.locator(byTestId('delivery-attempts')).allInnerTexts()).toEqual(['1', '1']);
    // The pager's failure, with the reason in words; the outcome filter finds it alone.
    await page.selectOption(byTestId('delivery-filter-outcome'), 'failed');
    await expect.poll(() => page.locator(byTestId('delivery-row')).count(), SOON).toBe(1);
    expect(await page.locator(byTestId('delivery-channel')).innerText()).toBe('Pager (offline)');
    expect(await page.locator(byTestId('delivery-error')).innerText()).toContain('connection refused');
    await page.selectOption(byTestId('delivery-filter-outcome'), 'all');
    // Filters: by channel, then by text.
    await page.selectOption(byTestId('delivery-filter-channel'), 'duty');
    await expect.poll(() => page.locator(byTestId('delivery-row')).count(), SOON).toBe(1);
    expect(await page.locator(byTestId('delivery-channel')).innerText()).toBe('Duty officer');
    await page.selectOption(byTestId('delivery-filter-channel'), 'all');
    await page.fill(byTestId('delivery-filter-text'), 'no such words');
    await expect.poll(() => page.locator(byTestId('delivery-empty')).innerText(), SOON).toBe('No delivery matches the filter.');
    await page.fill(byTestId('delivery-filter-text'), '');
    await page.locator(byTestId('delivery-filter-text')).blur();
    await page.mouse.move(1300, 900);
    await page.screenshot({ path: join(screenshots, 'delivery-log.png') });

    // The operator acknowledges before step 2 (30 s) falls due; step 2 never goes out.
    await page.click(byTestId('alarms-tab-active'));
    await page.click(heatRow);
    await page.click(byTestId('alarm-ack'));
    await page.waitForSelector(byTestId('alarm-dialog-ack'));
    await page.keyboard.type('e2e: heatwave, crews informed');
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => page.locator(heatRow).getAttribute('data-state'), SOON).toBe('acknowledged');
    const acknowledgedAt = Date.now();
    expect(acknowledgedAt - (raisedAt ?? 0)).toBeLessThan(STEP_2_MS);
    const waitUntilPastStep2 = (raisedAt ?? 0) + STEP_2_MS + 3_000 - Date.now();
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, waitUntilPastStep2)));
    expect(alarmPosts().map((p) => p.step)).toEqual([1]);
    expect((await readDeliveryTable(database.url)).filter((r) => r.alarm_id === ALARM).map((r) => r.step)).toEqual([1, 1, 1]);
  }, 180_000);
});

async function readDeliveryTable(url: string): Promise<{ alarm_id: string; step: number; channel_id: string; status: string }[]> {
  return withPgClient(url, async (db) => (await db.query<{ alarm_id: string; step: number; channel_id: string; status: string }>('SELECT alarm_id, step, channel_id, status FROM notification_deliveries ORDER BY created_at')).rows);
}
