/**
 * The control-room UI end to end: the built renderer (dist/renderer) in Debian's Chromium, driven by
 * playwright-core, against the real `serve` command with a seeded simulator (outliers off, memory
 * store, 10x speed, a heatwave at one station). Any console error fails the run. Screenshots of the
 * dashboard, the settings dialog and the history view are written to docs/screenshots/.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTopic, deleteTopic, produce, requireKafka } from '../helpers/kafka';
import { startServeProcess } from './helpers/serve-process';
import type { ServeProcess } from './helpers/serve-process';
import { openChromiumPage } from './helpers/chromium';
import { ensureRendererBuilt } from './helpers/renderer-build';

const root = join(import.meta.dirname, '..', '..');
const screenshots = join(root, 'docs', 'screenshots');
const HEAT_STATION = 'st-03';
const HEAT_ALARM = `temperature-high@${HEAT_STATION}`;
const SERVE_ARGS = ['--port', '0', '--database', 'memory', '--stations', '12', '--seed', '7', '--no-outliers', '--speed', '10', '--scenario', `heatwave:${HEAT_STATION}:20:3600`];

let server: ServeProcess;
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];

/** A port nothing listens on: bind an ephemeral port, then release it. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

const byTestId = (id: string): string => `[data-testid="${id}"]`;

beforeAll(async () => {
  ensureRendererBuilt();
  mkdirSync(screenshots, { recursive: true });
  server = await startServeProcess(SERVE_ARGS);
  ({ browser, page } = await openChromiumPage({ width: 1920, height: 1080 }, consoleErrors, { acceptDownloads: true }));
  await page.goto(`${server.url}/`);
});

afterEach(() => {
  expect(consoleErrors).toEqual([]);
});

afterAll(async () => {
  // The browser goes first, so the server's shutdown cannot show up as a console error.
  await browser?.close();
  await server?.stop();
});

describe('control-room UI in Chromium against headless mode', () => {
  it('shows the connection and updates the live charts', async () => {
    await page.waitForSelector(`${byTestId('connection-state')}[data-state="open"]`);
    const plot = page.locator(`${byTestId('chart-temperature')} .chart-plot`);
    await expect.poll(async () => Number(await plot.getAttribute('data-points')), { timeout: 15_000 }).toBeGreaterThan(0);
    const firstTs = Number(await plot.getAttribute('data-last-ts'));
    await expect.poll(async () => Number(await plot.getAttribute('data-last-ts')), { timeout: 10_000 }).toBeGreaterThan(firstTs);
    expect(await page.locator(`${byTestId('chart-grid')} canvas`).count()).toBeGreaterThanOrEqual(9);
  });

  it('a heatwave turns only that station red on the map and raises an alarm that can be acknowledged with a comment', async () => {
    const marker = page.locator(byTestId(`station-marker-${HEAT_STATION}`));
    // The heatwave (about 43 °C) passes the warning level (35 °C) and then the critical one (40 °C): red.
    await expect.poll(async () => marker.getAttribute('data-severity'), { timeout: 120_000, interval: 1000 }).toBe('critical');
    const severities = await page.locator('[data-testid^="station-marker-"]').evaluateAll((els) => els.map((el) => [el.getAttribute('data-testid'), el.getAttribute('data-severity')]));
    expect(severities.length).toBe(12);
    expect(severities.filter(([, severity]) => severity !== 'ok')).toEqual([[`station-marker-${HEAT_STATION}`, 'critical']]);
    // Red: the marker is drawn in the theme's critical colour (and carries the ◆ shape, so colour is not the only signal).
    const look = await marker.evaluate((el) => {
      const probe = document.createElement('span');
      probe.style.color = 'var(--critical)';
      document.body.append(probe);
      const critical = getComputedStyle(probe).color;
      probe.remove();
      const style = getComputedStyle(el);
      return { critical, colours: [style.backgroundColor, style.borderColor, style.color], text: el.textContent };
    });
    expect(look.critical).toBe('rgb(255, 77, 79)');
    expect(look.colours).toContain(look.critical);
    expect(look.text).toContain('◆');
    // Select the station for the charts, so the dashboard screenshot shows its line.
    await marker.click();
    await page.waitForSelector(byTestId('selected-stations'));

    const row = page.locator(`[data-alarm-ids~="${HEAT_ALARM}"]`);
    await expect.poll(async () => row.getAttribute('data-state')).toBe('unacknowledged');
    // "For" is read on the data's clock (the simulator runs ahead of the wall clock), so it grows.
    await expect.poll(async () => row.locator(byTestId('alarm-for')).innerText(), { timeout: 15_000 }).not.toBe('0 s');
    await page.mouse.move(1900, 1070);
    await page.waitForTimeout(2000);
    await page.screenshot({ path: join(screenshots, 'dashboard.png') });
    await row.click();
    await page.click(byTestId('alarm-ack'));
    await page.fill(byTestId('alarm-comment'), 'e2e: crew sent to check the sensor');
    await page.click(byTestId('alarm-dialog-confirm'));
    await expect.poll(async () => row.getAttribute('data-state')).toBe('acknowledged');

    await page.click(byTestId('nav-alarms'));
    await page.click(byTestId('alarms-tab-history'));
    await expect.poll(async () => page.locator(byTestId('alarm-history')).innerText(), { timeout: 10_000 }).toContain('e2e: crew sent to check the sensor');
    await page.click(byTestId('nav-dashboard'));
  });

  it('a shelved alarm leaves the active list and returns when its shelf expires', async () => {
    const row = page.locator(`[data-alarm-ids~="${HEAT_ALARM}"]`);
    await row.click();
    await page.click(byTestId('alarm-shelve'));
    await page.fill(byTestId('shelve-minutes'), '0.1');
    await page.fill(byTestId('alarm-comment'), 'e2e: shelved for six seconds');
    await page.click(byTestId('alarm-dialog-confirm'));
    await expect.poll(async () => row.count(), { timeout: 5000 }).toBe(0);
    await page.check(byTestId('alarm-show-shelved'));
    await expect.poll(async () => row.count()).toBe(1);
    await page.uncheck(byTestId('alarm-show-shelved'));
    await expect.poll(async () => row.count(), { timeout: 20_000 }).toBe(1);
    expect(await row.getAttribute('data-state')).toBe('acknowledged');
  });

  it('the settings dialog rejects an invalid broker list inline', async () => {
    await page.click(byTestId('nav-settings'));
    await page.waitForSelector(byTestId('settings-dialog'));
    await page.click(byTestId('profile-add'));
    await page.selectOption(byTestId('source-kind'), 'kafka');
    await page.fill(byTestId('kafka-brokers'), 'kafka-1, 127.0.0.1:9092');
    await expect.poll(async () => page.locator(byTestId('brokers-error')).innerText()).toContain('“kafka-1”: Add the port, e.g. kafka-1:9092');
    expect(await page.locator(byTestId('kafka-brokers')).getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator(byTestId('settings-save')).isDisabled()).toBe(true);
    await page.screenshot({ path: join(screenshots, 'settings.png') });
    await page.fill(byTestId('kafka-brokers'), 'kafka-1.city.local:9092, 127.0.0.1:9092');
    expect(await page.locator(byTestId('brokers-error')).count()).toBe(0);
    expect(await page.locator(byTestId('settings-save')).isDisabled()).toBe(false);
  });

  it('Test connection names the failing layer with a hint (TCP for a closed port, DNS for an unknown host) and passes against the real broker', async () => {
    try {
      await testConnectionLayers();
    } finally {
      // Cancel: the typed brokers are discarded without asking (Escape would ask first).
      await page.click(byTestId('settings-close'));
      await page.waitForSelector(byTestId('settings-dialog'), { state: 'detached' });
    }
  });

  async function testConnectionLayers(): Promise<void> {
    await page.fill(byTestId('kafka-brokers'), `127.0.0.1:${await closedPort()}`);
    await page.click(byTestId('connection-test-run'));
    const tcp = page.locator(byTestId('conn-step-tcp'));
    await expect.poll(async () => tcp.getAttribute('data-ok'), { timeout: 30_000 }).toBe('false');
    expect(await page.locator(`${byTestId('conn-step-tcp')} ${byTestId('conn-hint')}`).innerText()).not.toBe('');

    await page.fill(byTestId('kafka-brokers'), 'kafka.stationwatch.invalid:9092');
    await page.click(byTestId('connection-test-run'));
    const dns = page.locator(byTestId('conn-step-dns'));
    await expect.poll(async () => dns.getAttribute('data-ok'), { timeout: 30_000 }).toBe('false');
    expect(await page.locator(`${byTestId('conn-step-dns')} ${byTestId('conn-hint')}`).innerText()).not.toBe('');
    await page.screenshot({ path: join(screenshots, 'settings-connection-test.png') });

    // Success against the real broker (scripts/with-services.sh); outside CI without one, requireKafka says it skips.
    const kafka = await requireKafka();
    if (kafka === null) return;
    const topic = await createTopic(kafka, { prefix: 'sw-ui-e2e' });
    try {
      await produce(kafka, topic, [{ key: 'st-01', value: '{"station_id":"st-01","ts":"2026-01-01T00:00:00Z","temperature":21}' }]);
      await page.fill(byTestId('kafka-brokers'), kafka.brokers);
      await page.fill(byTestId('kafka-topic'), topic);
      await page.click(byTestId('connection-test-run'));
      const result = page.locator(byTestId('connection-result'));
      await expect.poll(async () => result.getAttribute('data-ok'), { timeout: 60_000 }).toBe('true');
      expect(await page.locator('[data-testid^="conn-step-"]').evaluateAll((els) => els.map((el) => `${el.getAttribute('data-testid')}:${el.getAttribute('data-ok')}`))).toEqual(
        ['dns', 'tcp', 'metadata', 'topic', 'read'].map((step) => `conn-step-${step}:true`),
      );
    } finally {
      await deleteTopic(kafka, topic);
    }
  }

  it('the history view returns data and exports it as CSV', async () => {
    await page.click(byTestId('nav-history'));
    await page.selectOption(byTestId('history-stations'), [HEAT_STATION, 'st-01']);
    await page.selectOption(byTestId('history-metric'), 'temperature');
    await page.click(byTestId('history-query'));
    const summary = page.locator(byTestId('history-summary'));
    await expect.poll(async () => Number(await summary.getAttribute('data-points')), { timeout: 15_000 }).toBeGreaterThan(0);
    await page.waitForSelector(`${byTestId('history-chart')} canvas`);
    expect(Number(await summary.getAttribute('data-to')) - Number(await summary.getAttribute('data-from'))).toBe(3_600_000);

    // Dragging across the newest tenth of the chart zooms in, which queries the store again.
    const box = await page.locator(`${byTestId('history-chart')} .u-over`).boundingBox();
    if (box === null) throw new Error('history chart has no plot area');
    await page.mouse.move(box.x + box.width * 0.9, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.999, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    await expect.poll(async () => Number(await summary.getAttribute('data-to')) - Number(await summary.getAttribute('data-from'))).toBeLessThan(400_000);
    await expect.poll(async () => Number(await summary.getAttribute('data-points'))).toBeGreaterThan(0);
    await page.screenshot({ path: join(screenshots, 'history.png') });

    const [download] = await Promise.all([page.waitForEvent('download'), page.click(byTestId('history-export'))]);
    const path = await download.path();
    const lines = readFileSync(path, 'utf8').trim().split('\r\n');
    expect(lines[0]).toMatch(/^station_id,time \(UTC\),local_time \([\w/+-]+\),metric,window_ms,mean \(°C\),min \(°C\),max \(°C\),count$/);
    expect(lines.length - 1).toBe(Number(await summary.getAttribute('data-points')));
    expect(lines.slice(1).every((line) => /^st-0[13],\d{4}-\d\d-\d\dT[\d:.]+Z,\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,temperature,\d+,[-\d.]+,/.test(line))).toBe(true);
    expect(lines.some((line) => line.startsWith(`${HEAT_STATION},`))).toBe(true);
  });
});
