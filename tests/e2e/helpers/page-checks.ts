/**
 * Layout and keyboard checks for end-to-end tests: whether the page scrolls, whether a region is
 * really on screen and clickable (not covered, not clipped), and reaching an element with Tab alone.
 */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** How far the page itself can scroll, in pixels, across and down (0, 0 = it fits). */
export async function pageScroll(page: Page): Promise<{ x: number; y: number }> {
  return page.evaluate(() => {
    const doc = document.documentElement;
    return { x: Math.max(0, doc.scrollWidth - doc.clientWidth), y: Math.max(0, doc.scrollHeight - doc.clientHeight) };
  });
}

/**
 * Each selector's element lies wholly inside the viewport and is what the pointer hits at its centre,
 * so it is both visible and usable at this window size.
 */
export async function expectOnScreen(page: Page, selectors: readonly string[]): Promise<void> {
  for (const selector of selectors) {
    const check = await page.locator(selector).first().evaluate((el) => {
      const box = el.getBoundingClientRect();
      const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
      return {
        inside: box.width > 0 && box.height > 0 && box.left >= 0 && box.top >= 0 && box.right <= window.innerWidth && box.bottom <= window.innerHeight,
        hits: hit !== null && (hit === el || el.contains(hit)),
        box: `${Math.round(box.left)},${Math.round(box.top)} ${Math.round(box.width)}×${Math.round(box.height)} in ${window.innerWidth}×${window.innerHeight}`,
      };
    });
    expect(check, `${selector} at ${check.box}`).toMatchObject({ inside: true, hits: true });
  }
}

/** Press Tab from the top of the page until `selector` has the focus; fails after `maxPresses`. */
export async function tabTo(page: Page, selector: string, maxPresses = 60): Promise<number> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  for (let presses = 1; presses <= maxPresses; presses++) {
    await page.keyboard.press('Tab');
    if (await page.locator(selector).evaluate((el) => el === document.activeElement)) return presses;
  }
  throw new Error(`${selector} was not reached with ${maxPresses} presses of Tab`);
}
