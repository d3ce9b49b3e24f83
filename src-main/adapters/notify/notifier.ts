/**
 * The imperative shell around the escalation planner: it feeds the planner alarms and the clock,
 * sends each intent through its channel (with retries, in the background), writes the delivery log
 * and settles the intent. Opening it reads the settled keys back from the log, so a restart does not
 * resend. The engine owns one per run: settings changes restart it.
 */
import type { Alarm } from '../../../src-shared/domain/alarms';
import type { EscalationSettings } from '../../../src-shared/settings/escalation';
import { EscalationPlanner } from '../../core/escalation/escalation-planner';
import type { DeliveryIntent } from '../../core/escalation/escalation-planner';
import { deliver } from './channel-send';
import type { ChannelSecrets } from './channel-send';
import type { DeliveryLog } from './delivery-log';
import { intentNotification } from './notification-message';
import type { DeliveryResult } from './send-with-retries';

/** Settled keys older than this are not read back: no escalation lasts that long. */
const SETTLED_LOOKBACK_MS = 30 * 86_400_000;

export interface NotifierOptions {
  readonly settings: EscalationSettings;
  readonly secrets: ChannelSecrets;
  readonly log: DeliveryLog;
  /** Wall clock (epoch ms). */
  readonly now: () => number;
  readonly stationName?: (stationId: string) => string | null;
  /** A delivery that failed for good, or a log write that failed: for the status view / system log. */
  readonly onProblem?: (message: string) => void;
  /** Waits between retries (tests may shorten). */
  readonly wait?: (ms: number) => Promise<void>;
}

export class Notifier {
  private readonly pending = new Set<Promise<void>>();

  private constructor(private readonly options: NotifierOptions, private readonly planner: EscalationPlanner) {}

  /** Reads the settled keys from the log and starts a planner with them. */
  static async open(options: NotifierOptions): Promise<Notifier> {
    const settled = await options.log.settledKeys(options.now() - SETTLED_LOOKBACK_MS);
    return new Notifier(options, new EscalationPlanner(options.settings, settled));
  }

  /** An alarm's latest state (from the alarm manager's changes, or the alarms loaded at start). */
  observe(alarm: Alarm): void {
    this.planner.observe(alarm);
  }

  forget(alarmId: string): void {
    this.planner.forget(alarmId);
  }

  /** Starts every delivery due now; they run in the background (see idle()). */
  tick(): void {
    for (const intent of this.planner.tick(this.options.now())) {
      const run = this.send(intent).finally(() => this.pending.delete(run));
      this.pending.add(run);
    }
  }

  /** Resolves when the deliveries started so far have finished (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  private async send(intent: DeliveryIntent): Promise<void> {
    const { log, now } = this.options;
    await this.logged(() => log.begin(intent, now()));
    const channel = this.options.settings.channels.find((c) => c.id === intent.channelId);
    let result: DeliveryResult;
    if (channel === undefined) {
      result = { isOk: false, attempts: [], error: `channel “${intent.channelId}” no longer exists` };
    } else {
      const notification = intentNotification(intent, { stationName: this.options.stationName?.(intent.alarm.stationId) ?? null, linkBaseUrl: this.options.settings.linkBaseUrl, now: now() });
      result = await deliver(channel, notification, this.options.secrets, {
        now,
        onAttempt: (attempt) => this.logged(() => log.attempt(intent.key, attempt)),
        ...(this.options.wait === undefined ? {} : { wait: this.options.wait }),
      });
    }
    await this.logged(() => log.finish(intent.key, result.isOk ? 'delivered' : 'failed', result.error, now()));
    this.planner.settle(intent.key);
    if (!result.isOk) {
      const tries = result.attempts.length === 1 ? '1 attempt' : `${result.attempts.length} attempts`;
      this.options.onProblem?.(`Escalation of ${intent.alarm.id} (step ${intent.step}, ${intent.policyName}) to “${channel?.name ?? intent.channelId}” failed after ${tries}: ${result.error ?? 'unknown error'}`);
    }
  }

  /** A log write that fails is reported; the delivery itself goes on. */
  private async logged(write: () => Promise<void>): Promise<void> {
    try {
      await write();
    } catch (error) {
      this.options.onProblem?.(`The delivery log could not be written: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
