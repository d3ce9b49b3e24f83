import type { Alarm } from '../../../src-shared/domain/alarms';

const severityRank = { critical: 0, warning: 1 } as const;

/** Alarm list order: priority first (critical before warning), then newest activation first, then id. */
export function compareAlarms(a: Alarm, b: Alarm): number {
  return severityRank[a.severity] - severityRank[b.severity] || b.activatedAt - a.activatedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
