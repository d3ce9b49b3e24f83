import type { Alarm } from '../../src-shared/domain/alarms';
import type { Session } from '../data/session';
import { Observable } from '../data/observable';
import { loadAlertPreferences, storeAlertPreferences } from './alert-preferences';
import type { AlertPreferences } from './alert-preferences';
import { createAlertSound } from './alert-sound';
import type { AlertSound, AlertTone } from './alert-sound';
import { activationKey, announceableKeys, isAnnounceable, unannouncedActivations } from './critical-activations';

/** The browser's notification permission, or 'unsupported' where there is no Notification API. */
export type NotificationAccess = NotificationPermission | 'unsupported';

/** Browser alerts of one page: preferences, the notification permission, and the operator's controls. */
export interface BrowserAlerts {
  readonly preferences: Observable<AlertPreferences>;
  readonly access: Observable<NotificationAccess>;
  /** Ask the browser for permission: only ever from the operator's click on "Enable notifications". */
  requestNotifications(): Promise<void>;
  setSoundMuted(isMuted: boolean): void;
  setNotificationsOn(isOn: boolean): void;
  stop(): void;
}

/** After a reconnect, alarm lists arriving this long are checked for critical alarms raised while cut off. */
const RECONNECT_CHECK_MS = 15_000;
/** At most one tone of a kind this often: a burst of alarms is one sound, not a din; a lost connection still sounds. */
const TONE_GAP_MS = 2_000;

/**
 * Sound and desktop notifications for a page served by the headless server (in Electron, main shows
 * native notifications; this is not started there). Announces each new activation of a critical alarm
 * once — pushed live, or found in the alarm list after a reconnect — and the loss of the connection.
 * Never asks for permission on its own: see requestNotifications.
 */
export function startBrowserAlerts(session: Session, win: Window & typeof globalThis, now: () => number = Date.now): BrowserAlerts {
  const preferences = new Observable<AlertPreferences>(loadAlertPreferences(win.localStorage));
  const access = new Observable<NotificationAccess>(readAccess(win));
  const sound: AlertSound = createAlertSound(win);
  const announced = new Set<string>();
  const lastToneAt = new Map<AlertTone, number>();
  let connectionNotice: Notification | null = null;
  let knownAtLoss: Set<string> | null = null;
  let checkUntil = Number.NEGATIVE_INFINITY;

  function tone(kind: AlertTone): void {
    if (preferences.get().isSoundMuted || now() - (lastToneAt.get(kind) ?? Number.NEGATIVE_INFINITY) < TONE_GAP_MS) return;
    lastToneAt.set(kind, now());
    sound.play(kind);
  }
  function notify(title: string, options: NotificationOptions, onClick?: () => void): Notification | null {
    access.set(readAccess(win));
    if (!preferences.get().areNotificationsOn || access.get() !== 'granted') return null;
    try {
      const notice = new win.Notification(title, options);
      notice.onclick = () => {
        win.focus();
        onClick?.();
        notice.close();
      };
      return notice;
    } catch {
      return null; // Some platforms allow notifications only from a service worker: the sound still plays.
    }
  }
  function announceAlarm(alarm: Alarm): void {
    const key = activationKey(alarm);
    if (announced.has(key)) return;
    announced.add(key);
    const station = session.stations.get().find((s) => s.id === alarm.stationId);
    const place = station === undefined ? alarm.stationId : `${station.name} (${station.district})`;
    notify(`◆ Critical alarm — ${place}`, { body: alarm.message, tag: alarm.id }, () => {
      if (!session.selection.get().includes(alarm.stationId)) session.toggleStation(alarm.stationId);
    });
    tone('critical');
  }
  function onConnectionChange(): void {
    const lostAt = session.connectionLostAt.get();
    if (lostAt !== null) {
      knownAtLoss = new Set([...announceableKeys(session.alarms.all.get(), now()), ...announced]);
      connectionNotice = notify('Stationwatch: connection to the server lost', { body: 'Values, charts and the map are no longer live. Reconnecting…', tag: 'stationwatch-connection', requireInteraction: true });
      tone('connection-lost');
    } else {
      connectionNotice?.close();
      connectionNotice = null;
      checkUntil = now() + RECONNECT_CHECK_MS;
    }
  }
  function onAlarmList(): void {
    if (knownAtLoss === null || session.connectionLostAt.get() !== null) return;
    if (now() > checkUntil) {
      knownAtLoss = null;
      return;
    }
    for (const alarm of unannouncedActivations(session.alarms.all.get(), new Set([...knownAtLoss, ...announced]), now())) announceAlarm(alarm);
  }
  const unlock = (): void => sound.unlock();
  const refreshAccess = (): void => access.set(readAccess(win));
  win.addEventListener('pointerdown', unlock, { capture: true });
  win.addEventListener('keydown', unlock, { capture: true });
  win.addEventListener('focus', refreshAccess);
  const offs = [
    session.api.subscribe('alarm:changed', ({ alarm, event }) => {
      if (event?.type === 'activated' && isAnnounceable(alarm, now())) announceAlarm(alarm);
    }),
    session.connectionLostAt.subscribe(onConnectionChange),
    session.alarms.all.subscribe(onAlarmList),
  ];
  function update(patch: Partial<AlertPreferences>): void {
    const next = { ...preferences.get(), ...patch };
    storeAlertPreferences(win.localStorage, next);
    preferences.set(next);
  }

  return {
    preferences,
    access,
    async requestNotifications() {
      if (readAccess(win) === 'unsupported') return;
      sound.unlock();
      await win.Notification.requestPermission();
      access.set(readAccess(win));
      if (access.get() === 'granted') update({ areNotificationsOn: true });
    },
    setSoundMuted: (isSoundMuted) => {
      sound.unlock();
      update({ isSoundMuted });
    },
    setNotificationsOn: (areNotificationsOn) => update({ areNotificationsOn }),
    stop() {
      for (const off of offs) off();
      win.removeEventListener('pointerdown', unlock, { capture: true });
      win.removeEventListener('keydown', unlock, { capture: true });
      win.removeEventListener('focus', refreshAccess);
    },
  };
}

function readAccess(win: Window & typeof globalThis): NotificationAccess {
  return typeof win.Notification === 'function' ? win.Notification.permission : 'unsupported';
}
