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
import { chooseApi } from './api/choose-api';
import { App } from './app';
import { SessionContext } from './app-context';
import { createSession } from './data/session';
import { installDiagnostics } from './diagnostics';

const { api, transport } = chooseApi(window);
const session = createSession(api, transport);
installDiagnostics(window, session);
if (transport.get() === 'open') void session.refresh();

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <SessionContext.Provider value={session}>
      <App />
    </SessionContext.Provider>
  </StrictMode>,
);
