// Chromium (Debian's /usr/bin/chromium through playwright-core) against a headless-mode server whose engine
// runs a simulator profile in a child process (startServer's default carrier), for the renderer benchmark.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { startServer } from '../../src-main/server/server';
import type { RunningServer } from '../../src-main/server/server';
import { defaultSettings, SimulatorSourceSchema } from '../../src-shared/settings/schema';
import type { Settings } from '../../src-shared/settings/schema';
import type {} from '../../src-renderer/diagnostics';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The simulator knobs a renderer run varies. */
export interface SimulatorLoad {
  readonly stations: number;
  readonly ratePerStation: number;
  readonly speed: number;
}

/** A headless server plus one Chromium, cleaned up together. */
export interface RendererRig {
  readonly url: string;
  readonly browser: Browser;
  /** A 1920×1080 page at `path` (e.g. `/?select=…&span=…`), with a CDP session and its console errors. */
  open(path: string): Promise<{ page: Page; cdp: CDPSession; errors: string[] }>;
  close(): Promise<void>;
}

/** Build dist/renderer when it is missing (the server serves the built renderer). */
export function ensureRendererBuilt(): void {
  if (!existsSync(join(repoRoot, 'dist', 'renderer', 'index.html'))) execFileSync('npx', ['vite', 'build'], { cwd: repoRoot, stdio: 'inherit' });
}

function simulatorSettings(load: SimulatorLoad): Settings {
  const base = defaultSettings();
  const source = SimulatorSourceSchema.parse({ kind: 'simulator', stations: load.stations, ratePerStation: load.ratePerStation, speed: load.speed, seed: 11, outlierRate: 0 });
  return { ...base, activeProfileId: 'bench', profiles: [{ id: 'bench', name: 'Bench renderer', source, database: { kind: 'memory' } }] };
}

/** Start the server (memory store, no tokens on 127.0.0.1) and Chromium. */
export async function startRendererRig(load: SimulatorLoad): Promise<RendererRig> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sw-bench-renderer-'));
  let server: RunningServer | null = null;
  let browser: Browser | null = null;
  try {
    server = await startServer({ engineOptions: { settings: simulatorSettings(load), secrets: {}, dataDir, operator: 'bench' }, port: 0 });
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  } catch (error) {
    await server?.close().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  const running = server;
  const chrome = browser;
  return {
    url: running.url,
    browser: chrome,
    async open(path) {
      const context = await chrome.newContext({ viewport: { width: 1920, height: 1080 } });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
      const cdp = await context.newCDPSession(page);
      await cdp.send('Performance.enable');
      await page.goto(`${running.url}${path}`);
      await page.waitForFunction(() => window.stationwatchDiagnostics !== undefined);
      return { page, cdp, errors };
    },
    async close() {
      await chrome.close().catch(() => undefined);
      await running.close().catch(() => undefined);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The page's used JS heap in MiB (CDP Performance.getMetrics JSHeapUsedSize), optionally after a full GC. */
export async function usedHeapMb(cdp: CDPSession, collectGarbage: boolean): Promise<number> {
  if (collectGarbage) await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const used = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? Number.NaN;
  return used / 1_048_576;
}

/** Least-squares slope of y over x. */
export function slope(xs: readonly number[], ys: readonly number[]): number {
  const n = xs.length;
  if (n < 2) return Number.NaN;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (xs[i]! - mx) * (ys[i]! - my);
    den += (xs[i]! - mx) ** 2;
  }
  return den === 0 ? Number.NaN : num / den;
}
