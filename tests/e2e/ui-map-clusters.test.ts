/**
 * The map at city scale, end to end: the real `serve` command with 2,000 simulated stations and a
 * heatwave at one of them, Debian's Chromium. Overlapping markers are clustered; every placed station is
 * either its own marker or counted in exactly one cluster; the cluster holding the heatwave station shows
 * the worst status inside it (a critical alarm, which the alarm list confirms independently), and
 * opening it (click, or Enter on the focused cluster) zooms in until the station's own marker shows the
 * alarm, also when the click comes while the map is still zooming (Leaflet drops a zoom asked for then).
 * The clustered map is written to docs/screenshots/map-clusters.png. Any console error fails the run.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { byTestId, useAppPage } from './helpers/app-page';

const STATIONS = 2000;
const HEAT_STATION = 'st-0007';
// The heatwave starts at once; at 20x the rules' pending time passes in about 2 s of wall time.
const SERVE_ARGS = ['--port', '0', '--database', 'memory', '--stations', String(STATIONS), '--seed', '7', '--no-outliers', '--speed', '20', '--scenario', `heatwave:${HEAT_STATION}:0:86400`];

const app = useAppPage(SERVE_ARGS, { viewport: { width: 1366, height: 768 } });

/** Markers and clusters on the map now. */
async function mapState(): Promise<{ markers: number; clusters: { status: string; count: number }[] }> {
  return app.page.evaluate(() => ({
    markers: document.querySelectorAll('[data-testid^="station-marker-"]').length,
    clusters: Array.from(document.querySelectorAll<HTMLElement>('[data-testid="station-cluster"]'), (c) => ({ status: c.dataset.status ?? '', count: Number(c.dataset.count) })),
  }));
}

describe('2,000 stations on the map in Chromium against headless mode', () => {
  it('clusters overlapping markers; each station is shown once, alone or counted in one cluster', async () => {
    await app.page.waitForFunction(() => document.querySelectorAll('[data-testid="station-cluster"]').length > 0, undefined, { timeout: 20_000 });
    const state = await mapState();
    expect(state.markers + state.clusters.reduce((sum, c) => sum + c.count, 0)).toBe(STATIONS);
    // One blob no more: far fewer things on the map than stations, and they do not cover each other.
    expect(state.markers + state.clusters.length).toBeLessThan(STATIONS / 4);
    const covered = await app.page.evaluate(() => {
      const boxes = Array.from(document.querySelectorAll('[data-testid^="station-marker-"], [data-testid="station-cluster"]'), (e) => e.getBoundingClientRect());
      let pairs = 0;
      for (let i = 0; i < boxes.length; i++)
        for (let j = i + 1; j < boxes.length; j++) {
          const a = boxes[i]!;
          const b = boxes[j]!;
          const overlap = Math.max(0, Math.min(a.right, b.right) - Math.max(a.left, b.left)) * Math.max(0, Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top));
          if (overlap > 0.5 * Math.min(a.width * a.height, b.width * b.height)) pairs++;
        }
      return pairs;
    });
    expect(covered).toBe(0);
    await app.page.locator('.map-panel').screenshot({ path: join(import.meta.dirname, '..', '..', 'docs', 'screenshots', 'map-clusters.png') });
  });

  it('shows the worst status inside a cluster and opens it on click and on Enter down to the alarmed station', async () => {
    // The alarm list (not the map) says the heatwave station has a critical alarm. Usually seconds; the bound is
    // for a loaded CI machine (two end-to-end files at a time, 2,000 simulated stations here): 20 s was missed once.
    await app.page.waitForSelector(`[data-testid^="alarm-row-"][data-testid*="${HEAT_STATION}"]`, { timeout: 60_000 });
    await app.page.waitForSelector('[data-testid="station-cluster"][data-status="alarm-critical"]', { timeout: 15_000 });
    const marker = app.page.locator(byTestId(`station-marker-${HEAT_STATION}`));
    let usedEnter = false;
    for (let step = 0; step < 10 && (await marker.count()) === 0; step++) {
      const before = await mapState();
      const cluster = app.page.locator('[data-testid="station-cluster"][data-status="alarm-critical"]').first();
      if (usedEnter) await cluster.click();
      else {
        await cluster.focus();
        await app.page.keyboard.press('Enter');
        usedEnter = true;
      }
      // Opening zooms in: the alarmed cluster splits into smaller ones or the station itself.
      await expect.poll(async () => JSON.stringify(await mapState()), { timeout: 5_000 }).not.toBe(JSON.stringify(before));
    }
    await expect.poll(async () => marker.getAttribute('data-severity'), { timeout: 5_000 }).toBe('critical');
  });

  it('does not lose a click on a cluster made while the map is still zooming', async () => {
    const critical = '[data-testid="station-cluster"][data-status="alarm-critical"]';
    const zoom = async (): Promise<number> => Number(await app.page.locator(byTestId('station-map')).getAttribute('data-zoom'));
    // Out again (the zoom control) until the alarmed station is inside a cluster.
    for (let step = 0; step < 20 && (await app.page.locator(critical).count()) === 0; step++) {
      const before = await zoom();
      await app.page.locator('.leaflet-control-zoom-out').click();
      await expect.poll(zoom, { timeout: 5_000 }).toBeLessThan(before);
    }
    const start = await zoom();
    // One more step out, and in the frame Leaflet starts animating it, a click on the alarmed cluster.
    const isClickedMidZoom = await app.page.evaluate(async (selector) => {
      const pane = document.querySelector('.leaflet-map-pane');
      document.querySelector<HTMLElement>('.leaflet-control-zoom-out')!.click();
      // Leaflet starts the animation in the next animation frame; this callback runs after it in that frame.
      await new Promise((resolve) => requestAnimationFrame(resolve));
      // The clusters are still those of the zoom before: they are redrawn at the animation's end.
      const cluster = document.querySelector(selector);
      if (cluster === null || pane?.classList.contains('leaflet-zoom-anim') !== true) return false;
      cluster.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
      return true;
    }, critical);
    expect(isClickedMidZoom).toBe(true);
    // Lost, the map would end one step further out; kept, it zooms in past the start, to where that cluster splits.
    await expect.poll(zoom, { timeout: 5_000 }).toBeGreaterThan(start);
  });
});
