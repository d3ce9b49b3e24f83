/** Builds the active profile's source (simulator, Kafka or replay) with what the engine needs around it. */
import type { EngineOptions } from './engine-api';
import type { Profile } from '../../src-shared/settings/schema';
import type { Station } from '../../src-shared/domain/station';
import type { PartitionLag } from '../../src-shared/ipc/status';
import type { ReadingSource } from '../core/ports';
import type { Pipeline } from '../core/pipeline';
import { SimulatorSource } from '../adapters/simulator/simulator-source';

/** A source plus the engine-side extras: its station registry, lag, and committing what is safe. */
export interface EngineSource extends ReadingSource {
  readonly stations: readonly Station[];
  lag?(): readonly PartitionLag[];
  commitSafe?(pipeline: Pipeline): Promise<void>;
}

export function createSource(profile: Profile, _options: EngineOptions): EngineSource {
  const settings = profile.source;
  switch (settings.kind) {
    case 'simulator': {
      const source = new SimulatorSource(settings, { speed: settings.speed });
      return Object.assign(source, { stations: source.stations });
    }
    case 'kafka':
    case 'replay':
      throw new Error(`The ${settings.kind} source is not available in this build yet.`);
  }
}
