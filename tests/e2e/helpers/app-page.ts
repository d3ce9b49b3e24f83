/**
 * The usual end-to-end setup in one call: the built renderer, `npm run serve` with the given arguments,
 * and one Chromium page on it, connected; any console error fails the test it happened in; everything is
 * closed after the file. Registers vitest's hooks, so call it at the top level of a test file.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { openChromiumPage } from './chromium';
import { ensureRendererBuilt } from './renderer-build';
import { startServeProcess } from './serve-process';
import type { ServeProcess } from './serve-process';

/** `[data-testid="…"]`. */
export const byTestId = (id: string): string => `[data-testid="${id}"]`;

/** The server and page of a file, valid once its beforeAll ran. */
export interface AppPage {
  readonly server: ServeProcess;
  readonly page: Page;
  readonly consoleErrors: string[];
}

export interface AppPageOptions {
  readonly viewport?: { readonly width: number; readonly height: number };
  /** Extra environment for the server (tokens, an operators file). */
  readonly env?: NodeJS.ProcessEnv;
  /** The path opened first (default `/`), e.g. `/?token=…`. */
  readonly path?: string;
  /** Runs after the page connected (e.g. open a tab). */
  readonly ready?: (page: Page) => Promise<void>;
  /** Let the page download files (an export under test). */
  readonly acceptDownloads?: boolean;
}

/** Starts the server with `serveArgs` (or the arguments `serveArgs()` returns then) and opens a connected page. */
export function useAppPage(serveArgs: readonly string[] | (() => readonly string[]), options: AppPageOptions = {}): AppPage {
  let server: ServeProcess | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;
  const consoleErrors: string[] = [];
  beforeAll(async () => {
    ensureRendererBuilt();
    server = await startServeProcess(typeof serveArgs === 'function' ? serveArgs() : serveArgs, options.env ?? {});
    ({ browser, page } = await openChromiumPage(options.viewport ?? { width: 1600, height: 900 }, consoleErrors, { acceptDownloads: options.acceptDownloads ?? false }));
    await page.goto(`${server.url}${options.path ?? '/'}`);
    await page.waitForSelector(`${byTestId('connection-state')}[data-state="open"]`);
    await options.ready?.(page);
  });
  afterEach(() => {
    expect(consoleErrors).toEqual([]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
  return {
    get server() {
      return server!;
    },
    get page() {
      return page!;
    },
    consoleErrors,
  };
}
