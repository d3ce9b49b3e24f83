import { describe, expect, it } from 'vitest';
import { changedFaces, markerFace } from './marker-face';
import type { MarkerFace } from './marker-face';
import type { StationLook } from './station-status';

const look = (over: Partial<StationLook> = {}): StationLook => ({ severity: null, pending: null, isStale: false, isOutOfService: false, ...over });
const BAND = '<span class="marker-air-band" data-band="Good"></span>';

describe('markerFace', () => {
  it('shows severity by shape and class, selection and focus by class, and the air band beside it', () => {
    const critical = markerFace(look({ severity: 'critical' }), true, false, BAND);
    expect(critical.className).toBe('station-marker sev-critical is-selected');
    expect(critical.html).toBe(`<span aria-hidden="true">◆</span>${BAND}`);
    const warning = markerFace(look({ severity: 'warning', pending: 'critical', isStale: true }), false, true, '');
    expect(warning.className).toBe('station-marker sev-warning is-pending pending-critical is-stale is-focused');
    expect(warning.html).toBe('<span aria-hidden="true">▲</span>');
    expect(markerFace(look({ isOutOfService: true }), false, false, '').className).toBe('station-marker sev-ok is-oos');
  });

  it('gives equal looks equal keys, and a different key for any change that shows', () => {
    const base = markerFace(look(), false, false, '');
    expect(markerFace(look(), false, false, '').key).toBe(base.key);
    const variants = [
      markerFace(look({ severity: 'warning' }), false, false, ''),
      markerFace(look({ pending: 'warning' }), false, false, ''),
      markerFace(look({ isStale: true }), false, false, ''),
      markerFace(look({ isOutOfService: true }), false, false, ''),
      markerFace(look(), true, false, ''),
      markerFace(look(), false, true, ''),
      markerFace(look(), false, false, BAND),
    ];
    const keys = new Set([base.key, ...variants.map((f) => f.key)]);
    expect(keys.size).toBe(variants.length + 1);
  });
});

describe('changedFaces', () => {
  const faces = (entries: [string, MarkerFace][]): Map<string, MarkerFace> => new Map(entries);
  const normal = markerFace(look(), false, false, '');
  const alarm = markerFace(look({ severity: 'critical' }), false, false, '');

  it('lists every station on the first refresh, none when nothing changed, and only those whose face changed', () => {
    const shown = new Map<string, string>();
    const first = faces([['st-01', normal], ['st-02', normal], ['st-03', normal]]);
    expect(changedFaces(shown, first)).toEqual(['st-01', 'st-02', 'st-03']);
    for (const [id, face] of first) shown.set(id, face.key);
    expect(changedFaces(shown, faces([['st-01', normal], ['st-02', markerFace(look(), false, false, '')], ['st-03', normal]]))).toEqual([]);
    expect(changedFaces(shown, faces([['st-01', normal], ['st-02', alarm], ['st-03', normal]]))).toEqual(['st-02']);
  });

  it('lists a station that was never shown, and does not change what was shown (the caller records it once drawn)', () => {
    const shown = new Map([['st-01', normal.key]]);
    expect(changedFaces(shown, faces([['st-01', normal], ['st-09', alarm]]))).toEqual(['st-09']);
    expect([...shown]).toEqual([['st-01', normal.key]]);
  });
});
