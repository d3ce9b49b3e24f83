const DAY_MS = 86_400_000;

/** What the alarm history and performance pages load and read. */
export interface AlarmHistoryRange {
  /** The span alarms:history loads: `days` back from the earlier clock up to the later one. */
  readonly from: number;
  readonly to: number;
  /** The last `days` on the data's clock, against which activations (event time) are counted. */
  readonly dataFrom: number;
  readonly dataTo: number;
}

/**
 * The audit trail mixes two clocks: activations and clears carry the data's event time, operator actions
 * (acknowledge, shelve) the wall clock. With a sped-up simulator or a replay the two differ by hours or
 * years, so the history loads the last `days` of both, and the EEMUA figures count activations over the
 * last `days` of the data's clock.
 */
export function alarmHistoryRange(wallNow: number, dataNow: number, days: number): AlarmHistoryRange {
  const span = days * DAY_MS;
  const dataTo = Math.ceil(dataNow) + 1;
  const to = Math.max(Math.ceil(wallNow) + 1, dataTo);
  return { from: Math.max(0, Math.floor(Math.min(wallNow, dataNow)) - span), to, dataFrom: Math.max(0, dataTo - span), dataTo };
}
