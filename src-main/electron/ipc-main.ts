/**
 * The only code that touches ipcMain and webContents messaging. `handle()` checks the sender and
 * validates arguments with the contract's zod schemas before a handler runs; `push()` refuses
 * destroyed contents. Electron security checklist #17, "Validate the sender of all IPC messages":
 * https://www.electronjs.org/docs/latest/tutorial/security#17-validate-the-sender-of-all-ipc-messages
 */
import { ipcMain } from 'electron';
import type { MessagePortMain } from 'electron';
import { z } from 'zod';
import { REQUEST_NAMES, REQUEST_SCHEMAS } from '../../src-shared/ipc/contract';
import type { RequestName, RequestResult, ValidRequestArgs } from '../../src-shared/ipc/contract';
import { IpcRequestError } from './ipc-channels';
import type { IpcEnvelope } from './ipc-channels';

/** Answers one validated request. */
export type RequestHandler<N extends RequestName> = (args: ValidRequestArgs<N>) => Promise<RequestResult<N>>;
/** Answers every request of the contract (main's router). */
export type RequestRouter = <N extends RequestName>(name: N, args: ValidRequestArgs<N>) => Promise<RequestResult<N>>;

/** What handle() reads from Electron's IpcMainInvokeEvent. */
export interface SenderInfo {
  readonly senderFrame: { readonly url: string; readonly parent: unknown } | null;
}

/** Engine-host failures the renderer should simply retry, whatever the host called them (as the WebSocket gateway does). */
const UNAVAILABLE_CODES = new Set(['unavailable', 'engine-restarted', 'engine-stopped', 'timeout', 'init-failed', 'init-timeout', 'engine-exited']);

/** Validate raw arguments for `name`; rejects unknown names and bad arguments with a readable message. */
export function validateRequest<N extends RequestName>(name: N, raw: unknown): ValidRequestArgs<N> {
  if (!Object.hasOwn(REQUEST_SCHEMAS, name)) throw new IpcRequestError('invalid-arguments', `Unknown request ${JSON.stringify(name)}.`);
  const parsed = REQUEST_SCHEMAS[name].safeParse(raw ?? {});
  if (!parsed.success) throw new IpcRequestError('invalid-arguments', `Invalid arguments for ${name}: ${z.prettifyError(parsed.error)}`);
  return parsed.data as ValidRequestArgs<N>;
}

/**
 * Sender check + validation + handler, as a plain async function (what handle() registers). Only the
 * top frame of our own page may call; a subframe or any other URL is refused before validation.
 */
export function guardRequest<N extends RequestName>(name: N, handler: RequestHandler<N>, isTrustedUrl: (url: string) => boolean): (event: SenderInfo, raw: unknown) => Promise<RequestResult<N>> {
  return async (event, raw) => {
    const frame = event.senderFrame;
    if (frame === null || frame.parent !== null || !isTrustedUrl(frame.url)) {
      throw new IpcRequestError('forbidden', `Refused ${name} from an unknown sender (${frame === null ? 'no frame' : frame.url || 'empty URL'}).`);
    }
    return handler(validateRequest(name, raw));
  };
}

/** Register one request channel (channel name = request name). The only ipcMain.handle call. */
export function handle<N extends RequestName>(name: N, handler: RequestHandler<N>, isTrustedUrl: (url: string) => boolean): void {
  const guarded = guardRequest(name, handler, isTrustedUrl);
  ipcMain.handle(name, (event, raw: unknown) => toEnvelope(guarded(event as SenderInfo, raw)));
}

/** Register every contract request on `router`; returns a function that removes them again. */
export function handleAll(router: RequestRouter, isTrustedUrl: (url: string) => boolean): () => void {
  for (const name of REQUEST_NAMES) handle(name, (args) => router(name, args), isTrustedUrl);
  return () => {
    for (const name of REQUEST_NAMES) ipcMain.removeHandler(name);
  };
}

/** The parts of WebContents push() needs. */
export interface PushTarget {
  isDestroyed(): boolean;
  postMessage(channel: string, message: unknown, transfer?: MessagePortMain[]): void;
}

/** Send a message (and optionally ports) to a renderer; false, and nothing sent, when it is gone. */
export function push(contents: PushTarget, channel: string, payload: unknown, ports: MessagePortMain[] = []): boolean {
  if (contents.isDestroyed()) return false;
  contents.postMessage(channel, payload, ports);
  return true;
}

/** Settle a handler's promise into the envelope; never rejects. */
export async function toEnvelope(result: Promise<unknown>): Promise<IpcEnvelope> {
  try {
    return { ok: true, result: await result };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, error: { code: typeof code === 'string' && UNAVAILABLE_CODES.has(code) ? 'unavailable' : typeof code === 'string' ? code : 'failed', message } };
  }
}
