import type { Severity } from '../../src-shared/domain/rules';
import type { Channel, EscalationPolicy, EscalationStep, QuietHours } from '../../src-shared/settings/escalation';
import { controlRoomZone } from '../time/control-room-time';
import { EscalationField as Field, numberOf } from './escalation-field';
import type { EscalationProblems } from './escalation-ops';

const SEVERITIES: readonly { readonly value: Severity; readonly label: string }[] = [
  { value: 'critical', label: 'Critical' },
  { value: 'warning', label: 'Warning' },
];

/** `list` with `value` in or out (kept in SEVERITIES / channel order by the callers' rendering). */
function toggled<T>(list: readonly T[], value: T, isOn: boolean): T[] {
  return isOn ? (list.includes(value) ? [...list] : [...list, value]) : list.filter((v) => v !== value);
}

/** Minutes as typed, seconds as stored: the delay of a step. */
function minutesOf(seconds: number): string {
  return Number.isNaN(seconds) ? '' : String(Math.round((seconds / 60) * 100) / 100);
}

/** One escalation policy: which alarms, its steps (delay and who is told), and quiet hours. */
export function PolicyEditor(props: {
  readonly policy: EscalationPolicy;
  readonly index: number;
  readonly channels: readonly Channel[];
  readonly problems: EscalationProblems;
  readonly onChange: (policy: EscalationPolicy) => void;
  readonly onRemove: () => void;
}) {
  const { policy, index, problems, onChange } = props;
  const at = (field: string): string => `policies.${index}.${field}`;
  const testId = (field: string): string => `policy-${index}-${field}`;
  const setStep = (stepIndex: number, step: EscalationStep): void => onChange({ ...policy, steps: policy.steps.map((s, i) => (i === stepIndex ? step : s)) });
  const severityProblem = problems.get(at('severities'));
  return (
    <fieldset className="fieldset policy-editor" data-testid={`policy-${index}`}>
      <legend>Policy: {policy.name}</legend>
      <div className="form-grid">
        <Field label="Name" at={at('name')} problems={problems} testId={testId('name')}>
          {(invalid, describedBy) => <input value={policy.name} data-testid={testId('name')} aria-invalid={invalid} aria-describedby={describedBy} onChange={(e) => onChange({ ...policy, name: e.target.value })} />}
        </Field>
        <label className="field checkbox-field">
          <input type="checkbox" checked={policy.enabled} data-testid={testId('enabled')} onChange={(e) => onChange({ ...policy, enabled: e.target.checked })} />
          <span>Enabled</span>
        </label>
        <fieldset className="field choice-group" aria-describedby={severityProblem !== undefined ? testId('severities-error') : undefined}>
          <legend>Escalates unacknowledged alarms of</legend>
          {SEVERITIES.map((s) => (
            <label key={s.value} className="checkbox-field">
              <input type="checkbox" checked={policy.severities.includes(s.value)} data-testid={testId(`severity-${s.value}`)} onChange={(e) => onChange({ ...policy, severities: toggled(policy.severities, s.value, e.target.checked) })} />
              <span>{s.label}</span>
            </label>
          ))}
          {severityProblem !== undefined && <span className="field-error" id={testId('severities-error')} data-testid={testId('severities-error')}>{severityProblem}</span>}
          <span className="field-hint">{policy.ruleIds === null ? 'Every rule of these severities, system alarms included.' : `Only the rules ${policy.ruleIds.join(', ')}.`}</span>
        </fieldset>
      </div>
      <ol className="policy-steps" aria-label={`Steps of ${policy.name}`}>
        {policy.steps.map((step, stepIndex) => (
          <li key={stepIndex} className="policy-step" data-testid={testId(`step-${stepIndex}`)}>
            <Field label={`Step ${stepIndex + 1}: minutes unacknowledged`} at={at(`steps.${stepIndex}.afterSeconds`)} problems={problems} testId={testId(`step-${stepIndex}-minutes`)}>
              {(invalid, describedBy) => (
                <input type="number" min="0" step="any" value={minutesOf(step.afterSeconds)} data-testid={testId(`step-${stepIndex}-minutes`)} aria-invalid={invalid} aria-describedby={describedBy} onChange={(e) => setStep(stepIndex, { ...step, afterSeconds: numberOf(e.target.value) * 60 })} />
              )}
            </Field>
            <fieldset className="field choice-group">
              <legend>Tell</legend>
              {props.channels.length === 0 && <span className="field-hint">Add a channel above first.</span>}
              {props.channels.map((channel) => (
                <label key={channel.id} className="checkbox-field">
                  <input type="checkbox" checked={step.channelIds.includes(channel.id)} data-testid={testId(`step-${stepIndex}-channel-${channel.id}`)} onChange={(e) => setStep(stepIndex, { ...step, channelIds: toggled(step.channelIds, channel.id, e.target.checked) })} />
                  <span>{channel.name}</span>
                </label>
              ))}
              {problems.has(at(`steps.${stepIndex}.channelIds`)) && <span className="field-error" data-testid={testId(`step-${stepIndex}-channels-error`)}>{problems.get(at(`steps.${stepIndex}.channelIds`))}</span>}
            </fieldset>
            <button type="button" disabled={policy.steps.length === 1} aria-label={`Remove step ${stepIndex + 1}`} onClick={() => onChange({ ...policy, steps: policy.steps.filter((_, i) => i !== stepIndex) })}>Remove step</button>
          </li>
        ))}
      </ol>
      <QuietHoursFields hours={policy.quietHours} at={at('quietHours')} testId={testId('quiet')} problems={problems} onChange={(quietHours) => onChange({ ...policy, quietHours })} />
      <div className="form-actions">
        <button type="button" disabled={policy.steps.length >= 10} data-testid={testId('add-step')} onClick={() => onChange({ ...policy, steps: [...policy.steps, { afterSeconds: (policy.steps.at(-1)?.afterSeconds ?? 0) + 600, channelIds: [] }] })}>Add step</button>
        <button type="button" data-testid={testId('remove')} onClick={props.onRemove}>Remove policy</button>
      </div>
    </fieldset>
  );
}

/** Quiet hours: a daily window in which only the allowed severities go out; the others wait for its end. */
function QuietHoursFields(props: { readonly hours: QuietHours | null; readonly at: string; readonly testId: string; readonly problems: EscalationProblems; readonly onChange: (hours: QuietHours | null) => void }) {
  const { hours, at, testId, problems, onChange } = props;
  return (
    <div className="form-grid">
      <label className="field checkbox-field">
        <input type="checkbox" checked={hours !== null} data-testid={`${testId}-on`} onChange={(e) => onChange(e.target.checked ? { start: '22:00', end: '07:00', zone: controlRoomZone(), allowSeverities: ['critical'] } : null)} />
        <span>Quiet hours</span>
      </label>
      {hours !== null && (
        <>
          <Field label="From (24-hour)" at={`${at}.start`} problems={problems} testId={`${testId}-start`}>
            {(invalid, describedBy) => <input value={hours.start} placeholder="22:00" data-testid={`${testId}-start`} aria-invalid={invalid} aria-describedby={describedBy} onChange={(e) => onChange({ ...hours, start: e.target.value.trim() })} />}
          </Field>
          <Field label="Until (24-hour)" at={`${at}.end`} problems={problems} testId={`${testId}-end`}>
            {(invalid, describedBy) => <input value={hours.end} placeholder="07:00" data-testid={`${testId}-end`} aria-invalid={invalid} aria-describedby={describedBy} onChange={(e) => onChange({ ...hours, end: e.target.value.trim() })} />}
          </Field>
          <Field label="Time zone" at={`${at}.zone`} problems={problems} testId={`${testId}-zone`}>
            {(invalid, describedBy) => <input value={hours.zone} data-testid={`${testId}-zone`} aria-invalid={invalid} aria-describedby={describedBy} onChange={(e) => onChange({ ...hours, zone: e.target.value.trim() })} />}
          </Field>
          <label className="field checkbox-field">
            <input type="checkbox" checked={hours.allowSeverities.includes('critical')} data-testid={`${testId}-critical`} onChange={(e) => onChange({ ...hours, allowSeverities: toggled(hours.allowSeverities, 'critical', e.target.checked) })} />
            <span>Critical alarms still go out during quiet hours</span>
          </label>
        </>
      )}
    </div>
  );
}
