/**
 * The tray's colour and tooltip: red for an open critical alarm or a lost connection, amber for an
 * open warning or a degraded pipeline, grey when all is well. Pure; tray.ts draws it.
 */
import type { Alarm } from '../../../src-shared/domain/alarms';
import type { PipelineStatus } from '../../../src-shared/ipc/status';

export type TrayColour = 'grey' | 'amber' | 'red';

export interface TrayState {
  readonly colour: TrayColour;
  readonly tooltip: string;
}

/** The engine as the tray sees it (EngineHost states). */
export type EngineState = 'idle' | 'starting' | 'running' | 'restarting' | 'stopped' | 'failed';

/** Open alarms by id, kept current from alarms:list and alarm:changed. */
export class OpenAlarms {
  private readonly open = new Map<string, Alarm>();

  /** Replace everything (after alarms:list, e.g. on engine start). */
  reset(alarms: readonly Alarm[]): void {
    this.open.clear();
    for (const alarm of alarms) this.update(alarm);
  }

  update(alarm: Alarm): void {
    // Shelved alarms are deliberately set aside by the operator; they do not colour the tray.
    if (alarm.state === 'normal' || alarm.shelf !== null) this.open.delete(alarm.id);
    else this.open.set(alarm.id, alarm);
  }

  count(severity: Alarm['severity']): number {
    let n = 0;
    for (const alarm of this.open.values()) if (alarm.severity === severity) n++;
    return n;
  }
}

/** Colour and tooltip from open alarms, the last status and the engine state. */
export function trayState(alarms: OpenAlarms, status: PipelineStatus | null, engine: EngineState, isPaused: boolean): TrayState {
  const critical = alarms.count('critical');
  const warning = alarms.count('warning');
  const source = status?.source.state ?? null;
  const isDisconnected = source === 'disconnected' || source === 'auth-failed' || engine === 'failed';
  const isDegraded = engine === 'restarting' || engine === 'starting' || source === 'connecting' || source === 'rebalancing' || status?.store.state === 'buffering' || status?.store.state === 'unavailable';
  const colour: TrayColour = critical > 0 || isDisconnected ? 'red' : warning > 0 || isDegraded ? 'amber' : 'grey';
  const parts = [`Stationwatch — ${critical} critical, ${warning} warning`];
  if (engine !== 'running') parts.push(`engine ${engine}`);
  else if (source !== null) parts.push(`source ${source}`);
  if (isPaused) parts.push('notifications paused');
  return { colour, tooltip: parts.join(' · ') };
}
