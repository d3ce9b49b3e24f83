// Messages between the PGlite client (engine thread) and the PGlite worker. Both sides import this file only.

/** Methods the worker serves; each maps onto the SqlStore method of the same name. */
export const WORKER_METHODS = [
  'ready', 'apply', 'runRetention', 'queryHistory', 'queryWindows', 'listStations', 'loadAlarms', 'alarmHistory', 'listRejected', 'loadRules', 'getState', 'readShiftLog', 'readHandovers', 'readNotices', 'airHistory', 'replaySeek', 'readIncidents', 'writeIncident', 'close',
] as const;
export type WorkerMethod = (typeof WORKER_METHODS)[number];

/** What the worker is started with (workerData). */
export interface WorkerInit {
  /** Database directory; null = in memory (tests). */
  readonly dir: string | null;
}

export interface WorkerRequest {
  readonly id: number;
  readonly method: WorkerMethod;
  readonly args: readonly unknown[];
}

export type WorkerReply =
  | { readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly id: number; readonly ok: false; readonly message: string; readonly code: string | null };
