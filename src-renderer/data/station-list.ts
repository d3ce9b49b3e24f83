import type { Station } from '../../src-shared/domain/station';

/**
 * True when two registry lists say the same thing: same stations in the same order, every field equal.
 * The session polls the registry every 15 s and gets a new array each time; keeping the old one when
 * nothing changed spares every screen keyed on it (the map rebuilds its markers, clusters and district
 * labels for a new list: a long task at thousands of stations).
 */
export function isSameStationList(a: readonly Station[], b: readonly Station[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!isSameStation(a[i]!, b[i]!)) return false;
  return true;
}

/** Field by field, over both objects' own fields, so a field added to Station later is compared too. */
function isSameStation(a: Station, b: Station): boolean {
  if (a === b) return true;
  const fieldsA = Object.keys(a) as (keyof Station)[];
  const fieldsB = Object.keys(b) as (keyof Station)[];
  for (const field of fieldsA) if (!Object.is(a[field], b[field])) return false;
  for (const field of fieldsB) if (!(field in a) && b[field] !== undefined) return false;
  return true;
}
