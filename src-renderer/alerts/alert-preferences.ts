/** The operator's choices for browser alerts, kept in localStorage so they survive a reload. */
export interface AlertPreferences {
  /** No tone for new critical alarms or a lost connection. */
  readonly isSoundMuted: boolean;
  /** Desktop notifications once the browser allows them; the operator may switch them off here. */
  readonly areNotificationsOn: boolean;
}

/** The localStorage key of the preferences. */
export const ALERT_PREFERENCES_KEY = 'stationwatch.alerts';

/** Sound and notifications on until the operator says otherwise. */
export const DEFAULT_ALERT_PREFERENCES: AlertPreferences = { isSoundMuted: false, areNotificationsOn: true };

/** Stored text → preferences; missing, damaged or partial text falls back to the defaults field by field. */
export function parseAlertPreferences(text: string | null): AlertPreferences {
  if (text === null) return DEFAULT_ALERT_PREFERENCES;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return DEFAULT_ALERT_PREFERENCES;
  }
  if (typeof value !== 'object' || value === null) return DEFAULT_ALERT_PREFERENCES;
  const record = value as Record<string, unknown>;
  return {
    isSoundMuted: typeof record.isSoundMuted === 'boolean' ? record.isSoundMuted : DEFAULT_ALERT_PREFERENCES.isSoundMuted,
    areNotificationsOn: typeof record.areNotificationsOn === 'boolean' ? record.areNotificationsOn : DEFAULT_ALERT_PREFERENCES.areNotificationsOn,
  };
}

/** Read the preferences; a storage the browser refuses (private mode, disabled) gives the defaults. */
export function loadAlertPreferences(storage: Pick<Storage, 'getItem'>): AlertPreferences {
  try {
    return parseAlertPreferences(storage.getItem(ALERT_PREFERENCES_KEY));
  } catch {
    return DEFAULT_ALERT_PREFERENCES;
  }
}

/** Store the preferences; a refusing storage keeps them for this page only. */
export function storeAlertPreferences(storage: Pick<Storage, 'setItem'>, preferences: AlertPreferences): void {
  try {
    storage.setItem(ALERT_PREFERENCES_KEY, JSON.stringify(preferences));
  } catch {
    // Quota or privacy mode: the choice still holds until the page is closed.
  }
}
