import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clampToDisplays, loadWindowBounds, saveWindowBounds } from './window-state';

const primary = { x: 0, y: 0, width: 1920, height: 1040 };
const right = { x: 1920, y: 0, width: 2560, height: 1400 };

describe('window state', () => {
  it('round-trips bounds through userData and ignores a malformed file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sw-win-'));
    expect(loadWindowBounds(dir)).toBeNull();
    saveWindowBounds(dir, { x: 100, y: 50, width: 1300, height: 850, isMaximized: true });
    expect(loadWindowBounds(dir)).toEqual({ x: 100, y: 50, width: 1300, height: 850, isMaximized: true });
    writeFileSync(join(dir, 'window-state.json'), '{"x":1,"y":2,"width":-5,"height":3,"isMaximized":false}');
    expect(loadWindowBounds(dir)).toBeNull();
    writeFileSync(join(dir, 'window-state.json'), '{oops');
    expect(loadWindowBounds(dir)).toBeNull();
  });

  it('keeps a window that is visible on any display', () => {
    const onSecond = { x: 2200, y: 100, width: 1600, height: 900, isMaximized: false };
    expect(clampToDisplays(onSecond, [primary, right])).toEqual(onSecond);
  });

  it('recentres a window whose display is gone, shrunk to fit the primary display', () => {
    const onSecond = { x: 2200, y: 100, width: 2400, height: 1300, isMaximized: false };
    expect(clampToDisplays(onSecond, [primary])).toEqual({ x: 0, y: 0, width: 1920, height: 1040, isMaximized: false });
    const smallOffscreen = { x: -3000, y: 200, width: 800, height: 600, isMaximized: true };
    expect(clampToDisplays(smallOffscreen, [primary])).toEqual({ x: 560, y: 220, width: 800, height: 600, isMaximized: true });
  });

  it('recentres a window whose title bar is above every display', () => {
    expect(clampToDisplays({ x: 100, y: -500, width: 800, height: 600, isMaximized: false }, [primary])?.y).toBe(220);
  });
});
