/**
 * Whether the Rules page holds changes that "Save rules" has not stored. Rules are compared by id and by
 * what they say, never by their JSON text: the editor's copy of a built-in rule lists its fields in another
 * order, and a text comparison would call an untouched list changed (or, with the order of the list, miss
 * nothing and warn for nothing). Every field counts here, the name too: a renamed rule is an unsaved change.
 */
import type { Rule } from '../../src-shared/domain/rules';
import type { RuleDraft } from './rule-draft';

/** True when `draft` (the page's list) differs from `saved` in a rule added, removed or changed. */
export function hasUnsavedRuleChanges(draft: readonly Rule[], saved: readonly Rule[]): boolean {
  if (draft.length !== saved.length) return true;
  const savedById = new Map(saved.map((rule) => [rule.id, rule]));
  if (savedById.size !== saved.length) return true;
  return draft.some((rule) => {
    const before = savedById.get(rule.id);
    return before === undefined || !isSameValue(rule, before);
  });
}

/** True when the editor's form holds edits not yet applied to the list. */
export function isDraftEdited(original: RuleDraft, current: RuleDraft): boolean {
  return (Object.keys(original) as (keyof RuleDraft)[]).some((key) => original[key] !== current[key]);
}

/** Deep equality of plain data, ignoring key order; a key set to undefined counts as absent. */
function isSameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => isSameValue(item, b[i]));
  }
  const keysA = definedKeys(a);
  const keysB = definedKeys(b);
  return keysA.length === keysB.length && keysA.every((key) => isSameValue((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}

function definedKeys(value: object): string[] {
  return Object.entries(value)
    .filter(([, v]) => v !== undefined)
    .map(([k]) => k)
    .sort();
}
