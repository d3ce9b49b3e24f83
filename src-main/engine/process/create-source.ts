/** Builds the active profile's source (simulator, Kafka or replay) with what the engine needs around it. */
import type { EngineOptions } from '../engine-api';
import type { Profile } from '../../../src-shared/settings/schema';
import type { Station } from '../../../src-shared/domain/station';
import type { PartitionLag } from '../../../src-shared/ipc/status';
import type { ReadingSource } from '../../core/ports';
import type { Pipeline } from '../../core/pipeline';
import type { QuarantineInput } from '../../core/quarantine';
import { SimulatorSource } from '../../adapters/simulator/simulator-source';
import { ReplaySource } from '../../adapters/replay/replay-source';
import { KafkaSource } from '../../adapters/kafka/kafka-source';
import type { HistoryStore } from '../../core/ports';

/** A source plus the engine-side extras: its station registry, lag, and committing what is safe. */
export interface EngineSource extends ReadingSource {
  readonly stations: readonly Station[];
  lag?(): readonly PartitionLag[];
  commitSafe?(pipeline: Pipeline): Promise<void>;
}

/** Where a source reports messages it refused before they reached the pipeline (replay rows). */
export interface SourceSinks {
  readonly onReject: (input: QuarantineInput) => void;
  readonly now: () => number;
  readonly store: HistoryStore;
}

/** Engine state key under which the event time that committed offsets are safe up to is kept. */
export function resumeKey(groupId: string, topics: readonly string[]): string {
  return `kafka-resume:${groupId}:${[...topics].sort().join(',')}`;
}

export function createSource(profile: Profile, options: EngineOptions, sinks: SourceSinks): EngineSource {
  const settings = profile.source;
  switch (settings.kind) {
    case 'simulator':
      return new SimulatorSource(settings, { speed: settings.speed });
    case 'replay':
      return new ReplaySource(settings, {
        decoderLimits: options.settings.decoder,
        onReject: (reject) => sinks.onReject({ reason: reject.reason, detail: `row ${reject.row}: ${reject.detail}`, bytes: reject.bytes, position: reject.position, at: sinks.now() }),
      });
    case 'kafka': {
      const secrets = options.secrets[profile.id] ?? {};
      const source = new KafkaSource(settings, secrets, sinks.now);
      const key = resumeKey(settings.groupId, settings.topics);
      return Object.assign(source, {
        stations: [] as Station[],
        lag: () => source.status().lag,
        // Persist the resume point first: if we stop between the two writes, a restart re-reads a little more.
        async commitSafe(pipeline: Pipeline): Promise<void> {
          const { positions, resumeFrom } = pipeline.safePositions();
          if (positions.length === 0 || source.connectionState() !== 'connected') return;
          if (resumeFrom !== null) await sinks.store.setState(key, String(resumeFrom));
          await source.commit(positions);
          pipeline.offsets.markCommitted(positions);
        },
      });
    }
  }
}
