/** Builds the active profile's source (simulator, Kafka or replay) with what the engine needs around it. */
import type { EngineOptions } from './engine-api';
import type { Profile } from '../../src-shared/settings/schema';
import type { Station } from '../../src-shared/domain/station';
import type { PartitionLag } from '../../src-shared/ipc/status';
import type { ReadingSource } from '../core/ports';
import type { Pipeline } from '../core/pipeline';
import type { QuarantineInput } from '../core/quarantine';
import { SimulatorSource } from '../adapters/simulator/simulator-source';
import { ReplaySource } from '../adapters/replay/replay-source';

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
    case 'kafka':
      throw new Error('The Kafka source is not available in this build yet.');
  }
}
