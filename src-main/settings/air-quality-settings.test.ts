/** The air-quality settings (issue 18): defaults, the time zone's check, and that a change restarts the engine. */
import { describe, expect, it } from 'vitest';
import { defaultSettings, SettingsSchema } from '../../src-shared/settings/schema';
import { engineSettingsDiffer } from './settings-service';

describe('air-quality settings', () => {
  it('restart the engine when changed (the pipeline reads them when it is built)', () => {
    const before = defaultSettings();
    expect(before.airQuality).toEqual({ index: 'eea', standard: '2008/50/EC', timeZone: 'Europe/Amsterdam' });
    expect(engineSettingsDiffer(before, { ...before, airQuality: { ...before.airQuality, index: 'epa' } })).toBe(true);
    expect(engineSettingsDiffer(before, defaultSettings())).toBe(false);
  });

  it('refuses a time zone the runtime does not know, in words', () => {
    const parsed = SettingsSchema.safeParse({ airQuality: { timeZone: 'Mars/Olympus' } });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toContain('IANA zone name');
  });
});
