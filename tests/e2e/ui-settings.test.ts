/**
 * One settings owner, end to end: the built renderer in Debian's Chromium against the real `serve`
 * command. What a user saves in the settings dialog is applied (the engine restarts on a new profile or
 * scenario, and the dialog says so), kept in the data directory across a server restart, and never takes
 * the rules saved on the Rules page with it. The Kafka case uses the test broker (scripts/with-services.sh).
 * Any console error fails the run.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTopic, deleteTopic, requireKafka } from '../helpers/kafka';
import type { KafkaTestEnv } from '../helpers/kafka';
import { openChromiumPage } from './helpers/chromium';
import { startFeed } from './helpers/kafka-feed';
import type { KafkaFeed } from './helpers/kafka-feed';
import { ensureRendererBuilt } from './helpers/renderer-build';
import { startServeProcess } from './helpers/serve-process';
import type { ServeProcess } from './helpers/serve-process';

const SIMULATOR_ARGS = ['--port', '0', '--database', 'memory', '--stations', '6', '--seed', '7', '--no-outliers'];
const byTestId = (id: string): string => `[data-testid="${id}"]`;
/** For what the page shows after a round trip, or an engine restart, on a busy 2-core machine. */
const RESTART = { timeout: 60_000, interval: 250 };

const consoleErrors: string[] = [];
let browser: Browser | null = null;
let page: Page;
let server: ServeProcess | null = null;

async function openApp(url: string): Promise<void> {
  await browser?.close();
  ({ browser, page } = await openChromiumPage({ width: 1600, height: 1000 }, consoleErrors));
  await page.goto(`${url}/`);
  await page.waitForSelector(`${byTestId('connection-state')}[data-state="open"]`);
}

/** Save the settings dialog and wait for what the save says (a restart, a secret to provide). */
async function saveAndReadNotice(): Promise<string> {
  await page.click(byTestId('settings-save'));
  const notice = page.locator(byTestId('settings-notice'));
  await notice.waitFor(RESTART);
  return notice.innerText();
}

async function openSettings(): Promise<void> {
  await page.click(byTestId('nav-settings'));
  await page.waitForSelector(byTestId('settings-dialog'));
}

beforeAll(() => {
  ensureRendererBuilt();
});

afterEach(async () => {
  // The browser goes first, so the server's shutdown cannot show up as a console error.
  await browser?.close();
  browser = null;
  await server?.stop();
  server = null;
  expect(consoleErrors.splice(0)).toEqual([]);
});

describe('settings dialog in Chromium against headless mode', () => {
  it('a heatwave scenario chosen in the dialog restarts the engine and its alarm appears', async () => {
    server = await startServeProcess([...SIMULATOR_ARGS, '--speed', '20']);
    await openApp(server.url);
    await openSettings();
    await page.selectOption(byTestId('sim-scenario'), 'heatwave');
    // Escape (or ×) with changes made asks first; Stay keeps them (before: the dialog closed and they were lost).
    await page.keyboard.press('Escape');
    await page.waitForSelector(byTestId('leave-dialog'));
    await page.click(byTestId('leave-stay'));
    await page.locator(byTestId('leave-dialog')).waitFor({ state: 'detached' });
    expect(await page.locator(byTestId('sim-scenario')).inputValue()).toBe('heatwave');
    await page.fill(byTestId('sim-target'), 'st-03');
    await page.fill(byTestId('sim-start'), '10');
    await page.fill(byTestId('sim-duration'), '3600');
    expect(await saveAndReadNotice()).toMatch(/The engine restarted with profile “[^”]+”\./);
    await page.click(byTestId('settings-close'));
    const row = page.locator('[data-alarm-ids~="temperature-high@st-03"]');
    await expect.poll(async () => row.count(), { timeout: 120_000, interval: 500 }).toBe(1);
  });

  it('a rule saved on the Rules page survives a theme change saved in the dialog, and a reload', async () => {
    server = await startServeProcess(SIMULATOR_ARGS);
    await openApp(server.url);
    await page.click(byTestId('nav-rules'));
    await page.click(byTestId('rule-add'));
    await page.locator(byTestId('rule-editor')).getByLabel('Name').fill('Heat kept by the rules page');
    await page.fill(byTestId('rule-level'), '45');
    await page.fill(byTestId('rule-clear-level'), '43');
    await page.click(byTestId('rule-apply'));
    await page.click(byTestId('rules-save'));
    await page.getByText('Rules saved and applied.').waitFor();
    const rule = page.locator('[data-testid^="rule-row-"]', { hasText: 'Heat kept by the rules page' });

    await openSettings();
    await page.selectOption(byTestId('theme'), 'light');
    await page.click(byTestId('settings-save'));
    // Nothing to say (no restart): the dialog closes.
    await page.waitForSelector(byTestId('settings-dialog'), { state: 'detached' });
    await expect.poll(async () => page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');

    await page.reload();
    await page.waitForSelector(`${byTestId('connection-state')}[data-state="open"]`);
    await page.click(byTestId('nav-rules'));
    await expect.poll(async () => rule.count(), { timeout: 10_000 }).toBe(1);
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
  });
});

describe('a Kafka profile saved in the dialog against the test broker', () => {
  const stations = ['st-k1', 'st-k2'];
  let kafka: KafkaTestEnv | null = null;
  let topic = '';
  let feed: KafkaFeed | null = null;
  let dir = '';

  beforeAll(async () => {
    kafka = await requireKafka();
    if (kafka === null) return;
    topic = await createTopic(kafka, { prefix: 'sw-ui-settings', partitions: 1 });
    const env = kafka;
    feed = startFeed(env, topic, (at) => stations.map((id) => ({ key: id, value: JSON.stringify({ station_id: id, ts: new Date(at).toISOString(), temperature: 21, humidity: 50 }) })), 500);
    dir = mkdtempSync(join(tmpdir(), 'sw-ui-settings-'));
  });

  afterAll(async () => {
    await feed?.stop();
    if (kafka !== null && topic !== '') await deleteTopic(kafka, topic);
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
  });

  /** The header's source figure shows Kafka consuming, and readings from the topic arrive. */
  async function expectKafkaInHeader(): Promise<void> {
    await expect.poll(async () => page.locator(byTestId('source-state')).innerText(), RESTART).toBe('kafka: connected');
    await expect.poll(async () => Number(await page.locator(`${byTestId('readings-per-sec')} .stat-value`).innerText()), RESTART).toBeGreaterThan(0);
  }

  it('restarts the engine on it, shows the Kafka source in the header, and keeps it after a server restart', async () => {
    if (kafka === null) return;
    server = await startServeProcess([...SIMULATOR_ARGS, '--data-dir', dir]);
    await openApp(server.url);
    await expect.poll(async () => page.locator(byTestId('source-state')).innerText(), RESTART).toBe('simulator: running');
    await openSettings();
    await page.fill(byTestId('profile-name'), 'City Kafka (e2e)');
    await page.selectOption(byTestId('source-kind'), 'kafka');
    await page.fill(byTestId('kafka-brokers'), kafka.brokers);
    await page.fill(byTestId('kafka-topic'), topic);
    await page.fill(byTestId('kafka-group'), `${topic}-group`);
    expect(await saveAndReadNotice()).toBe('Saved. The engine restarted with profile “City Kafka (e2e)”.');
    await page.click(byTestId('settings-close'));
    await expectKafkaInHeader();
    const saved = JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8')) as { profiles: { name: string; source: { kind: string; topics?: string[] } }[] };
    expect(saved.profiles.map((p) => [p.name, p.source.kind, p.source.topics])).toEqual([['City Kafka (e2e)', 'kafka', [topic]]]);

    // A new server process on the same data directory, without the simulator shortcuts: still Kafka.
    await browser?.close();
    browser = null;
    await server.stop();
    server = await startServeProcess(['--port', '0', '--data-dir', dir]);
    await openApp(server.url);
    await expectKafkaInHeader();
  });
});
