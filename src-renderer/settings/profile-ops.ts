import type { Profile } from '../../src-shared/settings/schema';
import { SimulatorSourceSchema } from '../../src-shared/settings/schema';

/** An id not used by any profile: base, base-2, base-3… */
export function uniqueProfileId(base: string, profiles: readonly Profile[]): string {
  const taken = new Set(profiles.map((p) => p.id));
  if (!taken.has(base)) return base;
  let n = 2;
  while (taken.has(`${base}-${n}`)) n++;
  return `${base}-${n}`;
}

/** A new simulator profile with an embedded database. */
export function newProfile(profiles: readonly Profile[]): Profile {
  return { id: uniqueProfileId('profile', profiles), name: 'New profile', source: SimulatorSourceSchema.parse({ kind: 'simulator' }), database: { kind: 'pglite', dir: null } };
}

/** A copy of a profile under a new id and name (secrets are not copied: they belong to the original id). */
export function duplicateProfile(profile: Profile, profiles: readonly Profile[]): Profile {
  return { ...structuredClone(profile), id: uniqueProfileId(`${profile.id}-copy`, profiles), name: `${profile.name} (copy)` };
}
