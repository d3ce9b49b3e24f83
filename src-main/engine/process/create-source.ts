/** Builds the active profile's source (simulator, Kafka, MQTT, replay or HTTP push) with what the engine needs around it. */
import type { EngineOptions } from '../engine-api';
import type { Profile } from '../../../src-shared/settings/schema';
import type { Station } from '../../../src-shared/domain/station';
import type { PartitionLag } from '../../../src-shared/ipc/status';
import type { ReadingSource } from '../../core/ports';
import type { CommitTarget } from '../../core/checkpoint';
import type { QuarantineInput } from '../../core/quarantine';
import { SimulatorSource } from '../../adapters/simulator/simulator-source';
import { ReplaySource } from '../../adapters/replay/replay-source';
import { KafkaSource } from '../../adapters/kafka/kafka-source';
import { MqttSource } from '../../adapters/mqtt/mqtt-source';
import { HttpPushSource } from '../../adapters/http-push/http-push-source';
import { join } from 'node:path';
import type { HistoryStore } from '../../core/ports';

/** A source plus the engine-side extras: its station registry, lag, and where the pipeline's checkpoint commits. */
export interface EngineSource extends ReadingSource {
  readonly stations: readonly Station[];
  lag?(): readonly PartitionLag[];
  /** For a source with offsets: the pipeline's checkpoint decides what is safe and commits it here. */
  readonly commitTarget?: CommitTarget;
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

/** Where an MQTT profile's journal lives (one per profile: it holds what that profile's session accepted). */
export function mqttJournalDir(dataDir: string, profileId: string): string {
  return join(dataDir, 'mqtt-journal', encodeURIComponent(profileId));
}

/** The engine state key of the active source's resume point, or null for a source without offsets. */
export function sourceResumeKey(profile: Profile): string | null {
  const source = profile.source;
  if (source.kind === 'kafka') return resumeKey(source.groupId, source.topics);
  if (source.kind === 'mqtt') return `mqtt-resume:${profile.id}`;
  return null;
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
      const commitTarget: CommitTarget = {
        commit: (positions) => source.commit(positions),
        canCommit: () => source.connectionState() === 'connected',
        saveResumePoint: (eventTime) => sinks.store.setState(key, String(eventTime)),
      };
      return Object.assign(source, { stations: [] as Station[], lag: () => source.status().lag, commitTarget });
    }
    case 'mqtt': {
      const secrets = options.secrets[profile.id] ?? {};
      const source = new MqttSource(settings, secrets, mqttJournalDir(options.dataDir, profile.id), sinks.now);
      const key = sourceResumeKey(profile) as string;
      const commitTarget: CommitTarget = {
        commit: (positions) => source.commit(positions),
        canCommit: () => source.canCommit(),
        saveResumePoint: (eventTime) => sinks.store.setState(key, String(eventTime)),
      };
      return Object.assign(source, { stations: [] as Station[], lag: () => source.status().lag, commitTarget });
    }
    case 'http-push': {
      // No offsets to commit: a push is answered once taken (and durable), so the client holds what is not.
      const source = new HttpPushSource({
        shape: settings.shape,
        maxBodyBytes: settings.maxBodyBytes,
        keys: options.settings.decoder,
        storeRaw: options.settings.store.rawReadings,
        acceptsPushes: options.acceptsPushes === true,
        forwardReadings: options.forwardPushes === true,
        now: sinks.now,
      });
      return Object.assign(source, { stations: [] as Station[] });
    }
  }
}
