/**
 * Escalation policies as a pure state machine: alarms go in (observe), the current wall-clock time goes
 * in on each tick, and delivery intents come out. The shell sends them and reports back (settle).
 *
 * Idempotence: each intent has a key per (alarm activation, policy, step, channel). A key settled as
 * delivered or given up is never emitted again, and the shell persists settled keys in its delivery
 * log, so an engine that restarts mid-escalation is handed them back and resends nothing.
 */
import type { Alarm } from '../../../src-shared/domain/alarms';
import type { EscalationPolicy, EscalationSettings } from '../../../src-shared/settings/escalation';
import { QuietWindow } from './quiet-hours';

/** One message to send: this alarm's step of this policy, to one channel. */
export interface DeliveryIntent {
  readonly key: string;
  readonly alarm: Alarm;
  readonly policyId: string;
  readonly policyName: string;
  /** 1-based, as people count steps. */
  readonly step: number;
  readonly channelId: string;
  /** When the escalation clock started: the activation, or when the planner first saw it if that is earlier (see clockStart). */
  readonly since: number;
  /** When the step fell due (since + delay). */
  readonly dueAt: number;
}

/** The idempotence key of one delivery: alarm id, activation time, policy id, step (1-based), channel id. */
export function deliveryKey(alarmId: string, activatedAt: number, policyId: string, step: number, channelId: string): string {
  return `${activationPrefix(alarmId, activatedAt)}${policyId}#${step}#${channelId}`;
}

/** True while an alarm needs someone: active, unacknowledged and not shelved (out of service is normal). */
export function needsEscalation(alarm: Alarm): boolean {
  return alarm.state === 'unacknowledged' && alarm.isActive && alarm.shelf === null;
}

interface CompiledPolicy {
  readonly policy: EscalationPolicy;
  readonly quiet: QuietWindow | null;
}

export class EscalationPlanner {
  private readonly policies: readonly CompiledPolicy[];
  private readonly alarms = new Map<string, Alarm>();
  /** Per alarm id: the activation being escalated and when its clock started. */
  private readonly clocks = new Map<string, { readonly activatedAt: number; readonly since: number }>();
  private readonly settled = new Set<string>();
  private readonly inFlight = new Set<string>();

  /** `settledKeys`: keys the delivery log already holds as delivered or given up (after a restart). */
  constructor(settings: EscalationSettings, settledKeys: Iterable<string> = []) {
    this.policies = settings.policies.filter((p) => p.enabled).map((policy) => ({ policy, quiet: policy.quietHours === null ? null : new QuietWindow(policy.quietHours) }));
    for (const key of settledKeys) this.settled.add(key);
  }

  /** The alarm's latest state; a new activation drops the settled keys of the alarm's earlier ones. */
  observe(alarm: Alarm): void {
    const previous = this.alarms.get(alarm.id);
    if (previous !== undefined && previous.activatedAt !== alarm.activatedAt) this.dropActivation(previous);
    this.alarms.set(alarm.id, alarm);
  }

  /** The alarm is gone (its rule was deleted). */
  forget(alarmId: string): void {
    const previous = this.alarms.get(alarmId);
    if (previous !== undefined) this.dropActivation(previous);
    this.alarms.delete(alarmId);
    this.clocks.delete(alarmId);
  }

  /** Intents due at `now` that were neither settled nor handed out yet; each is handed out once until settled or released. */
  tick(now: number): DeliveryIntent[] {
    const out: DeliveryIntent[] = [];
    for (const alarm of this.alarms.values()) {
      if (!needsEscalation(alarm)) continue;
      const since = this.clockStart(alarm, now);
      for (const compiled of this.policies) {
        if (!applies(compiled.policy, alarm)) continue;
        if (isHeldByQuietHours(compiled, alarm, now)) continue;
        this.collectDue(compiled.policy, alarm, since, now, out);
      }
    }
    return out;
  }

  /** The shell finished an intent, delivered or given up after its retries: never emitted again. */
  settle(key: string): void {
    this.inFlight.delete(key);
    this.settled.add(key);
  }

  /** The shell dropped an intent unsent (shutting down): it may be emitted again. */
  release(key: string): void {
    this.inFlight.delete(key);
  }

  /**
   * The escalation clock of the alarm's activation: its event time, or the wall-clock moment the planner
   * first saw it when that is earlier. Event time alone would be wrong for a simulator running faster
   * than real time (activations in the future); after a restart the event time carries on where the
   * previous run was.
   */
  private clockStart(alarm: Alarm, now: number): number {
    const clock = this.clocks.get(alarm.id);
    if (clock !== undefined && clock.activatedAt === alarm.activatedAt) return clock.since;
    const since = Math.min(alarm.activatedAt, now);
    this.clocks.set(alarm.id, { activatedAt: alarm.activatedAt, since });
    return since;
  }

  private collectDue(policy: EscalationPolicy, alarm: Alarm, since: number, now: number, out: DeliveryIntent[]): void {
    policy.steps.forEach((step, index) => {
      const dueAt = since + step.afterSeconds * 1000;
      if (now < dueAt) return;
      for (const channelId of step.channelIds) {
        const key = deliveryKey(alarm.id, alarm.activatedAt, policy.id, index + 1, channelId);
        if (this.settled.has(key) || this.inFlight.has(key)) continue;
        this.inFlight.add(key);
        out.push({ key, alarm, policyId: policy.id, policyName: policy.name, step: index + 1, channelId, since, dueAt });
      }
    });
  }

  private dropActivation(alarm: Alarm): void {
    const prefix = activationPrefix(alarm.id, alarm.activatedAt);
    for (const key of this.settled) if (key.startsWith(prefix)) this.settled.delete(key);
  }
}

function activationPrefix(alarmId: string, activatedAt: number): string {
  return `${alarmId}#${activatedAt}#`;
}

function applies(policy: EscalationPolicy, alarm: Alarm): boolean {
  return policy.severities.includes(alarm.severity) && (policy.ruleIds === null || policy.ruleIds.includes(alarm.ruleId));
}

/** Inside quiet hours a severity the window does not allow waits (it goes out when the window ends). */
function isHeldByQuietHours(compiled: CompiledPolicy, alarm: Alarm, now: number): boolean {
  return compiled.quiet !== null && compiled.quiet.contains(now) && !compiled.quiet.hours.allowSeverities.includes(alarm.severity);
}
