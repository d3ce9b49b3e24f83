/** What the engine's request handlers work on, and the status they and the status timer report. */
import type { EngineOptions } from '../engine-api';
import type { EngineSource } from './create-source';
import type { EventHub } from './event-hub';
import type { Pipeline } from '../../core/pipeline';
import type { HistoryStore } from '../../core/ports';
import type { Profile, Settings } from '../../../src-shared/settings/schema';
import type { PipelineStatus } from '../../../src-shared/ipc/status';
import type { EngineEscalation } from '../../adapters/notify/engine-escalation';

export interface EngineContext {
  options: EngineOptions & { settings: Settings };
  readonly profile: Profile;
  readonly pipeline: Pipeline;
  readonly store: HistoryStore;
  readonly source: EngineSource;
  readonly hub: EventHub;
  readonly now: () => number;
  restarts: number;
  /** Escalation once started (issue 19); null or absent: no enabled policy, or not started yet. */
  escalation?: EngineEscalation | null;
}

/** The pipeline's status as the contract's pipeline:status and status:changed carry it. */
export function buildStatus(context: EngineContext): PipelineStatus {
  const { pipeline, store, source, profile, now } = context;
  const storeStatus = store.status();
  return {
    at: now(),
    profileId: profile.id,
    source: { kind: source.kind, state: pipeline.source.state, detail: pipeline.source.detail },
    store: { kind: storeStatus.kind, state: storeStatus.state, queueDepth: storeStatus.queueDepth + pipeline.pendingWriteRows(), queueCapacity: storeStatus.queueCapacity, detail: storeStatus.detail },
    readingsPerSec: pipeline.readingsPerSec(),
    counters: pipeline.counters(),
    ...pipeline.windows(),
    caps: pipeline.caps(),
    lateness: pipeline.lateness(),
    lag: source.lag?.() ?? [],
    engineRestarts: context.restarts,
  };
}
