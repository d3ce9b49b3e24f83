import './zod-config';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import 'leaflet/dist/leaflet.css';
import 'uplot/dist/uPlot.min.css';
import './styles/theme.css';
import './styles/layout.css';
import './styles/controls.css';
import './styles/panels.css';
import './styles/alarms.css';
import './styles/map.css';
import './styles/forms.css';
import './styles/connection.css';
import './styles/air.css';
import './styles/rules.css';
import './styles/pending.css';
import './styles/drill-down.css';
import './styles/preview.css';
import './styles/shift.css';
import './styles/escalation.css';
import { chooseApi } from './api/choose-api';
import { AlertsContext } from './alerts/alerts-context';
import { startBrowserAlerts } from './alerts/browser-alerts';
import { App } from './app';
import { SessionContext } from './app-context';
import { createSession } from './data/session';
import { installDiagnostics } from './diagnostics';

const { api, transport, person, kind } = chooseApi(window);
const session = createSession(api, transport, Date.now, person);
// Electron's main process shows native notifications; only a browser page alerts on its own.
const alerts = kind === 'websocket' ? startBrowserAlerts(session, window) : null;
installDiagnostics(window, session);
if (transport.get() === 'open') void session.refresh();

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <SessionContext.Provider value={session}>
      <AlertsContext.Provider value={alerts}>
        <App />
      </AlertsContext.Provider>
    </SessionContext.Provider>
  </StrictMode>,
);
