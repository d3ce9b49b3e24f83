import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../../src-shared/settings/schema';
import { duplicateProfile, newProfile, uniqueProfileId } from './profile-ops';

describe('profile operations', () => {
  const profiles = defaultSettings().profiles;

  it('makes unique ids', () => {
    expect(uniqueProfileId('default', profiles)).toBe('default-2');
    expect(uniqueProfileId('other', profiles)).toBe('other');
  });

  it('duplicates deeply under a new id and adds a fresh simulator profile', () => {
    const original = profiles[0]!;
    const copy = duplicateProfile(original, profiles);
    expect(copy).toMatchObject({ id: 'default-copy', name: `${original.name} (copy)` });
    expect(copy.source).toEqual(original.source);
    expect(copy.source).not.toBe(original.source);
    const fresh = newProfile([...profiles, copy]);
    expect(fresh.id).toBe('profile');
    expect(fresh.source.kind).toBe('simulator');
  });
});
