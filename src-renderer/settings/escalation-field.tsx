import type { ReactNode } from 'react';
import type { EscalationProblems } from './escalation-ops';

/** One escalation field with its finding underneath (`at` is the finding's path, e.g. 'channels.0.url'). */
export function EscalationField(props: { readonly label: string; readonly at: string; readonly problems: EscalationProblems; readonly testId: string; readonly wide?: boolean; readonly children: (invalid: boolean, describedBy: string | undefined) => ReactNode }) {
  const problem = props.problems.get(props.at) ?? null;
  const errorId = `${props.testId}-error`;
  return (
    <label className={props.wide === true ? 'field wide' : 'field'}>
      <span>{props.label}</span>
      {props.children(problem !== null, problem !== null ? errorId : undefined)}
      {problem !== null && <span className="field-error" id={errorId} data-testid={errorId}>{problem}</span>}
    </label>
  );
}

/** A number typed into an input: NaN when empty, so the schema's finding says what is expected. */
export function numberOf(text: string): number {
  return text.trim() === '' ? Number.NaN : Number(text);
}
