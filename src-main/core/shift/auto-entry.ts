/**
 * What the engine notes in the shift log on its own, from an alarm change: critical alarms raised and
 * acknowledged, shelving, public notices issued and withdrawn, and the source lost and back. Everything else is left to the alarm trail.
 */
import type { Alarm, AlarmEvent } from '../../../src-shared/domain/alarms';

/** The text and station of an automatic entry, or null when the change is not worth a line. */
export interface AutoEntry {
  readonly text: string;
  readonly stationId: string | null;
}

/** The rule id of the system alarm raised while the source is down (core/system-alarms.ts). */
const SOURCE_RULE = 'system:source';

export function autoEntryFor(alarm: Alarm, event: AlarmEvent): AutoEntry | null {
  const station = alarm.kind === 'system' ? null : alarm.stationId;
  const where = station === null ? '' : ` at ${station}`;
  const comment = event.comment === null || event.comment === '' ? '' : `: ${event.comment}`;
  if (alarm.ruleId === SOURCE_RULE && event.type === 'activated') return { text: `Data source lost: ${alarm.message}`, stationId: null };
  if (alarm.ruleId === SOURCE_RULE && event.type === 'cleared') return { text: 'Data source back', stationId: null };
  switch (event.type) {
    case 'activated':
      return alarm.severity === 'critical' ? { text: `Critical alarm raised${where}: ${alarm.message}`, stationId: station } : null;
    case 'acknowledged':
      return alarm.severity === 'critical' ? { text: `Critical alarm ${alarm.id} acknowledged by ${event.who}${comment}`, stationId: station } : null;
    case 'shelved':
      return { text: `Alarm ${alarm.id} shelved by ${event.who}${alarm.shelf === null ? '' : ` until ${new Date(alarm.shelf.until).toISOString()}`}${comment}`, stationId: station };
    case 'unshelved':
      return { text: `Alarm ${alarm.id} unshelved by ${event.who}${comment}`, stationId: station };
    // Public notices (air quality): what the public was told, and when it was taken back.
    case 'notice-issued':
    case 'notice-withdrawn':
      return { text: `${event.comment ?? `Public notice ${event.type === 'notice-issued' ? 'issued' : 'withdrawn'}`} (${event.who})${where}`, stationId: station };
    default:
      return null;
  }
}

/** The entry for a station (or one metric) taken out of service or back, with the reason given. */
export function outOfServiceEntry(stationId: string, metric: string | null, outOfService: boolean, who: string, comment: string | null): AutoEntry {
  const what = metric === null ? `Station ${stationId}` : `${metric} at ${stationId}`;
  const reason = comment === null || comment === '' ? '' : `: ${comment}`;
  return { text: `${what} ${outOfService ? 'taken out of service' : 'back in service'} by ${who}${reason}`, stationId };
}

/** The entry for the database lost or back, from the store's previous and current state. */
export function databaseEntry(previous: string, current: string, detail: string | null): AutoEntry | null {
  const isDown = (s: string): boolean => s === 'unavailable' || s === 'buffering';
  if (!isDown(previous) && isDown(current)) return { text: `Database lost${detail === null ? '' : `: ${detail}`}`, stationId: null };
  if (isDown(previous) && current === 'ok') return { text: 'Database back', stationId: null };
  return null;
}
