/**
 * A WebSocket to the headless server that sends any frame, well-formed or not, and reports what it came
 * to: the answer to its id, the socket's close (with its code), or nothing in time. For fuzzing the
 * contract, where tests/helpers/ws-client.ts (which only sends valid requests) cannot go.
 */
import { WebSocket } from 'ws';
import type { FrameCase } from './fuzz-contract-frames';

/** What a frame came to. */
export type FrameOutcome =
  | { readonly kind: 'answer'; readonly ok: boolean; readonly error?: { readonly code?: unknown; readonly message?: unknown } }
  | { readonly kind: 'closed'; readonly code: number }
  | { readonly kind: 'nothing' };

/** One authenticated socket; a frame at a time. */
export interface FrameSession {
  /** What the server's hello granted. */
  readonly role: string;
  isOpen(): boolean;
  /** Send `frame` and wait for its outcome, at most `timeoutMs` (default 15 s). */
  exchange(frame: FrameCase, timeoutMs?: number): Promise<FrameOutcome>;
  close(): void;
}

/** Connect to ws://127.0.0.1:<port>/ws with `token` and wait for the server's hello. */
export async function openFrameSession(port: number, token: string): Promise<FrameSession> {
  const socket = new WebSocket(`ws://127.0.0.1:${port}/ws`, { headers: { Authorization: `Bearer ${token}` } });
  const waiting = new Map<number, (outcome: FrameOutcome) => void>();
  let onClose: ((code: number) => void) | null = null;
  socket.on('close', (code) => onClose?.(code));
  const role = await new Promise<string>((resolve, reject) => {
    socket.once('unexpected-response', (_request, response) => reject(new Error(`HTTP ${response.statusCode}`)));
    socket.once('error', reject);
    socket.on('message', (data) => {
      const message = JSON.parse(data.toString()) as { t: string; id?: number; role?: string; ok?: boolean; error?: { code?: unknown; message?: unknown } };
      if (message.t === 'hello') resolve(String(message.role));
      if (message.t === 'res') waiting.get(Number(message.id))?.({ kind: 'answer', ok: message.ok === true, ...(message.error ? { error: message.error } : {}) });
    });
  });
  socket.on('error', () => undefined);
  return {
    role,
    isOpen: () => socket.readyState === socket.OPEN,
    exchange(frame, timeoutMs = 15_000) {
      return new Promise((resolve) => {
        const timer = setTimeout(() => done({ kind: 'nothing' }), timeoutMs);
        function done(outcome: FrameOutcome): void {
          clearTimeout(timer);
          if (frame.answerId !== null) waiting.delete(frame.answerId);
          onClose = null;
          resolve(outcome);
        }
        if (frame.answerId !== null) waiting.set(frame.answerId, done);
        onClose = (code) => done({ kind: 'closed', code });
        socket.send(frame.data, { binary: frame.isBinary });
      });
    },
    close: () => socket.terminate(),
  };
}
