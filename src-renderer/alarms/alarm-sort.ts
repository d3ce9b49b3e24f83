import type { Alarm } from '../../src-shared/domain/alarms';
import type { Severity } from '../../src-shared/domain/rules';

/** What the operator narrowed the alarm list to. Empty strings mean "any". */
export interface AlarmFilter {
  readonly text: string;
  readonly severity: Severity | '';
  readonly showShelved: boolean;
}

export const NO_FILTER: AlarmFilter = { text: '', severity: '', showShelved: false };

const PRIORITY: Readonly<Record<Severity, number>> = { critical: 0, warning: 1 };

/** True for the alarms an operator must see: active, or cleared but not yet acknowledged. */
export function isOpen(alarm: Alarm): boolean {
  return alarm.isActive || alarm.state === 'returned-unacknowledged';
}

/** True while an alarm waits for an acknowledgement. */
export function isUnacknowledged(alarm: Alarm): boolean {
  return alarm.state === 'unacknowledged' || alarm.state === 'returned-unacknowledged';
}

/** True while a shelf hides the alarm (its expiry still ahead). */
export function isShelved(alarm: Alarm, now: number): boolean {
  return alarm.shelf !== null && alarm.shelf.until > now;
}

/**
 * The alarm list an operator works from (ISA-18.2): open alarms, or with showShelved every shelved
 * alarm (a shelved alarm whose condition cleared is still on the shelf and may need unshelving),
 * filtered, sorted by priority (critical first), then unacknowledged before acknowledged, then newest
 * first. `searchText` gives what the text filter matches (station name and district included);
 * by default station id, metric and message.
 */
export function visibleAlarms(alarms: Iterable<Alarm>, filter: AlarmFilter, now: number, searchText: (alarm: Alarm) => string = defaultSearchText): Alarm[] {
  const text = filter.text.trim().toLowerCase();
  const out: Alarm[] = [];
  for (const alarm of alarms) {
    if (filter.showShelved ? !isShelved(alarm, now) : !isOpen(alarm) || isShelved(alarm, now)) continue;
    if (filter.severity !== '' && alarm.severity !== filter.severity) continue;
    if (text !== '' && !searchText(alarm).toLowerCase().includes(text)) continue;
    out.push(alarm);
  }
  return out.sort(compareAlarms);
}

/** How many alarms the shelf holds now (what the shelved list shows, before filters). */
export function countShelved(alarms: Iterable<Alarm>, now: number): number {
  let count = 0;
  for (const alarm of alarms) if (isShelved(alarm, now)) count++;
  return count;
}

function defaultSearchText(alarm: Alarm): string {
  return `${alarm.stationId} ${alarm.metric ?? ''} ${alarm.message}`;
}

/** Priority, then acknowledgement, then age (newest first); id breaks ties so the order is stable. */
export function compareAlarms(a: Alarm, b: Alarm): number {
  return (
    PRIORITY[a.severity] - PRIORITY[b.severity] ||
    Number(isUnacknowledged(b)) - Number(isUnacknowledged(a)) ||
    b.activatedAt - a.activatedAt ||
    a.id.localeCompare(b.id)
  );
}

/** Worst open, unshelved alarm severity per station: what the map colours by. */
export function worstSeverityByStation(alarms: Iterable<Alarm>, now: number): Map<string, Severity> {
  const worst = new Map<string, Severity>();
  for (const alarm of alarms) {
    if (!isOpen(alarm) || isShelved(alarm, now)) continue;
    const current = worst.get(alarm.stationId);
    if (current === undefined || PRIORITY[alarm.severity] < PRIORITY[current]) worst.set(alarm.stationId, alarm.severity);
  }
  return worst;
}

/** "3 min", "2 h 05 min", "4 d 3 h": how long an alarm has been standing. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h} h ${String(m % 60).padStart(2, '0')} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}
