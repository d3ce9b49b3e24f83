import { describe, expect, it } from 'vitest';
import { ALERT_PREFERENCES_KEY, DEFAULT_ALERT_PREFERENCES, loadAlertPreferences, parseAlertPreferences, storeAlertPreferences } from './alert-preferences';

describe('alert preferences', () => {
  it('default to sound and notifications on', () => {
    expect(parseAlertPreferences(null)).toEqual({ isSoundMuted: false, areNotificationsOn: true });
  });

  it('fall back field by field on damaged or partial text', () => {
    expect(parseAlertPreferences('{not json')).toEqual(DEFAULT_ALERT_PREFERENCES);
    expect(parseAlertPreferences('42')).toEqual(DEFAULT_ALERT_PREFERENCES);
    expect(parseAlertPreferences('{"isSoundMuted":true,"areNotificationsOn":"yes"}')).toEqual({ isSoundMuted: true, areNotificationsOn: true });
  });

  it('survive a store and load, and a storage that refuses gives the defaults instead of an error', () => {
    const map = new Map<string, string>();
    const storage = { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v) };
    storeAlertPreferences(storage, { isSoundMuted: true, areNotificationsOn: false });
    expect(map.has(ALERT_PREFERENCES_KEY)).toBe(true);
    expect(loadAlertPreferences(storage)).toEqual({ isSoundMuted: true, areNotificationsOn: false });
    const refusing = {
      getItem: (): string | null => {
        throw new Error('SecurityError');
      },
      setItem: (): void => {
        throw new Error('QuotaExceededError');
      },
    };
    expect(loadAlertPreferences(refusing)).toEqual(DEFAULT_ALERT_PREFERENCES);
    expect(() => storeAlertPreferences(refusing, DEFAULT_ALERT_PREFERENCES)).not.toThrow();
  });
});
