/** One decoded message: a station's measurements at one event time (epoch ms). */
export interface Reading {
  readonly stationId: string;
  readonly ts: number;
  readonly metrics: Readonly<Record<string, number>>;
}

/** Where a raw message came from, so offsets can be committed exactly (Kafka) or reported (replay). */
export interface SourcePosition {
  readonly topic: string;
  readonly partition: number;
  /** Kafka offsets are 64-bit; kept as decimal strings like kafkajs does. */
  readonly offset: string;
}

/** A message as a source hands it to the decoder. */
export interface RawMessage {
  readonly value: Uint8Array | null;
  readonly position: SourcePosition | null;
  /** Wall-clock receive time, epoch ms. */
  readonly receivedAt: number;
}

/** Station id used for city-wide aggregates (all stations together). Reserved: the decoder rejects it as a station id. */
export const CITY_STATION_ID = '*';
