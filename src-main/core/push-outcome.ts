/**
 * What an HTTP push is answered with, as it crosses from the engine to the server (structured-clone data).
 * The server turns it into a status code (ingest-route.ts): accepted → 200 (422 when some readings were
 * refused), refused → 422, unavailable → 503.
 */

/** /ingest decodes with the profile's shape; /ingest/sensor-logger with the Sensor Logger preset. */
export type PushRoute = 'ingest' | 'sensor-logger';

/** One reading of an accepted message that the pipeline refused (station cap, time in the future, ...). */
export interface PushRejection {
  readonly reason: string;
  readonly detail: string;
}

export type PushOutcome =
  /** Taken by the pipeline, and durable when raw readings are stored. Duplicates (a resend) count as taken. */
  | {
      readonly status: 'accepted';
      readonly readings: number;
      readonly duplicates: number;
      readonly rejected: readonly PushRejection[];
      /** When the server forwards pushes to Kafka: every decoded reading in our default wire format, keyed by station. */
      readonly forward?: readonly ForwardedReading[];
    }
  /** The message as a whole did not decode; its bytes are in the quarantine. */
  | { readonly status: 'refused'; readonly reason: string; readonly detail: string }
  /** Not taken: the source is not running, is paused (the store is behind) or is not HTTP push. Safe to resend. */
  | { readonly status: 'unavailable'; readonly detail: string };

/** One reading as forwarded to Kafka: the station as the message key, the JSON wide record as its value. */
export interface ForwardedReading {
  readonly key: string;
  readonly value: string;
}

/** True for a value that has the route's name; guards what crosses the protocol. */
export function isPushRoute(value: unknown): value is PushRoute {
  return value === 'ingest' || value === 'sensor-logger';
}
