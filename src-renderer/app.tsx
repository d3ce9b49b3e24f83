import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { SessionContext, useObservable, useSession } from './app-context';
import { ReplayController } from './replay/replay-controller';
import { ReplayContext } from './replay/replay-context';
import { ReplayBar } from './replay/replay-bar';
import { AlarmsView } from './alarms/alarms-view';
import { DashboardView } from './shell/dashboard-view';
import { Header } from './shell/header';
import { ConfigurationBanner } from './shell/configuration-banner';
import { ConnectionBanner } from './connection/connection-banner';
import { HealthView } from './health/health-view';
import { HistoryView } from './history/history-view';
import { RulesView } from './rules/rules-view';
import { ComplianceView } from './air/compliance-view';
import { ShiftView } from './shift/shift-view';
import { SettingsDialog } from './settings/settings-dialog';
import { LeaveDialog } from './shell/leave-dialog';
import type { ViewName } from './shell/nav';
import { controlRoomZone, setControlRoomZone } from './time/control-room-time';

/** The app shell: header with navigation, one view at a time, the settings dialog on top. */
export function App() {
  const session = useSession();
  const settings = useObservable(session.settings);
  const isLive = useObservable(session.connectionLostAt) === null;
  const [view, setView] = useState<ViewName>('dashboard');
  const [settingsOpen, setSettingsOpen] = useState(false);
  /** The Rules page holds changes "Save rules" has not stored (it says so as they come and go). */
  const [hasUnsavedRules, setHasUnsavedRules] = useState(false);
  /** The view the operator asked for while the Rules page had unsaved changes: the leave dialog is open. */
  const [leavingFor, setLeavingFor] = useState<ViewName | null>(null);
  // Tabs and Alt+digit both come here: leaving unsaved rules asks first (the rules page's own list dies with it).
  const showView = useCallback(
    (next: ViewName) => {
      if (next !== view && view === 'rules' && hasUnsavedRules) setLeavingFor(next);
      else setView(next);
    },
    [view, hasUnsavedRules],
  );
  const theme = settings?.settings.ui.theme ?? 'dark';
  // Incident replay (issue 19): the dashboard and the alarm list show the replayed session while one runs.
  const replay = useMemo(() => new ReplayController(session), [session]);
  useEffect(() => () => replay.dispose(), [replay]);
  // An incident opened elsewhere (the shift log) is shown on the dashboard.
  useEffect(() => replay.opened.subscribe(() => setView((current) => (current === 'alarms' ? current : 'dashboard'))), [replay]);
  const replayed = useObservable(replay.session);
  const isReplaying = useObservable(replay.state) !== null;
  const replayable = (node: ReactNode): ReactNode =>
    replayed === null ? node : <SessionContext.Provider key={replayed.key} value={replayed.session}>{node}</SessionContext.Provider>;

  // Set during render, not in an effect: child effects run first, and the charts read the theme's
  // colours when they are created. Idempotent, so rendering twice is harmless.
  if (document.documentElement.dataset.theme !== theme) document.documentElement.dataset.theme = theme;
  // Same reasoning for the control-room time zone (issue 17 item 11): every formatter reads it while rendering.
  setControlRoomZone(settings?.settings.ui.timeZone ?? null);

  return (
    // is-stale greys every live value at once while contact is lost (styles/connection.css).
    <ReplayContext.Provider value={replay}>
    <div className={`${isLive ? 'app' : 'app is-stale'}${isReplaying ? ' is-replay' : ''}`} data-live={isLive} data-replay={isReplaying}>
      <Header view={view} onView={showView} onSettings={() => setSettingsOpen(true)} />
      <ConnectionBanner />
      <ConfigurationBanner onSettings={() => setSettingsOpen(true)} />
      {(view === 'dashboard' || view === 'alarms') && <ReplayBar replay={replay} />}
      <main className="view" data-testid={`view-${view}`} key={controlRoomZone()}>
        {view === 'dashboard' && replayable(<DashboardView />)}
        {view === 'alarms' && replayable(<AlarmsView />)}
        {view === 'history' && <HistoryView />}
        {view === 'health' && <HealthView />}
        {view === 'rules' && <RulesView onUnsavedChange={setHasUnsavedRules} />}
        {view === 'shift' && <ShiftView />}
        {view === 'compliance' && <ComplianceView />}
      </main>
      {leavingFor !== null && (
        <LeaveDialog
          title="Leave without saving the rules?"
          message="The rule list has changes that are not saved. Leaving the Rules page discards them; the rules in force stay as they are."
          leaveLabel="Leave and discard"
          onLeave={() => {
            setHasUnsavedRules(false);
            setView(leavingFor);
            setLeavingFor(null);
          }}
          onStay={() => setLeavingFor(null)}
        />
      )}
      {settingsOpen && <SettingsDialog onClose={() => setSettingsOpen(false)} />}
    </div>
    </ReplayContext.Provider>
  );
}
