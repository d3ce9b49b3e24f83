/**
 * Shows what the NotificationPlanner decided as native notifications. Electron's Notification class is
 * passed in, so this stays testable and the planner stays pure.
 */
import type { Alarm, AlarmEvent } from '../../../src-shared/domain/alarms';
import type { NotificationPlanner, PlannedNotification } from './notification-planner';

/** The parts of an Electron Notification we use. */
export interface ShownNotification {
  on(event: 'click' | 'close', listener: () => void): unknown;
  show(): void;
}
export type NotificationFactory = (options: { title: string; body: string; urgency: 'normal' | 'critical'; silent: boolean }) => ShownNotification;

/** Glue between alarm events, the planner and the OS. */
export class Notifier {
  // Electron drops click handlers of notifications that were garbage-collected; keep them alive until closed.
  private readonly live = new Set<ShownNotification>();

  constructor(
    private readonly planner: NotificationPlanner,
    private readonly create: NotificationFactory,
    private readonly onClick: (notification: PlannedNotification) => void,
  ) {}

  onAlarmChanged(change: { readonly alarm: Alarm; readonly event: AlarmEvent }, now: number): void {
    this.showAll(this.planner.onAlarmChanged(change, now));
  }

  tick(now: number): void {
    this.showAll(this.planner.tick(now));
  }

  /** Show one notification that is not an alarm (e.g. "the engine restarted"). */
  showPlain(title: string, body: string, urgency: 'normal' | 'critical', now: number): void {
    if (this.planner.isPaused(now)) return;
    this.showAll([{ kind: 'single', title, body, urgency, silent: true, stationId: null, alarmId: null, alarmIds: [] }]);
  }

  private showAll(planned: readonly PlannedNotification[]): void {
    for (const item of planned) {
      const notification = this.create({ title: item.title, body: item.body, urgency: item.urgency, silent: item.silent });
      this.live.add(notification);
      if (this.live.size > 50) this.live.delete(this.live.values().next().value as ShownNotification);
      notification.on('click', () => this.onClick(item));
      notification.on('close', () => this.live.delete(notification));
      notification.show();
    }
  }
}
