/**
 * The Health page end to end on real data: the built renderer in Debian's Chromium against the real
 * `serve` command consuming a real Kafka topic into a real PostgreSQL database (scripts/with-services.sh);
 * the test writes readings, a station that falls silent and malformed messages into the topic. The page must show the engine's own
 * figures — readings/s, lag per partition, the store queue, rejects by reason with their raw payloads —
 * and answer "why is station X silent?". Any console error fails the run.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../../src-shared/settings/default-rules';
import { connectWsClient } from '../helpers/ws-client';
import { createTopic, deleteTopic, produce, requireKafka } from '../helpers/kafka';
import type { KafkaTestEnv } from '../helpers/kafka';
import { createTestDatabase, isPostgresAvailable } from '../helpers/postgres';
import type { TestDatabase } from '../helpers/postgres';
import { startFeed } from './helpers/kafka-feed';
import type { KafkaFeed } from './helpers/kafka-feed';
import { startServeProcess } from './helpers/serve-process';
import type { ServeProcess } from './helpers/serve-process';
import { openChromiumPage } from './helpers/chromium';
import { ensureRendererBuilt } from './helpers/renderer-build';

const QUIET = 'st-quiet';
const LIVE = ['st-01', 'st-02', 'st-03'];
/** The station-stale rule at 5 s, so a silent station is silent within the test. */
const RULES = DEFAULT_RULES.map((rule) => (rule.kind === 'stale' ? { ...rule, name: 'Station silent for 5 s', afterMs: 5_000 } : rule));
const BAD_TIME = '{"station_id":"st-bad","ts":"yesterday","temperature":21}';
const NOT_JSON = 'not json {"station_id":"st-01"';

let kafka: KafkaTestEnv | null = null;
let database: TestDatabase | null = null;
let topic = '';
let dir = '';
let feed: KafkaFeed | null = null;
let server: ServeProcess | null = null;
let browser: Browser | null = null;
let page: Page;
const consoleErrors: string[] = [];
const byTestId = (id: string): string => `[data-testid="${id}"]`;
/** For what the page shows after one round trip to the engine; the 1 s default is tight on a busy 2-core machine. */
const SOON = { timeout: 5_000 };
const reading = (stationId: string, ts: number): { key: string; value: string } => ({ key: stationId, value: JSON.stringify({ station_id: stationId, ts: new Date(ts).toISOString(), temperature: 20 + (ts % 7), humidity: 55 }) });

/** Wait until the engine's store knows `stationId` (its first window is written), so the page lists it. */
async function untilRegistered(url: string, stationId: string, timeoutMs: number): Promise<void> {
  const client = await connectWsClient(url);
  try {
    for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 250))) {
      if ((await client.request('stations:list', {})).some((s) => s.id === stationId)) return;
    }
    throw new Error(`${stationId} was not registered within ${timeoutMs} ms`);
  } finally {
    await client.close();
  }
}

beforeAll(async () => {
  kafka = await requireKafka();
  if (kafka === null || !(await isPostgresAvailable())) {
    kafka = null;
    return;
  }
  database = await createTestDatabase('sw_ui_health');
  ensureRendererBuilt();
  topic = await createTopic(kafka, { prefix: 'sw-ui-health', partitions: 3 });
  // A minute of history for every station (so windows close and the stations are registered), then two bad messages.
  const now = Date.now();
  const history = [...LIVE, QUIET].flatMap((id) => Array.from({ length: 13 }, (_, i) => reading(id, now - 60_000 + i * 5_000)));
  await produce(kafka, topic, [...history, { key: 'st-bad', value: BAD_TIME }, { key: 'st-01', value: NOT_JSON }]);
  dir = mkdtempSync(join(tmpdir(), 'sw-ui-health-'));
  const source = { kind: 'kafka', brokers: kafka.brokers.split(','), topics: [topic], groupId: `${topic}-group`, start: 'earliest' };
  writeFileSync(join(dir, 'settings.json'), JSON.stringify({ profiles: [{ id: 'e2e', name: 'e2e Kafka', source, database: { kind: 'postgres', url: database.url, ssl: false } }], activeProfileId: 'e2e', rules: RULES }));
  server = await startServeProcess(['--port', '0', '--config', join(dir, 'settings.json'), '--data-dir', dir]);
  // Readings keep arriving from the live stations, as from a real network; the quiet one has stopped.
  feed = startFeed(kafka, topic, (at) => LIVE.map((id) => reading(id, at)), 500);
  await untilRegistered(server.url, QUIET, 60_000);
  ({ browser, page } = await openChromiumPage({ width: 1920, height: 1080 }, consoleErrors));
  await page.goto(`${server.url}/`);
  await page.waitForSelector(`${byTestId('connection-state')}[data-state="open"]`);
  await page.click(byTestId('nav-health'));
});

afterEach(() => {
  expect(consoleErrors).toEqual([]);
});

afterAll(async () => {
  await browser?.close();
  await feed?.stop();
  await server?.stop();
  if (kafka !== null && topic !== '') await deleteTopic(kafka, topic);
  await database?.drop();
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

describe('Health page in Chromium against headless mode fed by a real Kafka topic', () => {
  it('shows the live rate, the source and store state, the store queue and the lag of every partition', async () => {
    if (kafka === null) return;
    const rate = page.locator(byTestId('health-rate'));
    await expect.poll(async () => Number(await rate.innerText()), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(await page.locator(`${byTestId('readings-per-sec')} .stat-value`).innerText()).not.toBe('0.0');
    const figures = await page.locator(`${byTestId('health-view')} .figures`).innerText();
    expect(figures).toMatch(/kafka: connected/);
    expect(figures).toMatch(/postgres: ok/);
    expect(await page.locator(byTestId('health-queue')).innerText()).toMatch(/^\d+ \/ [1-9]\d*$/);
    const lag = page.locator(`${byTestId('health-lag')} ${byTestId('lag-row')}`);
    await expect.poll(async () => lag.count(), { timeout: 15_000 }).toBe(3);
    const rows = await lag.evaluateAll((els) => els.map((el) => Array.from(el.querySelectorAll('td'), (td) => td.textContent)));
    expect(rows.map(([t, p]) => `${t}/${p}`).sort()).toEqual([0, 1, 2].map((p) => `${topic}/${p}`));
    expect(rows.every(([, , n]) => /^\d+$/.test(n ?? ''))).toBe(true);
  });

  it('counts rejected messages by reason and shows their raw payloads and positions, including one sent while watching', async () => {
    if (kafka === null) return;
    await expect.poll(async () => page.locator(`${byTestId('rejected-bad-time')} td`).allInnerTexts(), { timeout: 15_000 }).toEqual(['bad-time', '1']);
    expect(await page.locator(`${byTestId('rejected-not-json')} td`).allInnerTexts()).toEqual(['not-json', '1']);
    const samples = page.locator(byTestId('quarantine-row'));
    await expect.poll(async () => samples.count(), SOON).toBe(2);
    const badTime = await page.locator(`${byTestId('quarantine-row')}[data-reason="bad-time"]`).innerText();
    expect(badTime).toContain(BAD_TIME);
    expect(badTime).toContain('"yesterday"');
    expect(badTime).toMatch(new RegExp(`${topic}/\\d@\\d+`));
    expect(await page.locator(`${byTestId('quarantine-row')}[data-reason="not-json"]`).innerText()).toContain(NOT_JSON);

    // A message with no numeric metric arrives now: the count appears by itself, the sample on Refresh.
    const noMetric = JSON.stringify({ station_id: 'st-02', ts: new Date().toISOString(), temperature: 'hot' });
    await produce(kafka, topic, [{ key: 'st-02', value: noMetric }]);
    await expect.poll(async () => page.locator(`${byTestId('rejected-no-metric')} td`).allInnerTexts(), { timeout: 15_000 }).toEqual(['no-metric', '1']);
    await page.click(byTestId('quarantine-refresh'));
    await expect.poll(async () => page.locator(`${byTestId('quarantine-row')}[data-reason="no-metric"]`).innerText(), SOON).toContain(noMetric);
    expect(await samples.count()).toBe(3);
  });

  it('answers why a station is silent, and that a live one is reporting', async () => {
    if (kafka === null) return;
    await page.selectOption(byTestId('silent-station-pick'), QUIET);
    const answer = page.locator(byTestId('silent-answer'));
    // The engine's stale rule (5 s, wall clock) raises its alarm, which the answer names.
    await expect.poll(async () => answer.innerText(), { timeout: 20_000 }).toContain('Open alarm: Station silent for 5 s: no data for');
    const text = await answer.innerText();
    expect(text).toContain('· silent');
    expect(text).toMatch(/3 messages were rejected by the decoder/);

    await page.selectOption(byTestId('silent-station-pick'), LIVE[0] as string);
    await expect.poll(async () => answer.innerText(), SOON).toContain('· reporting');
    expect(await answer.innerText()).not.toContain('Open alarm');
  });
});
