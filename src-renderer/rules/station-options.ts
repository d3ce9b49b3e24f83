import type { Station } from '../../src-shared/domain/station';

/** One district's stations in the rule editor's station picker. */
export interface StationGroup {
  readonly district: string;
  readonly options: readonly { readonly id: string; readonly label: string }[];
}

/** Stations without a district are listed under this heading. */
export const NO_DISTRICT = 'No district';

/**
 * The picker's choices: the registry's stations grouped by district (districts and names in
 * alphabetical order), each labelled "Name (id)". A rule's station that the registry does not know
 * (renamed, not yet seen) is kept as its own group, so opening the rule never changes it silently.
 */
export function stationGroups(stations: readonly Station[], currentId: string): StationGroup[] {
  const byDistrict = new Map<string, Station[]>();
  for (const station of stations) {
    const district = station.district.trim() === '' ? NO_DISTRICT : station.district;
    const list = byDistrict.get(district) ?? [];
    list.push(station);
    byDistrict.set(district, list);
  }
  const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
  const groups: StationGroup[] = [...byDistrict.entries()]
    .sort(([a], [b]) => collator.compare(a, b))
    .map(([district, list]) => ({
      district,
      options: list.sort((a, b) => collator.compare(a.name, b.name) || collator.compare(a.id, b.id)).map((s) => ({ id: s.id, label: s.name === s.id ? s.id : `${s.name} (${s.id})` })),
    }));
  const id = currentId.trim();
  if (id !== '' && !stations.some((s) => s.id === id)) groups.push({ district: 'Not in the station registry', options: [{ id, label: id }] });
  return groups;
}
