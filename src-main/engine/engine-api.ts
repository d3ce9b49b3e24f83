/**
 * What the engine offers to whoever hosts it (Electron main, the headless server, tests). The engine
 * process entry speaks this over a message port; in-process callers use it directly.
 */
import type { PushOutcome, PushRoute } from '../core/push-outcome';
import type { EventName, EventPayloads, RequestName, RequestResult, SecretName, Unsubscribe, ValidRequestArgs } from '../../src-shared/ipc/contract';
import type { Settings } from '../../src-shared/settings/schema';

/** Decrypted secrets per profile id. Only main (safeStorage) or the headless config ever holds these. */
export type SecretValues = Readonly<Record<string, Partial<Record<SecretName, string>>>>;

export interface EngineOptions {
  readonly settings: Settings;
  readonly secrets: SecretValues;
  /** Where PGlite, spill files and logs live (Electron: userData; headless: --data-dir). */
  readonly dataDir: string;
  /** Operator on duty, for the audit trail. */
  readonly operator: string;
  /** Set by the host when it restarts a crashed engine: the engine raises the engine-restarted system alarm. */
  readonly restartCount?: number;
  /** Why the previous engine ended (set with restartCount), for the system alarm's message. */
  readonly restartReason?: string;
  /** Set by the headless server: an HTTP push source takes pushes (in the desktop app it says it needs headless mode). */
  readonly acceptsPushes?: boolean;
  /** Set by the headless server when it forwards pushes to Kafka: accepted pushes are answered with their readings. */
  readonly forwardPushes?: boolean;
}

/** What the engine tells whoever started it besides events: that it cannot go on. */
export interface EngineHooks {
  /**
   * The engine cannot go on and must be restarted (e.g. the store refused a write: nothing after it may
   * count as durable, so offsets stop and a restart re-reads from the last commit). Called once.
   */
  readonly onFatal?: (reason: string) => void;
}

export interface EngineHandle {
  /**
   * Arguments are already validated against REQUEST_SCHEMAS by the caller. Rejects with a plain-language Error.
   * `by` names the person asking when the caller knows it (headless mode's named operator tokens); the
   * audit trail records it instead of the configured operator. Never taken from a client's arguments.
   */
  request<N extends RequestName>(name: N, args: ValidRequestArgs<N>, by?: string): Promise<RequestResult<N>>;
  subscribe<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): Unsubscribe;
  /** An HTTP push body for the active source (headless mode); 'unavailable' when the source is not HTTP push. */
  push?(route: PushRoute, body: Uint8Array): Promise<PushOutcome>;
  /** Graceful: stop consuming, flush the store, commit offsets, close; bounded in time. Null when the engine could not report (killed after the time-out, or not running). */
  stop(): Promise<StopReport | null>;
}

/** How a graceful stop went; the engine sends it with `stopped` and the desktop app logs it. */
export interface StopReport {
  /** Everything the pipeline held (closed windows, alarm changes) reached the store. */
  readonly flushed: boolean;
  /** The source committed its offsets up to what is durable; null when the source has none (simulator). */
  readonly committed: boolean | null;
  /** The store closed without an error (PGlite shut down cleanly). */
  readonly storeClosed: boolean;
}
