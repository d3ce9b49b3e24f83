/**
 * The bookkeeping every part of the strict Electron fake shares: whether the app is ready, and every
 * rule an app broke. A broken rule throws, as Electron does, and is also recorded, so a test sees it
 * even when the code under test swallowed the error.
 */

/** Shared state of one fake Electron instance. */
export class FakeRuntime {
  isReady = false;
  hasQuit = false;
  readonly violations: string[] = [];

  /** Throw `message` as Electron would, and remember it. */
  refuse(message: string, kind: 'Error' | 'TypeError' = 'Error'): never {
    this.violations.push(message);
    throw kind === 'TypeError' ? new TypeError(message) : new Error(message);
  }

  /** Refuse unless the app emitted 'ready'. */
  requireReady(what: string, message = `${what} cannot be used before the app is ready`): void {
    if (!this.isReady) this.refuse(message);
  }
}

/** A minimal event emitter with Electron's `on/once/off/emit` shape (listeners see Electron-style event objects). */
export class Emitter {
  private readonly listeners = new Map<string, ((...args: never[]) => unknown)[]>();

  on(event: string, listener: (...args: never[]) => unknown): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }

  once(event: string, listener: (...args: never[]) => unknown): this {
    const wrapped = (...args: never[]): unknown => {
      this.off(event, wrapped);
      return listener(...args);
    };
    return this.on(event, wrapped);
  }

  off(event: string, listener: (...args: never[]) => unknown): this {
    this.listeners.set(event, (this.listeners.get(event) ?? []).filter((entry) => entry !== listener));
    return this;
  }

  removeListener(event: string, listener: (...args: never[]) => unknown): this {
    return this.off(event, listener);
  }

  listenerCount(event: string): number {
    return this.listeners.get(event)?.length ?? 0;
  }

  emit(event: string, ...args: unknown[]): boolean {
    const list = [...(this.listeners.get(event) ?? [])];
    for (const listener of list) (listener as (...values: unknown[]) => unknown)(...args);
    return list.length > 0;
  }
}

/** An Electron event object whose default can be prevented (before-quit, will-quit, close, shutdown …). */
export interface PreventableEvent {
  preventDefault(): void;
  readonly defaultPrevented: boolean;
}

/** A new preventable event. */
export function preventableEvent(): PreventableEvent {
  const event = {
    defaultPrevented: false,
    preventDefault() {
      event.defaultPrevented = true;
    },
  };
  return event;
}
