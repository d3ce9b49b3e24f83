/**
 * The filters a persistent session holds on the broker, as this app last subscribed them. A resumed
 * session keeps its subscriptions, so the source subscribes again only when the settings name other
 * filters (and then drops the ones no longer named); re-subscribing on every start would make the broker
 * send its retained messages again each time.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A small file beside the journal listing the subscribed filters. */
export class SubscriptionRecord {
  private readonly path: string;

  constructor(dir: string) {
    this.path = join(dir, 'subscriptions.json');
  }

  /** The filters last subscribed; null when unknown (never subscribed, or the file is unreadable). */
  read(): string[] | null {
    try {
      const value: unknown = JSON.parse(readFileSync(this.path, 'utf8'));
      return Array.isArray(value) && value.every((filter) => typeof filter === 'string') ? value : null;
    } catch {
      return null;
    }
  }

  /** True when the session holds exactly `filters` (in any order). */
  matches(filters: readonly string[]): boolean {
    const held = this.read();
    return held !== null && held.length === filters.length && held.every((filter) => filters.includes(filter));
  }

  write(filters: readonly string[]): void {
    writeFileSync(this.path, JSON.stringify(filters));
  }
}
