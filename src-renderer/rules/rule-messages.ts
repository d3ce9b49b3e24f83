import type { RuleDraft } from './rule-draft';

/**
 * What is wrong with one field of a rule draft, in plain words an operator can act on, instead of
 * the schema's raw text ("Expected number, received null"). Judged from what the operator typed; the
 * schema only says which field failed. `unit` is the metric's unit, e.g. "°C".
 */
export function plainRuleMessage(field: string, draft: RuleDraft, unit: string): string {
  switch (field) {
    case 'name':
      return draft.name.trim() === '' ? 'Give the rule a name.' : 'Keep the name to 200 characters or fewer.';
    case 'id':
      return 'The rule needs an id of 1 to 64 characters.';
    case 'metric':
      return 'Choose a metric.';
    case 'windowMs':
      return numberProblem(draft.windowSec, 'the window length in seconds', '60') ?? 'The window must be longer than 0 seconds.';
    case 'level':
      return numberProblem(draft.level, `the level in ${unit} that raises the alarm`, '35') ?? `The level must be a number in ${unit}.`;
    case 'clearLevel':
      return numberProblem(draft.clearLevel, `the clear level in ${unit}, where the alarm ends`, '33') ?? hysteresisProblem(draft, unit);
    case 'pendingMs':
      return numberProblem(draft.pendingSec, 'the pending time in seconds', '30') ?? 'The pending time cannot be negative; 0 raises the alarm at once.';
    case 'severity':
    case 'statistic':
    case 'operator':
      return 'Choose one of the listed options.';
    default:
      return 'This value is not valid.';
  }
}

/** Empty or not a number: ask for it in words, with an example; null when the text is a number. */
function numberProblem(text: string, what: string, example: string): string | null {
  if (text.trim() === '') return `Enter ${what}, e.g. ${example}.`;
  if (!Number.isFinite(Number(text))) return `Enter ${what} as a number, e.g. ${example}.`;
  return null;
}

/** The clear level is on the wrong side of the level: say which side it must be on, with the level. */
function hysteresisProblem(draft: RuleDraft, unit: string): string {
  const isAbove = draft.operator.startsWith('>');
  const side = isAbove ? 'at or below' : 'at or above';
  const direction = isAbove ? 'above' : 'below';
  const level = draft.level.trim() === '' ? 'the level' : `the level (${draft.level.trim()} ${unit})`;
  return `For an alarm ${direction} a limit, the clear level must be ${side} ${level}, so the alarm does not flicker on and off at the limit.`;
}
