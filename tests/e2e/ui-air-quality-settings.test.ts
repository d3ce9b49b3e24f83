/**
 * The air-quality settings end to end (issue 18, "Indices (switchable per installation)"): the built renderer
 * in Debian's Chromium against the real `serve` command, a seeded simulator at 1000x with an ozone episode at one
 * station. The map starts on the European index; the operator switches the installation to the US EPA AQI in
 * the settings dialog and saves; the save goes through settings:save, the engine restarts with the new index,
 * and once its hours close the legend and the station tooltip show the US AQI. The health page lists the
 * data-quality flags panel. Any console error fails the run.
 */
import { describe, expect, it } from 'vitest';
import { byTestId, useAppPage } from './helpers/app-page';

const STATION = 'st-02';
const SERVE_ARGS = ['--port', '0', '--database', 'memory', '--stations', '2', '--seed', '7', '--no-outliers', '--speed', '1000', '--scenario', `ozone-episode:${STATION}:0:14400`];
const app = useAppPage(SERVE_ARGS, { viewport: { width: 1366, height: 900 } });

/** Hovers the station's marker and returns the index line of its tooltip once it reads `pattern`. */
async function tooltipIndex(pattern: RegExp): Promise<string> {
  const { page } = app;
  const marker = page.locator(byTestId(`station-marker-${STATION}`));
  const tooltip = page.locator(`.leaflet-tooltip ${byTestId('tooltip-air-index')}`);
  let text = '';
  const deadline = Date.now() + 10_000;
  // The tooltip is built on hover: hover again until it shows the index asked for.
  while (!pattern.test(text) && Date.now() < deadline) {
    await page.mouse.move(0, 0);
    await marker.hover();
    text = (await tooltip.textContent({ timeout: 5_000 }).catch(() => '')) ?? '';
    if (!pattern.test(text)) await page.waitForTimeout(250);
  }
  return text;
}

describe('air-quality settings in Chromium against headless mode', () => {
  it('switches the index from the European index to the US EPA AQI through the settings dialog, and the legend and tooltip follow', async () => {
    const { page } = app;
    const legend = page.locator(byTestId('air-legend'));
    await page.waitForFunction((selector) => document.querySelector(selector)?.textContent?.includes('European Air Quality Index') === true, byTestId('air-legend'), { timeout: 25_000 });
    expect(await tooltipIndex(/^European index \d/)).toMatch(/^European index [1-6] \(.+\), decided by /);

    await page.click(byTestId('nav-settings'));
    await page.waitForSelector(byTestId('settings-dialog'));
    expect(await page.inputValue(byTestId('air-index'))).toBe('eea');
    // An unknown zone blocks Save and says why; a known one does not.
    await page.fill(byTestId('air-time-zone'), 'Europe/Atlantis');
    expect(await page.locator(byTestId('settings-air-invalid')).textContent()).toContain('not a known IANA time zone');
    expect(await page.isDisabled(byTestId('settings-save'))).toBe(true);
    await page.fill(byTestId('air-time-zone'), 'Europe/Amsterdam');
    await page.selectOption(byTestId('air-index'), 'epa');
    await page.click(byTestId('settings-save'));
    await page.locator(byTestId('settings-notice')).waitFor({ timeout: 20_000 });
    await page.click(byTestId('settings-close'));

    await page.waitForFunction((selector) => document.querySelector(selector)?.textContent?.includes('US AQI (NowCast)') === true, byTestId('air-legend'), { timeout: 30_000 });
    expect(await legend.getAttribute('aria-label')).toBe('US AQI (NowCast) legend');
    expect(await tooltipIndex(/^US AQI \d/)).toMatch(/^US AQI \d{1,3} \((Good|Moderate|Unhealthy for Sensitive Groups|Unhealthy|Very Unhealthy|Hazardous)\), decided by /);

    // Saved for the installation: the settings the server answers carry the new index.
    await page.click(byTestId('nav-settings'));
    await page.waitForSelector(byTestId('settings-dialog'));
    expect(await page.inputValue(byTestId('air-index'))).toBe('epa');
    await page.click(byTestId('settings-close'));

    await page.click(byTestId('nav-health'));
    await page.locator(byTestId('health-air-flags')).waitFor({ timeout: 5_000 });
    expect(await page.locator(`${byTestId('health-air-flags')} h3`).textContent()).toBe('Air-quality data flags');
  }, 90_000);
});
