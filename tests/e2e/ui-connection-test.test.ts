/**
 * The settings dialog's inputs and "Test connection" end to end: the built renderer in Debian's Chromium
 * against the real `serve` command. A broker list is parsed entry by entry (each refused entry named with
 * its reason) and a PostgreSQL URL without scheme is refused, and while either is wrong neither Test
 * connection nor Save can be pressed. The test shows the source's layers and the database's: every broker,
 * and a PostgreSQL database on a closed port of 127.0.0.1 and on the real server (127.0.0.1:5432).
 * Any console error fails the run.
 */
import { createServer } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, isPostgresAvailable } from '../helpers/postgres';
import type { TestDatabase } from '../helpers/postgres';
import { openChromiumPage } from './helpers/chromium';
import { ensureRendererBuilt } from './helpers/renderer-build';
import { startServeProcess } from './helpers/serve-process';
import type { ServeProcess } from './helpers/serve-process';

const SERVE_ARGS = ['--port', '0', '--database', 'memory', '--stations', '6', '--seed', '7', '--no-outliers'];
const byTestId = (id: string): string => `[data-testid="${id}"]`;
/** Outside CI without PostgreSQL the last case skips, loudly (tests/helpers/postgres.ts); with CI=true it never does. */
const hasPostgres = await isPostgresAvailable();

let server: ServeProcess;
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];

async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as { port: number }).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** "testid:ok" (with the step's target, when it has one) of each step with the prefix, in order. */
async function steps(prefix: string): Promise<string[]> {
  return page.locator(`[data-testid^="${prefix}-"]`).evaluateAll((els) => els.map((el) => `${el.getAttribute('data-target') ?? ''} ${el.getAttribute('data-testid')}:${el.getAttribute('data-ok')}`.trim()));
}

async function runTest(): Promise<void> {
  await page.click(byTestId('connection-test-run'));
  await page.waitForSelector(`${byTestId('connection-result')}[data-ok]`, { timeout: 60_000 });
}

async function isDisabled(testId: string): Promise<boolean> {
  return page.locator(byTestId(testId)).isDisabled();
}

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

describe('settings inputs and the layered connection test in Chromium against headless mode', () => {
  it('names each refused broker entry and blocks Test connection and Save until the list is valid', async () => {
    await page.selectOption(byTestId('source-kind'), 'kafka');
    await page.fill(byTestId('kafka-brokers'), 'kafka01, a:9092;b:9092 big:99999 127.0.0.1:9092');
    const errors = page.locator(byTestId('broker-error'));
    await expect.poll(async () => errors.allInnerTexts()).toEqual([
      '“kafka01”: Add the port, e.g. kafka01:9092',
      '“a:9092;b:9092”: Separate brokers with a comma or a space, not “;”',
      '“big:99999”: The port must be a number from 1 to 65535, not 99999',
    ]);
    expect(await page.locator(byTestId('kafka-brokers')).getAttribute('aria-invalid')).toBe('true');
    expect(await isDisabled('connection-test-run')).toBe(true);
    expect(await isDisabled('settings-save')).toBe(true);
    expect(await page.locator(byTestId('connection-test-blocked')).innerText()).toContain('Broker “kafka01”: Add the port');

    await page.fill(byTestId('kafka-brokers'), '127.0.0.1:9092 [::1]:9092');
    await expect.poll(async () => errors.count()).toBe(0);
    expect(await isDisabled('connection-test-run')).toBe(false);
    expect(await isDisabled('settings-save')).toBe(false);
  });

  it('tests every broker, each step naming its broker', async () => {
    const port = await closedPort();
    await page.fill(byTestId('kafka-brokers'), `kafka-9.stationwatch.invalid:9092, 127.0.0.1:${port}`);
    await runTest();
    expect(await page.locator(byTestId('connection-result')).getAttribute('data-ok')).toBe('false');
    expect(await steps('conn-step')).toEqual(['kafka-9.stationwatch.invalid:9092 conn-step-dns:false', `127.0.0.1:${port} conn-step-dns:true`, `127.0.0.1:${port} conn-step-tcp:false`]);
    // The new profile keeps the embedded database: its folder is checked beside the brokers.
    expect(await steps('conn-db-step')).toEqual(['conn-db-step-folder:true', 'conn-db-step-space:true']);
    await page.selectOption(byTestId('source-kind'), 'simulator');
  });

  it('refuses a PostgreSQL URL without scheme, and tests the database on a closed port down to TCP', async () => {
    await page.check(byTestId('db-postgres'));
    await page.fill(byTestId('db-url'), 'localhost:5432');
    await expect.poll(async () => page.locator(byTestId('db-url-error')).innerText()).toContain('“localhost:5432” has no scheme: a PostgreSQL URL starts with postgres:// or postgresql://');
    expect(await page.locator(byTestId('db-url')).getAttribute('aria-invalid')).toBe('true');
    expect(await isDisabled('connection-test-run')).toBe(true);
    expect(await isDisabled('settings-save')).toBe(true);

    const port = await closedPort();
    await page.fill(byTestId('db-url'), `postgres://stationwatch@127.0.0.1:${port}/stationwatch`);
    await expect.poll(async () => page.locator(byTestId('db-url-error')).count()).toBe(0);
    await runTest();
    expect(await page.locator(byTestId('connection-result')).getAttribute('data-ok')).toBe('false');
    expect(await steps('conn-step')).toEqual(['conn-step-read:true']);
    expect(await steps('conn-db-step')).toEqual(['conn-db-step-url:true', 'conn-db-step-dns:true', 'conn-db-step-tcp:false']);
    expect(await page.locator(`${byTestId('conn-db-step-tcp')} ${byTestId('conn-hint')}`).innerText()).toBe(`Nothing is listening on 127.0.0.1:${port}. Check the port number and that the database server is running.`);
    // Another URL: the result for the last one is no longer shown beside it (before, it stayed under the new URL).
    await page.fill(byTestId('db-url'), 'localhost:5432');
    await expect.poll(async () => page.locator(byTestId('connection-result')).count()).toBe(0);
    expect(await page.locator(byTestId('connection-test-outdated')).innerText()).toBe('The profile changed since the last test: test it again.');
  });

  it.skipIf(!hasPostgres)('passes every database layer against the real PostgreSQL server', async () => {
    const db: TestDatabase = await createTestDatabase('sw_e2e_conn');
    try {
      await page.fill(byTestId('db-url'), db.url);
      await runTest();
      expect(await steps('conn-db-step')).toEqual(['url', 'dns', 'tcp', 'login', 'version', 'permissions', 'schema'].map((step) => `conn-db-step-${step}:true`));
      expect(await page.locator(byTestId('connection-result')).getAttribute('data-ok')).toBe('true');
    } finally {
      await page.click(byTestId('settings-close'));
      await db.drop();
    }
  });
});
