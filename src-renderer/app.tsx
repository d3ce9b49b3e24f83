import { useState } from 'react';
import { useObservable, useSession } from './app-context';
import { AlarmsView } from './alarms/alarms-view';
import { DashboardView } from './shell/dashboard-view';
import { Header } from './shell/header';
import { ConfigurationBanner } from './shell/configuration-banner';
import { HealthView } from './health/health-view';
import { HistoryView } from './history/history-view';
import { RulesView } from './rules/rules-view';
import { SettingsDialog } from './settings/settings-dialog';
import type { ViewName } from './shell/nav';

/** The app shell: header with navigation, one view at a time, the settings dialog on top. */
export function App() {
  const session = useSession();
  const settings = useObservable(session.settings);
  const [view, setView] = useState<ViewName>('dashboard');
  const [settingsOpen, setSettingsOpen] = useState(false);
  const theme = settings?.settings.ui.theme ?? 'dark';

  // Set during render, not in an effect: child effects run first, and the charts read the theme's
  // colours when they are created. Idempotent, so rendering twice is harmless.
  if (document.documentElement.dataset.theme !== theme) document.documentElement.dataset.theme = theme;

  return (
    <div className="app">
      <Header view={view} onView={setView} onSettings={() => setSettingsOpen(true)} />
      <ConfigurationBanner onSettings={() => setSettingsOpen(true)} />
      <main className="view" data-testid={`view-${view}`}>
        {view === 'dashboard' && <DashboardView />}
        {view === 'alarms' && <AlarmsView />}
        {view === 'history' && <HistoryView />}
        {view === 'health' && <HealthView />}
        {view === 'rules' && <RulesView />}
      </main>
      {settingsOpen && <SettingsDialog onClose={() => setSettingsOpen(false)} />}
    </div>
  );
}
