/**
 * Which rule a saved rule is. Rules are identified by id, never by their JSON text: the editor's copy of
 * a built-in rule lists its fields in another order, and comparing text made "Save rules" clear every live
 * alarm and raise it again minutes later as new. Two versions of one rule "mean the same" when every field
 * but the name is equal, whatever the order.
 */
import type { Rule } from '../../../src-shared/domain/rules';

/** The rule's fields except its name, with keys sorted at every level: equal for equal meaning. */
export function meaningOf(rule: Rule): string {
  const { name: _name, ...rest } = rule;
  return canonical(rest);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** What setRules does with each tracker: keep it (same meaning), hand its state to a new one, or retire it. */
export interface Reconcile<R extends Rule, T> {
  readonly build: (rule: R) => T;
  /** Same id, same meaning: the tracker stays and takes the new version (a new name). */
  readonly rename: (tracker: T, rule: R) => void;
  /** Same id, changed meaning: the new tracker takes what it can of the old one's state; false = nothing, retire it. */
  readonly carry: (from: T, to: T) => boolean;
  /** Removed, disabled, or changed beyond carrying: report its active conditions as cleared. */
  readonly retire: (tracker: T) => void;
}

/** The trackers for `rules`, matching the previous ones by rule id (see Reconcile). */
export function reconcileTrackers<R extends Rule, T extends { readonly rule: R }>(previous: readonly T[], rules: readonly R[], how: Reconcile<R, T>): T[] {
  const byId = new Map(previous.map((t) => [t.rule.id, t]));
  const next = rules.map((rule) => {
    const old = byId.get(rule.id);
    if (old === undefined) return how.build(rule);
    byId.delete(rule.id);
    if (meaningOf(old.rule) === meaningOf(rule)) {
      how.rename(old, rule);
      return old;
    }
    const fresh = how.build(rule);
    if (!how.carry(old, fresh)) how.retire(old);
    return fresh;
  });
  for (const removed of byId.values()) how.retire(removed);
  return next;
}
