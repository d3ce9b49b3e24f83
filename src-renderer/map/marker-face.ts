import { lookClass } from './station-status';
import type { StationLook } from './station-status';

/**
 * What one station's marker shows: its CSS classes and inner HTML, and a key that differs exactly when
 * one of them does. The map recomputes every station's face each second but touches the DOM (a new icon,
 * its data attributes and label) only for the faces whose key changed (`changedFaces`): at thousands of
 * stations, rebuilding every icon each second was a long task.
 */
export interface MarkerFace {
  readonly className: string;
  readonly html: string;
  readonly key: string;
}

/** The face of a station with this look; `bandHtml` is its air-quality swatch (air/marker-band.ts), '' for none. */
export function markerFace(look: StationLook, isSelected: boolean, isFocused: boolean, bandHtml: string): MarkerFace {
  const className = `${lookClass(look)}${isSelected ? ' is-selected' : ''}${isFocused ? ' is-focused' : ''}`;
  // Shape as well as colour (ISA-101): a diamond for critical, a triangle for a warning.
  const shape = look.severity === 'critical' ? '◆' : look.severity === 'warning' ? '▲' : '';
  const html = `<span aria-hidden="true">${shape}</span>${bandHtml}`;
  return { className, html, key: `${className}|${html}` };
}

/**
 * The stations whose face is new or differs from the key last shown (`shownKeys`, station id → key), in
 * the order of `faces`. Pure: the caller records the new keys once it has drawn them.
 */
export function changedFaces(shownKeys: ReadonlyMap<string, string>, faces: ReadonlyMap<string, MarkerFace>): string[] {
  const changed: string[] = [];
  for (const [id, face] of faces) if (shownKeys.get(id) !== face.key) changed.push(id);
  return changed;
}
