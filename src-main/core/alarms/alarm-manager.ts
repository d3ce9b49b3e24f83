import type { Alarm, AlarmKind } from '../../../src-shared/domain/alarms';
import { ContractError } from '../../../src-shared/ipc/contract-error';
import { SYSTEM_ACTOR, alarmId } from '../../../src-shared/domain/alarms';
import type { Condition } from '../rules/condition';
import { compareAlarms } from './alarm-order';
import type { AlarmChange } from './alarm-transitions';
import { acknowledge, activate, clear, foldValue, newAlarm, step, takeOutOfService } from './alarm-transitions';
import { ChatterHistory } from './chatter-history';
import type { OutOfServiceKey } from './out-of-service';
import { OutOfServiceSet } from './out-of-service';

export type { AlarmChange } from './alarm-transitions';
export type { OutOfServiceKey } from './out-of-service';

/** Chattering threshold: `chatterCount` activations within `chatterWindowMs` of event time (default 3 in 60 s). */
export interface AlarmManagerOptions {
  readonly chatterCount?: number;
  readonly chatterWindowMs?: number;
}

/** What list() returns besides alarms that need attention. */
export interface AlarmListOptions {
  /** Every alarm, normal and shelved ones included. */
  readonly includeNormal?: boolean;
  /** Shelved alarms too (they are hidden by default). */
  readonly includeShelved?: boolean;
}

/**
 * ISA-18.2 alarm lifecycle, one alarm per (rule, station): normal → unacknowledged → acknowledged →
 * normal, or → returned-unacknowledged when the condition clears before acknowledgement. Shelving and
 * out-of-service sit on top. Every transition is recorded as an audit event (who, when, comment,
 * from/to state, value). Pure: every time is a parameter (event time for conditions, wall clock for
 * operator actions and shelf expiry).
 */
export class AlarmManager {
  private readonly alarms = new Map<string, Alarm>();
  private readonly chatter: ChatterHistory;
  private readonly outOfService = new OutOfServiceSet();
  private changes: AlarmChange[] = [];
  private updated = new Set<string>();

  constructor(options: AlarmManagerOptions = {}) {
    this.chatter = new ChatterHistory(options.chatterCount ?? 3, options.chatterWindowMs ?? 60_000);
  }

  /**
   * Loads what was stored (alarms survive restarts). Records no events. What this run already holds
   * wins: the engine reads the store only once it has caught up, and system alarms (engine restarted,
   * store buffer) or an operator's out-of-service may have come first.
   */
  restore(alarms: readonly Alarm[], outOfService: readonly OutOfServiceKey[]): void {
    for (const alarm of alarms) if (!this.alarms.has(alarm.id)) this.alarms.set(alarm.id, alarm);
    for (const entry of outOfService) this.outOfService.add(entry.stationId, entry.metric);
  }

  /**
   * Apply a condition change from the rule engine (or a system check). Conditions of stations or
   * sensors out of service are ignored. Shelved alarms keep tracking their condition (their events
   * are recorded; `alarm.shelf` tells consumers not to annunciate them). kind defaults to 'system'
   * for rule ids starting with "system:", else 'process'.
   */
  applyCondition(c: Condition, rule?: { kind: AlarmKind }): void {
    if (this.outOfService.covers(c.stationId, c.metric)) return;
    const kind = rule?.kind ?? (c.ruleId.startsWith('system:') ? 'system' : 'process');
    const existing = this.alarms.get(alarmId(c.ruleId, c.stationId));
    if (existing === undefined && !c.isActive) return;
    const alarm = existing ?? newAlarm(c, kind);
    if (!c.isActive) {
      if (alarm.isActive) this.record(clear(alarm, c));
      return;
    }
    if (alarm.isActive) {
      // Repeats and new peaks fold into the alarm; an acknowledged alarm never comes back as new while it holds.
      this.alarms.set(alarm.id, foldValue(alarm, c));
      this.updated.add(alarm.id);
      return;
    }
    const isChattering = this.chatter.onActivation(alarm.id, c.at);
    // The flag drops silently when activations slow down; turning on is an event of its own, once.
    const activated = this.record(activate(alarm, c, alarm.isChattering && isChattering));
    if (isChattering && !alarm.isChattering) {
      this.record(step(activated, 'chattering', { isChattering: true }, c.at, SYSTEM_ACTOR, null));
    }
  }

  /** An operator acknowledges an alarm. Throws for an unknown id or an alarm with nothing to acknowledge. */
  acknowledge(id: string, who: string, comment: string | null, nowMs: number): Alarm {
    return this.record(acknowledge(this.require(id), who, comment, nowMs));
  }

  /** Shelve an alarm until wall-clock `untilMs` (re-shelving replaces the shelf). Throws on bad input. */
  shelve(id: string, who: string, reason: string, untilMs: number, nowMs: number): Alarm {
    const alarm = this.require(id);
    if (reason.trim() === '') throw new ContractError('invalid-arguments', 'Shelving needs a reason');
    if (!(untilMs > nowMs)) throw new ContractError('invalid-arguments', `Shelf expiry ${untilMs} is not after now (${nowMs})`);
    return this.record(step(alarm, 'shelved', { shelf: { by: who, reason, until: untilMs } }, nowMs, who, reason));
  }

  /** Take an alarm off the shelf; it shows again in the state its condition gave it. Throws if not shelved. */
  unshelve(id: string, who: string, comment: string | null, nowMs: number): Alarm {
    const alarm = this.require(id);
    if (alarm.shelf === null) throw new ContractError('invalid-arguments', `Alarm ${id} is not shelved`);
    return this.record(step(alarm, 'unshelved', { shelf: null }, nowMs, who, comment));
  }

  /**
   * Put a station (metric null = all its sensors) or one sensor out of service, or back. Going out
   * records an 'out-of-service' event for each of its alarms and returns them to normal; coming back
   * records 'in-service' and starts clean (call RuleEngine.resetConditions too). Repeats are no-ops.
   */
  setOutOfService(stationId: string, metric: string | null, isOutOfService: boolean, who: string, comment: string | null, nowMs: number): void {
    const isChange = isOutOfService ? this.outOfService.add(stationId, metric) : this.outOfService.remove(stationId, metric);
    if (!isChange) return;
    for (const alarm of this.sortedAlarms()) {
      if (alarm.stationId !== stationId || (metric !== null && alarm.metric !== metric)) continue;
      if (isOutOfService) {
        this.chatter.forget(alarm.id);
        this.record(takeOutOfService(alarm, who, comment, nowMs));
      } else {
        this.record(step(alarm, 'in-service', {}, nowMs, who, comment));
      }
    }
  }

  /** True if the station (metric null) or that sensor of it is out of service; a station out covers all its sensors. */
  isOutOfService(stationId: string, metric: string | null): boolean {
    return this.outOfService.covers(stationId, metric);
  }

  /** Stations and sensors out of service, for storage and the UI. */
  listOutOfService(): OutOfServiceKey[] {
    return this.outOfService.entries();
  }

  /** Wall-clock housekeeping: shelves that expired are removed by SYSTEM_ACTOR with an 'unshelved' event. */
  tick(wallMs: number): void {
    for (const alarm of [...this.alarms.values()]) {
      if (alarm.shelf !== null && alarm.shelf.until <= wallMs) this.unshelve(alarm.id, SYSTEM_ACTOR, 'shelf expired', wallMs);
    }
  }

  /**
   * Alarms that need attention (not normal, not shelved), critical first, newest first within a
   * priority. includeShelved adds every shelved one, cleared ones too (the operator may unshelve it); includeNormal
   * returns every alarm.
   */
  list(options: AlarmListOptions = {}): Alarm[] {
    return this.sortedAlarms().filter((a) => options.includeNormal === true || (a.shelf !== null ? options.includeShelved === true : a.state !== 'normal'));
  }

  /** Shelved alarms, whatever their state, in list order. */
  listShelved(): Alarm[] {
    return this.sortedAlarms().filter((a) => a.shelf !== null);
  }

  /** One alarm by id. */
  get(id: string): Alarm | undefined {
    return this.alarms.get(id);
  }

  /** Every transition since the last drain, in order, each with the alarm as it was right after it. */
  drainChanges(): AlarmChange[] {
    const drained = this.changes;
    this.changes = [];
    return drained;
  }

  /** Alarms whose value or peak changed without a transition since the last drain (for live display). */
  drainUpdated(): Alarm[] {
    const ids = this.updated;
    this.updated = new Set();
    return [...ids].map((id) => this.alarms.get(id)).filter((a): a is Alarm => a !== undefined);
  }

  private record(change: AlarmChange): Alarm {
    this.alarms.set(change.alarm.id, change.alarm);
    this.changes.push(change);
    this.updated.delete(change.alarm.id);
    return change.alarm;
  }

  private require(id: string): Alarm {
    const alarm = this.alarms.get(id);
    // The contract bounds ids, so the answer naming it stays short.
    if (alarm === undefined) throw new ContractError('not-found', `Unknown alarm: ${id}`);
    return alarm;
  }

  private sortedAlarms(): Alarm[] {
    return [...this.alarms.values()].sort(compareAlarms);
  }
}
