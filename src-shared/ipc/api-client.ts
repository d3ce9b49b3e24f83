/**
 * The one StationwatchApi implementation, over any transport: the Electron preload (ipcRenderer.invoke
 * and an event port), the browser's and the tests' WebSocket clients (src-shared/ipc/wire-transport.ts)
 * and in-memory pairs in tests. A transport only moves envelopes and events; the client turns them into
 * results, ContractErrors and listener calls. Type-only imports of the contract keep zod out of the
 * preload bundle.
 */
import type { EventName, EventPayloads, RequestArgs, RequestName, RequestResult, StationwatchApi, Unsubscribe } from './contract';
import { ContractError, errorCodeOf } from './contract-error';
import { fromEnvelope } from './envelope';
import type { Envelope } from './envelope';

/** What carries a client's requests and events. */
export interface ApiTransport {
  /** Send one request; resolves with its answer. Rejects (preferably with a ContractError) when it could not be sent or answered. */
  send(name: RequestName, args: unknown): Promise<Envelope>;
  /** Called once, by the client: from then on the transport hands every event that arrives to `deliver`. */
  onEvent(deliver: (name: EventName, payload: unknown) => void): void;
}

/** A StationwatchApi over `transport`; every failed request rejects with a ContractError. */
export function createApiClient(transport: ApiTransport): StationwatchApi {
  const listeners = new Map<EventName, Set<(payload: never) => void>>();
  transport.onEvent((name, payload) => {
    for (const listener of listeners.get(name) ?? []) listener(payload as never);
  });

  return {
    async request<N extends RequestName>(name: N, args: RequestArgs<N>): Promise<RequestResult<N>> {
      let envelope: Envelope;
      try {
        envelope = await transport.send(name, args);
      } catch (error) {
        throw error instanceof ContractError ? error : new ContractError(errorCodeOf(error), error instanceof Error ? error.message : String(error));
      }
      return fromEnvelope(envelope) as RequestResult<N>;
    },
    subscribe<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): Unsubscribe {
      let set = listeners.get(event);
      if (set === undefined) listeners.set(event, (set = new Set()));
      const entry = listener as (payload: never) => void;
      set.add(entry);
      return () => void set.delete(entry);
    },
  };
}
