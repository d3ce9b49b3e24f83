import type { Alarm, AlarmEvent } from '../../src-shared/domain/alarms';
import { Observable } from './observable';

/** The alarms the renderer knows, kept current from alarms:list and alarm:changed pushes. */
export class AlarmStore {
  /** A new array on every change, so React sees it changed. */
  readonly all = new Observable<readonly Alarm[]>([]);
  /** Recent transitions as pushed, newest last (bounded). */
  readonly recentEvents: AlarmEvent[] = [];
  private readonly byId = new Map<string, Alarm>();

  /** Replace everything with a fresh list from the engine. */
  load(alarms: readonly Alarm[]): void {
    this.byId.clear();
    for (const alarm of alarms) this.byId.set(alarm.id, alarm);
    this.all.set([...this.byId.values()]);
  }

  /**
   * Fold in one change. The newest arrival wins: pushes and answers come in order over one channel,
   * and updatedAt cannot order them (it is event time for activations, which a sped-up simulator
   * puts ahead of the wall-clock time of operator actions).
   */
  apply(alarm: Alarm, event: AlarmEvent | null = null): void {
    this.byId.set(alarm.id, alarm);
    if (event !== null) {
      this.recentEvents.push(event);
      if (this.recentEvents.length > 500) this.recentEvents.splice(0, this.recentEvents.length - 500);
    }
    this.all.set([...this.byId.values()]);
  }

  /** The alarm with this id, if known. */
  get(id: string): Alarm | undefined {
    return this.byId.get(id);
  }
}
