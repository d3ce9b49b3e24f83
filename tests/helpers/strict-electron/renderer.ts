/**
 * The renderer side of the strict fake: what a sandboxed preload gets from `require('electron')`.
 * - ipcRenderer.invoke reaches the handler main registered with ipcMain.handle; arguments and results are
 *   structured-cloned both ways (docs/api/ipc-renderer.md: "Arguments will be serialized with the Structured
 *   Clone Algorithm"); with no handler it rejects as Electron does ("No handler registered for '…'").
 * - contextBridge.exposeInMainWorld refuses a key that is already on the window (lib/renderer/api/context-bridge.ts:
 *   "Cannot bind an API on top of an existing property on the window object").
 * The sender the handler sees is `senderFrame`, which a test may change to play another frame or page.
 */

/** An ipcRenderer event: the ports that came with the message. */
export interface RendererEvent {
  readonly ports: readonly unknown[];
}

/** Renderer-side electron for one page, over main's ipcMain handlers. */
export function createStrictRenderer(handlers: ReadonlyMap<string, (event: unknown, ...args: unknown[]) => unknown>) {
  const exposed = new Map<string, unknown>();
  const listeners = new Map<string, ((event: RendererEvent, ...args: unknown[]) => void)[]>();
  /** Everything that reached the page: invoke results and, when a test records them, port messages. */
  const received: unknown[] = [];
  const sender = { url: 'app://stationwatch/index.html', parent: null as unknown };

  const module = {
    ipcRenderer: {
      async invoke(channel: string, ...args: unknown[]): Promise<unknown> {
        const handler = handlers.get(channel);
        if (handler === undefined) throw new Error(`Error invoking remote method '${channel}': Error: No handler registered for '${channel}'`);
        const result = structuredClone(await handler({ senderFrame: { url: sender.url, parent: sender.parent } }, ...structuredClone(args)));
        received.push(result);
        return result;
      },
      on(channel: string, listener: (event: RendererEvent, ...args: unknown[]) => void) {
        listeners.set(channel, [...(listeners.get(channel) ?? []), listener]);
        return module.ipcRenderer;
      },
    },
    contextBridge: {
      exposeInMainWorld(key: string, api: unknown) {
        if (exposed.has(key)) throw new Error('Cannot bind an API on top of an existing property on the window object');
        exposed.set(key, api);
      },
    },
  };

  return {
    module,
    exposed,
    received,
    sender,
    /** Main posts to the page (webContents.postMessage): every listener of `channel` gets the ports and args. */
    deliver(channel: string, ports: readonly unknown[], ...args: unknown[]): void {
      for (const listener of listeners.get(channel) ?? []) listener({ ports }, ...structuredClone(args));
    },
  };
}

export type StrictRenderer = ReturnType<typeof createStrictRenderer>;
