/**
 * Remembers the main window's position and size in userData/window-state.json, and puts it back
 * only where a display can show it (a monitor may have been unplugged since).
 */
import { readFileSync, writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';

export interface WindowBounds {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly isMaximized: boolean;
}

/** A display's usable area (Electron's Display.workArea). */
export interface WorkArea {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

const FILE = 'window-state.json';
/** At least this much of the title bar must be on a display, or the window is recentred. */
const MIN_VISIBLE = 100;

/** Read saved bounds; null when missing or malformed. */
export function loadWindowBounds(userDataDir: string): WindowBounds | null {
  try {
    const value: unknown = JSON.parse(readFileSync(join(userDataDir, FILE), 'utf8'));
    return isBounds(value) ? value : null;
  } catch {
    return null;
  }
}

/** Write bounds atomically (temp file + rename), so a crash mid-write leaves the old file. */
export function saveWindowBounds(userDataDir: string, bounds: WindowBounds): void {
  const path = join(userDataDir, FILE);
  writeFileSync(`${path}.tmp`, JSON.stringify(bounds));
  renameSync(`${path}.tmp`, path);
}

/**
 * Fit saved bounds to the displays present now: kept if enough of the window shows on one of them,
 * otherwise shrunk to fit and centred on the first (primary) display. Null when there is nothing to use.
 */
export function clampToDisplays(bounds: WindowBounds | null, displays: readonly WorkArea[]): WindowBounds | null {
  const primary = displays[0];
  if (bounds === null || primary === undefined) return bounds;
  const visible = displays.some((area) => overlap(bounds.x, bounds.width, area.x, area.width) >= MIN_VISIBLE && bounds.y >= area.y && bounds.y < area.y + area.height - 20);
  if (visible) return bounds;
  const width = Math.min(bounds.width, primary.width);
  const height = Math.min(bounds.height, primary.height);
  return { x: primary.x + Math.round((primary.width - width) / 2), y: primary.y + Math.round((primary.height - height) / 2), width, height, isMaximized: bounds.isMaximized };
}

function overlap(start: number, length: number, areaStart: number, areaLength: number): number {
  return Math.min(start + length, areaStart + areaLength) - Math.max(start, areaStart);
}

function isBounds(value: unknown): value is WindowBounds {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  const isInt = (n: unknown): boolean => typeof n === 'number' && Number.isInteger(n);
  return isInt(v.x) && isInt(v.y) && isInt(v.width) && isInt(v.height) && (v.width as number) > 0 && (v.height as number) > 0 && typeof v.isMaximized === 'boolean';
}
