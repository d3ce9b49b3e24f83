/**
 * The only code that touches ipcMain and webContents messaging. `handle()` checks the sender and
 * validates arguments with the contract's one validator before a handler runs, and answers in the
 * contract's envelope; `push()` refuses destroyed contents. Electron security checklist #17, "Validate the sender of all IPC messages":
 * https://www.electronjs.org/docs/latest/tutorial/security#17-validate-the-sender-of-all-ipc-messages
 */
import { ipcMain } from 'electron';
import type { MessagePortMain } from 'electron';
import { REQUEST_NAMES } from '../../../src-shared/ipc/contract';
import type { RequestName, RequestResult, ValidRequestArgs } from '../../../src-shared/ipc/contract';
import { ContractError } from '../../../src-shared/ipc/contract-error';
import { toEnvelope } from '../../../src-shared/ipc/envelope';
import { validateRequest } from '../../../src-shared/ipc/validate-request';

/** Answers one validated request. */
export type RequestHandler<N extends RequestName> = (args: ValidRequestArgs<N>) => Promise<RequestResult<N>>;
/** Answers every request of the contract (main's router). */
export type RequestRouter = <N extends RequestName>(name: N, args: ValidRequestArgs<N>) => Promise<RequestResult<N>>;

/** What handle() reads from Electron's IpcMainInvokeEvent. */
export interface SenderInfo {
  readonly senderFrame: { readonly url: string; readonly parent: unknown } | null;
}

/**
 * Sender check + validation + handler, as a plain async function (what handle() registers). Only the
 * top frame of our own page may call; a subframe or any other URL is refused before validation.
 */
export function guardRequest<N extends RequestName>(name: N, handler: RequestHandler<N>, isTrustedUrl: (url: string) => boolean): (event: SenderInfo, raw: unknown) => Promise<RequestResult<N>> {
  return async (event, raw) => {
    const frame = event.senderFrame;
    if (frame === null || frame.parent !== null || !isTrustedUrl(frame.url)) {
      throw new ContractError('forbidden', `Refused ${name} from an unknown sender (${frame === null ? 'no frame' : frame.url || 'empty URL'}).`);
    }
    return handler(validateRequest(name, raw));
  };
}

/** Register one request channel (channel name = request name). The only ipcMain.handle call. */
export function handle<N extends RequestName>(name: N, handler: RequestHandler<N>, isTrustedUrl: (url: string) => boolean): void {
  const guarded = guardRequest(name, handler, isTrustedUrl);
  ipcMain.handle(name, (event, raw: unknown) => toEnvelope(() => guarded(event as SenderInfo, raw)));
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
