/**
 * The decoding preview end to end: the built renderer in Debian's Chromium against the real `serve`
 * command, a live Kafka topic fed with Python `str(dict)` messages by the real kcat (all keyed by the
 * gateway, the station under `sensor`). The admin makes a Kafka profile for the topic, previews it, sees
 * every row refused as not JSON and the python-dict suggestion, takes it (readings with units and "Kafka
 * record time"), fixes the station field, saves, and the dashboard shows the stations of the messages.
 * Any console error fails the run.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTopic, deleteTopic, requireKafka } from '../helpers/kafka';
import type { KafkaTestEnv } from '../helpers/kafka';
import { kcatProduceKeyed, toolMissing } from '../integration/shapes-harness';
import { openChromiumPage } from './helpers/chromium';
import { ensureRendererBuilt } from './helpers/renderer-build';
import { startServeProcess } from './helpers/serve-process';
import type { ServeProcess } from './helpers/serve-process';

const SERVE_ARGS = ['--port', '0', '--database', 'memory', '--stations', '4', '--seed', '7', '--no-outliers'];
const byTestId = (id: string): string => `[data-testid="${id}"]`;
const SLOW = { timeout: 60_000, interval: 250 };
const STATIONS = ['station_3fa9c1d2e', 'station_77b0e41aa', 'station_9c2d11f03'];
const GATEWAY = 'gateway-1';

const env = await requireKafka();
const missing = toolMissing('command -v kcat');
if (missing !== null) console.warn(`\n*** SKIPPING decoding preview e2e: ${missing}. ***\n`);

let server: ServeProcess | null = null;
let browser: Browser | null = null;
let page: Page;
let topic = '';
let feeding = false;
let feed: Promise<void> = Promise.resolve();
const consoleErrors: string[] = [];

/** One kcat run a second, one message per station, until stopped: a live topic. */
async function feedLoop(kafka: KafkaTestEnv): Promise<void> {
  let tick = 0;
  while (feeding) {
    const lines = STATIONS.map((station, i) => `${GATEWAY}:{'sensor': '${station}', 'temperature': ${(20 + i + (tick % 5) * 0.1).toFixed(1)}, 'humidity': ${50 + i}, 'ok': True, 'note': None}`);
    await kcatProduceKeyed(kafka.brokers, topic, lines);
    tick++;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

async function rowStates(): Promise<string[]> {
  return page.locator(byTestId('preview-row')).evaluateAll((rows) => rows.map((row) => row.getAttribute('data-ok') ?? ''));
}

/** The highest Kafka offset among the preview's rows ("<topic> / partition 0 @ <offset>"). */
async function newestOffset(): Promise<number> {
  const positions = await page.locator(`${byTestId('preview-row')} td:first-child .muted`).allInnerTexts();
  return Math.max(...positions.map((text) => Number(/@ (\d+)/.exec(text)?.[1] ?? -1)));
}

async function readingTexts(): Promise<string[]> {
  return page.locator(byTestId('preview-reading')).allInnerTexts();
}

describe.skipIf(env === null || missing !== null)('decoding preview in the settings dialog, in Chromium against headless mode', () => {
  beforeAll(async () => {
    ensureRendererBuilt();
    topic = await createTopic(env!, { partitions: 1, prefix: 'sw-ui-preview' });
    feeding = true;
    feed = feedLoop(env!);
    server = await startServeProcess(SERVE_ARGS);
    ({ browser, page } = await openChromiumPage({ width: 1600, height: 1100 }, consoleErrors));
    await page.goto(`${server.url}/`);
    await page.waitForSelector(`${byTestId('connection-state')}[data-state="open"]`);
  });

  afterEach(() => {
    expect(consoleErrors).toEqual([]);
  });

  afterAll(async () => {
    feeding = false;
    await feed.catch(() => undefined);
    await browser?.close();
    await server?.stop();
    if (env !== null && topic !== '') await deleteTopic(env, topic);
  });

  it('previews a live topic of Python dicts, takes the suggestion, fixes the station field, saves, and the dashboard shows the stations', async () => {
    await page.click(byTestId('nav-settings'));
    await page.waitForSelector(byTestId('settings-dialog'));
    await page.click(byTestId('profile-add'));
    await page.fill(byTestId('profile-name'), 'Python sensors (e2e)');
    await page.selectOption(byTestId('source-kind'), 'kafka');
    await page.fill(byTestId('kafka-brokers'), env!.brokers);
    await page.fill(byTestId('kafka-topic'), topic);
    await page.fill(byTestId('kafka-group'), `${topic}-group`);
    expect(await page.locator(byTestId('shape-preset')).inputValue()).toBe('stationwatch');

    // Our own JSON format refuses every message as not JSON, and the python-dict preset is suggested.
    await page.click(byTestId('preview-decoding'));
    await expect.poll(rowStates, SLOW).not.toEqual([]);
    expect(new Set(await rowStates())).toEqual(new Set(['false']));
    const rejections = await page.locator(byTestId('preview-rejection')).allInnerTexts();
    expect(rejections.every((text) => text.startsWith('not-json')), rejections.join('\n')).toBe(true);
    expect(await page.locator(byTestId('preview-summary')).innerText()).toMatch(/^0 of \d+ messages decode$/);
    const suggestion = await page.locator(byTestId('preview-suggestion')).innerText();
    expect(suggestion).toContain('python-dict');

    // Taking it: every row decodes, with units and the Kafka record time; the station is still the key.
    await page.click(byTestId('use-suggestion'));
    expect(await page.locator(byTestId('shape-preset')).inputValue()).toBe('python-dict');
    await expect.poll(async () => new Set(await rowStates()), SLOW).toEqual(new Set(['true']));
    const taken = await readingTexts();
    expect(taken.length).toBeGreaterThan(0);
    for (const text of taken) {
      expect(text).toContain('(Kafka record time)');
      expect(text).toMatch(/temperature \d+(\.\d+)? °C/);
      expect(text).toMatch(/humidity \d+ %/);
    }
    expect(new Set(taken.map((text) => text.split(' · ')[0]))).toEqual(new Set([GATEWAY]));

    // Fixing the station: a field of the message, first the default name (refused), then `sensor`.
    await page.selectOption(byTestId('shape-station-from'), 'field');
    await expect.poll(async () => new Set(await rowStates()), SLOW).toEqual(new Set(['false']));
    expect((await page.locator(byTestId('preview-rejection')).allInnerTexts()).every((text) => text.startsWith('no-station'))).toBe(true);
    await page.fill(byTestId('shape-station-path'), 'sensor');
    await expect.poll(async () => new Set(await rowStates()), SLOW).toEqual(new Set(['true']));
    const fixed = await readingTexts();
    expect(new Set(fixed.map((text) => text.split(' · ')[0]))).toEqual(new Set(STATIONS));

    // "Read again" reads the live topic afresh (a change of shape only re-decodes what was read): newer offsets show.
    const before = await newestOffset();
    await expect
      .poll(async () => {
        await page.click(byTestId('preview-decoding'));
        await page.waitForSelector(`${byTestId('preview-decoding')}:not([disabled])`);
        return newestOffset();
      }, { timeout: 20_000, interval: 1_000 })
      .toBeGreaterThan(before);

    // Saving and switching to the profile: the engine consumes the live topic with that shape.
    await page.click(byTestId('profile-activate'));
    await page.click(byTestId('settings-save'));
    const notice = page.locator(byTestId('settings-notice'));
    await notice.waitFor(SLOW);
    expect(await notice.innerText()).toBe('Saved. The engine restarted with profile “Python sensors (e2e)”.');
    await page.click(byTestId('settings-close'));
    await expect.poll(async () => page.locator(byTestId('source-state')).innerText(), SLOW).toBe('kafka: connected');
    const shown = async (id: string): Promise<number> => page.locator(`${byTestId(`unplaced-${id}`)}, ${byTestId(`station-marker-${id}`)}`).count();
    for (const station of STATIONS) await expect.poll(() => shown(station), SLOW).toBeGreaterThan(0);
    expect(await shown(GATEWAY)).toBe(0);
  }, 120_000);
});
