/**
 * A delivery log for stores reached only through the HistoryStore port (embedded PGlite, memory):
 * the settled keys are kept as one state entry (with the time each settled, pruned after 30 days), so
 * a restart resends nothing; attempts are kept in memory for this run only. The write goes through
 * the store's outage buffer like every other write. PostgreSQL uses SqlDeliveryLog (full table).
 */
import type { HistoryStore } from '../../core/ports';
import type { DeliveryIntent } from '../../core/escalation/escalation-planner';
import { MemoryDeliveryLog } from './delivery-log';
import type { DeliveryLog, DeliveryRecord, DeliveryStatus } from './delivery-log';
import type { DeliveryAttempt } from './send-with-retries';

/** The state key holding `{ [deliveryKey]: settledAt }`. */
export const SETTLED_STATE_KEY = 'escalation.settled';
const KEEP_MS = 30 * 86_400_000;

export class StateDeliveryLog implements DeliveryLog {
  private readonly memory = new MemoryDeliveryLog();
  private settled: Record<string, number> | null = null;

  constructor(private readonly store: Pick<HistoryStore, 'getState' | 'setState'>) {}

  async settledKeys(sinceMs: number): Promise<string[]> {
    const settled = await this.load();
    return Object.entries(settled).filter(([, at]) => at >= sinceMs).map(([key]) => key);
  }

  begin(intent: DeliveryIntent, at: number): Promise<void> {
    return this.memory.begin(intent, at);
  }

  attempt(key: string, attempt: DeliveryAttempt): Promise<void> {
    return this.memory.attempt(key, attempt);
  }

  async finish(key: string, status: Exclude<DeliveryStatus, 'sending'>, error: string | null, at: number): Promise<void> {
    await this.memory.finish(key, status, error, at);
    const settled = await this.load();
    for (const [old, settledAt] of Object.entries(settled)) if (settledAt < at - KEEP_MS) delete settled[old];
    settled[key] = at;
    await this.store.setState(SETTLED_STATE_KEY, JSON.stringify(settled));
  }

  recent(limit: number): Promise<DeliveryRecord[]> {
    return this.memory.recent(limit);
  }

  private async load(): Promise<Record<string, number>> {
    if (this.settled !== null) return this.settled;
    const text = await this.store.getState(SETTLED_STATE_KEY);
    const parsed: unknown = text === null ? {} : JSON.parse(text);
    const settled: Record<string, number> = {};
    if (typeof parsed === 'object' && parsed !== null) {
      for (const [key, at] of Object.entries(parsed)) if (typeof at === 'number') settled[key] = at;
    }
    this.settled = settled;
    return settled;
  }
}
