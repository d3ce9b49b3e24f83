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
  /** The topic the message arrived on (an MQTT topic such as city/s1/readings), when the source has one. */
  readonly topic?: string;
  /** The message key (Kafka), when the source has one. */
  readonly key?: Uint8Array | null;
  /** The Kafka record timestamp (epoch ms), when the source has one; a message shape may take the event time from it. */
  readonly recordTimestampMs?: number | null;
  /** A station the source derived from where the message came from (an MQTT topic level); the decoder uses it when the payload names none. */
  readonly station?: string;
}

/** Station id used for city-wide aggregates (all stations together). Reserved: the decoder rejects it as a station id. */
export const CITY_STATION_ID = '*';
