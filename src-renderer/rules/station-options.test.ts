import { describe, expect, it } from 'vitest';
import type { Station } from '../../src-shared/domain/station';
import { NO_DISTRICT, stationGroups } from './station-options';

const station = (id: string, name: string, district: string): Station => ({ id, name, district, lat: null, lon: null });

describe('stationGroups', () => {
  const stations = [station('st-10', 'Zoo Gate', 'Parkland'), station('st-02', 'Harbour Point', 'Harbour'), station('st-01', 'Ash Lane', 'Parkland'), station('st-07', 'st-07', '')];

  it('groups by district, sorts districts and names, and labels each station "Name (id)"', () => {
    expect(stationGroups(stations, '')).toEqual([
      { district: 'Harbour', options: [{ id: 'st-02', label: 'Harbour Point (st-02)' }] },
      { district: NO_DISTRICT, options: [{ id: 'st-07', label: 'st-07' }] },
      { district: 'Parkland', options: [{ id: 'st-01', label: 'Ash Lane (st-01)' }, { id: 'st-10', label: 'Zoo Gate (st-10)' }] },
    ]);
  });

  it("keeps a rule's station the registry does not know, instead of dropping it", () => {
    const groups = stationGroups(stations, 'st-99');
    expect(groups.at(-1)).toEqual({ district: 'Not in the station registry', options: [{ id: 'st-99', label: 'st-99' }] });
    expect(stationGroups(stations, 'st-02').map((g) => g.district)).not.toContain('Not in the station registry');
  });
});
