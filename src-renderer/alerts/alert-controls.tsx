import { useObservable } from '../app-context';
import { useBrowserAlerts } from './alerts-context';
import type { BrowserAlerts } from './browser-alerts';

/**
 * The header's alert switches in a browser: "Enable notifications" (the only place the page asks the
 * browser for permission, never on load) or notifications on/off, and sound on/off. Nothing in Electron.
 */
export function AlertControls() {
  const alerts = useBrowserAlerts();
  if (alerts === null) return null;
  return <AlertSwitches alerts={alerts} />;
}

function AlertSwitches(props: { readonly alerts: BrowserAlerts }) {
  const { alerts } = props;
  const preferences = useObservable(alerts.preferences);
  const access = useObservable(alerts.access);
  return (
    <div className="alert-controls" role="group" aria-label="Alerts">
      {access === 'default' && (
        <button type="button" className="alert-switch" data-testid="alerts-enable-notifications" onClick={() => void alerts.requestNotifications()} title="Desktop notifications for new critical alarms and a lost connection">
          Enable notifications
        </button>
      )}
      {access === 'granted' && (
        <button type="button" className="alert-switch" data-testid="alerts-notifications" aria-pressed={preferences.areNotificationsOn} onClick={() => alerts.setNotificationsOn(!preferences.areNotificationsOn)} title="Desktop notifications for new critical alarms and a lost connection">
          {preferences.areNotificationsOn ? 'Notifications on' : 'Notifications off'}
        </button>
      )}
      {access === 'denied' && (
        <span className="alert-switch-note" data-testid="alerts-notifications-blocked" title="The browser blocks notifications for this site; allow them in the browser's site settings">
          Notifications blocked
        </span>
      )}
      <button type="button" className="alert-switch" data-testid="alerts-sound" aria-pressed={!preferences.isSoundMuted} onClick={() => alerts.setSoundMuted(!preferences.isSoundMuted)} title="A short tone for new critical alarms and a lost connection">
        {preferences.isSoundMuted ? 'Sound off' : 'Sound on'}
      </button>
    </div>
  );
}
