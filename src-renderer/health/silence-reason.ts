import type { Alarm } from '../../src-shared/domain/alarms';
import type { PipelineStatus } from '../../src-shared/ipc/status';
import type { StationLatest } from '../data/live-store';
import { formatDateTime, zoneLabel } from '../time/control-room-time';

/** What the health view can say about one station's silence, most likely cause first. */
export interface SilenceAnswer {
  readonly isSilent: boolean;
  readonly reasons: readonly string[];
}

/**
 * Answer "why is station X silent?" from what the renderer knows: the pipeline's own state first
 * (a stopped source or a dead connection silences every station), then the station's last data,
 * its service state (null = the whole station, else metric ids) and its open alarms.
 */
export function whySilent(stationId: string, latest: StationLatest | undefined, status: PipelineStatus | null, alarms: readonly Alarm[], outOfService: readonly (string | null)[], staleMs: number, now: number): SilenceAnswer {
  const reasons: string[] = [];
  if (status === null) reasons.push('No pipeline status yet: the connection to the engine may be down.');
  else {
    const state = status.source.state;
    if (state !== 'connected' && state !== 'running') reasons.push(`The data source (${status.source.kind}) is ${state}${status.source.detail ? `: ${status.source.detail}` : ''} — every station is affected.`);
    const rejected = Object.values(status.counters.rejected).reduce((a, b) => a + b, 0);
    if (rejected > 0) reasons.push(`${rejected} messages were rejected by the decoder; this station's messages may be among them (see Rejected messages).`);
  }
  if (outOfService.includes(null)) reasons.push('The station is out of service: its alarms are suppressed.');
  const metrics = outOfService.filter((m): m is string => m !== null);
  if (metrics.length > 0) reasons.push(`Out of service: ${metrics.join(', ')} — alarms on ${metrics.length === 1 ? 'that metric' : 'those metrics'} are suppressed.`);
  const age = latest === undefined ? null : now - latest.lastSeenAt;
  const isSilent = age === null || age > staleMs;
  if (latest === undefined) reasons.push('No reading from this station has arrived since this window opened.');
  else if (isSilent) reasons.push(`Last reading arrived ${Math.round((age as number) / 1000)} s ago (event time ${formatDateTime(latest.lastTs)} ${zoneLabel(latest.lastTs)}), longer than the ${Math.round(staleMs / 1000)} s stale limit.`);
  for (const alarm of alarms) {
    if (alarm.stationId !== stationId || !alarm.isActive) continue;
    if (alarm.kind === 'system' || alarm.metric === null) reasons.push(`Open alarm: ${alarm.message}`);
  }
  if (!isSilent && reasons.length === 0) reasons.push('The station is reporting normally.');
  return { isSilent, reasons };
}
