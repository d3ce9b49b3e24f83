/**
 * The preload (bundled to dist/preload/preload.cjs, one file, sandboxed). It exposes exactly one object,
 * window.stationwatch, and never ipcRenderer itself (Electron security checklist, "do not expose
 * Electron APIs to untrusted web content"). The only file besides ipc-main.ts that touches raw IPC.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createPreloadApi } from './preload-api';
import type { RendererIpc } from './preload-api';

contextBridge.exposeInMainWorld('stationwatch', createPreloadApi(ipcRenderer as unknown as RendererIpc));
