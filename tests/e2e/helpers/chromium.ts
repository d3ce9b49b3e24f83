/**
 * Debian's Chromium for end-to-end tests, driven by playwright-core: the flags these machines need
 * (no sandbox as root; no background networking, which the closed network refuses many times a second),
 * software rendering, and every console error or uncaught page error collected, so a test can fail on it.
 */
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-background-networking', '--disable-gpu', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** Launch Chromium with one page of `viewport`; console errors and page errors are pushed to `consoleErrors`. */
export async function openChromiumPage(viewport: { readonly width: number; readonly height: number }, consoleErrors: string[], options: { readonly acceptDownloads?: boolean } = {}): Promise<{ browser: Browser; page: Page }> {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const page = await (await browser.newContext({ viewport, acceptDownloads: options.acceptDownloads ?? false })).newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(`pageerror: ${error.message}`));
  return { browser, page };
}
