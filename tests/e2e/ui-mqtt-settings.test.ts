/**
 * The settings dialog's MQTT source end to end: the built renderer in Debian's Chromium against the real
 * `serve` command. A broker typed as a URL is refused in words and blocks Test connection and Save; the
 * layered test against the machine's Mosquitto (127.0.0.1:1883) passes DNS, TCP, login and subscribe.
 * Any console error fails the run.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openChromiumPage } from './helpers/chromium';
import { ensureRendererBuilt } from './helpers/renderer-build';
import { startServeProcess } from './helpers/serve-process';
import type { ServeProcess } from './helpers/serve-process';
import { mqttToolsMissing } from '../integration/mqtt-harness';

const SERVE_ARGS = ['--port', '0', '--database', 'memory', '--stations', '6', '--seed', '7', '--no-outliers'];
const MACHINE_BROKER = process.env.MQTT_BROKER ?? '127.0.0.1:1883';
const byTestId = (id: string): string => `[data-testid="${id}"]`;
const missingTools = mqttToolsMissing();

let server: ServeProcess;
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];

async function steps(prefix: string): Promise<string[]> {
  return page.locator(`[data-testid^="${prefix}-"]`).evaluateAll((els) => els.map((el) => `${el.getAttribute('data-testid')}:${el.getAttribute('data-ok')}`));
}

describe.skipIf(missingTools !== null)('MQTT source in the settings dialog, in Chromium against headless mode', () => {
  beforeAll(async () => {
    ensureRendererBuilt();
    server = await startServeProcess(SERVE_ARGS);
    ({ browser, page } = await openChromiumPage({ width: 1600, height: 1000 }, consoleErrors));
    await page.goto(`${server.url}/`);
    await page.waitForSelector(`${byTestId('connection-state')}[data-state="open"]`);
    await page.click(byTestId('nav-settings'));
    await page.waitForSelector(byTestId('settings-dialog'));
    await page.click(byTestId('profile-add'));
  });

  afterEach(() => {
    expect(consoleErrors).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('refuses a broker typed as a URL, in words, and blocks Test connection and Save', async () => {
    await page.selectOption(byTestId('source-kind'), 'mqtt');
    expect(await page.locator(byTestId('mqtt-subscriptions')).inputValue()).toBe('city/+/readings');
    await page.fill(byTestId('mqtt-broker'), 'mqtt://broker.invalid:1883');
    await expect.poll(async () => page.locator(byTestId('mqtt-error')).innerText()).toContain('Leave out the “mqtt://” part');
    expect(await page.locator(byTestId('mqtt-broker')).getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator(byTestId('connection-test-run')).isDisabled()).toBe(true);
    expect(await page.locator(byTestId('settings-save')).isDisabled()).toBe(true);
    await page.fill(byTestId('mqtt-subscriptions'), 'city/#/readings');
    await page.fill(byTestId('mqtt-broker'), MACHINE_BROKER);
    await expect.poll(async () => page.locator(byTestId('mqtt-error')).innerText()).toContain('“#” must be a whole level and the last one');
    await page.fill(byTestId('mqtt-subscriptions'), 'city/+/readings');
    await expect.poll(async () => page.locator(byTestId('mqtt-error')).count()).toBe(0);
    expect(await page.locator(byTestId('connection-test-run')).isDisabled()).toBe(false);
  });

  it("passes every layer against the machine's Mosquitto", async () => {
    await page.click(byTestId('connection-test-run'));
    await page.waitForSelector(`${byTestId('connection-result')}[data-ok]`, { timeout: 60_000 });
    expect(await steps('conn-step')).toEqual(['dns', 'tcp', 'login', 'topic'].map((step) => `conn-step-${step}:true`));
    expect(await page.locator(byTestId('connection-result')).getAttribute('data-ok')).toBe('true');
  });
});
