import { useEffect, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import type { ThresholdRule } from '../../src-shared/domain/rules';
import { metricInfo } from '../../src-shared/domain/metrics';
import type { BacktestResult } from '../../src-shared/ipc/contract';
import { useObservable, useSession } from '../app-context';
import { BacktestTimeline } from './backtest-timeline';
import { backtestWindow } from './backtest-window';
import { ruleFromDraft } from './rule-draft';
import type { RuleDraft } from './rule-draft';
import { stationGroups } from './station-options';
import { isDraftEdited } from './unsaved-rules';

/** A finished preview: its range and result, or why it failed. */
type Preview = { readonly from: number; readonly to: number; readonly result: BacktestResult } | { readonly failure: string };

/**
 * Edit one threshold rule, validated inline with the shared schema, and preview it against the last
 * 24 h of stored history (rules:backtest) before it is applied: how many alarms, and on a timeline when.
 * A field's problem shows once the operator has left the field or tried to apply or preview, never on
 * a fresh form. The 24 h end at the data's clock, so a sped-up simulator or a replay previews against
 * the history it actually stored.
 */
export function RuleEditor(props: { readonly draft: RuleDraft; readonly metrics: readonly string[]; readonly onApply: (rule: ThresholdRule) => void; readonly onCancel: () => void; readonly onEdited?: (isEdited: boolean) => void }) {
  const session = useSession();
  const { api, live } = session;
  const stations = useObservable(session.stations);
  const [draft, setDraft] = useState(props.draft);
  const isEdited = isDraftEdited(props.draft, draft);
  const { onEdited } = props;
  useEffect(() => onEdited?.(isEdited), [isEdited, onEdited]);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [busy, setBusy] = useState(false);
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [isSubmitted, setIsSubmitted] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const parsed = ruleFromDraft(draft);
  const errors = parsed.ok ? {} : parsed.errors;
  const shownError = (name: string): string | undefined => (touched.has(name) || isSubmitted ? errors[name] : undefined);
  const set = (patch: Partial<RuleDraft>) => {
    setDraft({ ...draft, ...patch });
    setPreview(null);
  };
  const touch = (name: string) => () => {
    if (!touched.has(name)) setTouched(new Set([...touched, name]));
  };
  const unit = metricInfo(draft.metric).unit;

  /** An apply or preview with problems shows every problem and puts the focus on the first. */
  function checked(): ThresholdRule | null {
    if (parsed.ok) return parsed.rule;
    setIsSubmitted(true);
    requestAnimationFrame(() => form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
    return null;
  }

  async function backtest(): Promise<void> {
    const rule = checked();
    if (rule === null) return;
    setBusy(true);
    try {
      const range = backtestWindow(live.dataTime(Date.now()));
      setPreview({ ...range, result: await api.request('rules:backtest', { rule, ...range }) });
    } catch (err) {
      setPreview({ failure: `Preview failed: ${err instanceof Error ? err.message : String(err)}` });
    } finally {
      setBusy(false);
    }
  }

  const field = (name: string, label: string, input: (aria: { 'aria-invalid': boolean; 'aria-describedby': string | undefined; onBlur: () => void }) => ReactNode) => {
    const error = shownError(name);
    const errorId = `rule-${name}-error`;
    return (
      <label className="field">
        <span>{label}</span>
        {input({ 'aria-invalid': error !== undefined, 'aria-describedby': error === undefined ? undefined : errorId, onBlur: touch(name) })}
        {error !== undefined && (
          <span className="field-error" id={errorId} data-testid={errorId}>
            {error}
          </span>
        )}
      </label>
    );
  };
  const groups = stationGroups(stations, draft.stationId);
  return (
    <form
      ref={form}
      className="form rule-editor"
      data-testid="rule-editor"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const rule = checked();
        if (rule !== null) props.onApply(rule);
      }}
    >
      <div className="form-grid">
        {field('name', 'Name', (a) => <input {...a} value={draft.name} onChange={(e) => set({ name: e.target.value })} data-testid="rule-name" />)}
        {field('metric', 'Metric', (a) => <select {...a} value={draft.metric} onChange={(e) => set({ metric: e.target.value })}>{props.metrics.map((m) => <option key={m} value={m}>{metricInfo(m).label}</option>)}</select>)}
        {field('stationId', 'Station', (a) => (
          <select {...a} value={draft.stationId.trim()} onChange={(e) => set({ stationId: e.target.value })} data-testid="rule-station">
            <option value="">All stations</option>
            {groups.map((g) => (
              <optgroup key={g.district} label={g.district}>
                {g.options.map((o) => <option key={o.id} value={o.id}>{o.label}</option>)}
              </optgroup>
            ))}
          </select>
        ))}
        {field('statistic', 'Statistic', (a) => <select {...a} value={draft.statistic} onChange={(e) => set({ statistic: e.target.value })}>{['value', 'mean', 'min', 'max', 'p95'].map((s) => <option key={s}>{s}</option>)}</select>)}
        {draft.statistic !== 'value' && field('windowMs', 'Window (s)', (a) => <input {...a} type="number" value={draft.windowSec} onChange={(e) => set({ windowSec: e.target.value })} data-testid="rule-window" />)}
        {field('operator', 'Operator', (a) => <select {...a} value={draft.operator} onChange={(e) => set({ operator: e.target.value })}>{['>', '>=', '<', '<='].map((o) => <option key={o}>{o}</option>)}</select>)}
        {field('level', `Level (${unit})`, (a) => <input {...a} type="number" step="any" value={draft.level} onChange={(e) => set({ level: e.target.value })} data-testid="rule-level" />)}
        {field('clearLevel', `Clear level (${unit})`, (a) => <input {...a} type="number" step="any" value={draft.clearLevel} onChange={(e) => set({ clearLevel: e.target.value })} data-testid="rule-clear-level" />)}
        {field('pendingMs', 'Pending (s)', (a) => <input {...a} type="number" min="0" value={draft.pendingSec} onChange={(e) => set({ pendingSec: e.target.value })} data-testid="rule-pending" />)}
        {field('severity', 'Severity', (a) => <select {...a} value={draft.severity} onChange={(e) => set({ severity: e.target.value })}><option value="warning">▲ Warning</option><option value="critical">◆ Critical</option></select>)}
        <label className="check">
          <input type="checkbox" checked={draft.enabled} onChange={(e) => set({ enabled: e.target.checked })} /> Enabled
        </label>
      </div>
      {preview !== null && <BacktestPreview preview={preview} severity={parsed.ok ? parsed.rule.severity : 'warning'} />}
      <div className="form-actions">
        <button type="button" onClick={props.onCancel}>Cancel</button>
        <button type="button" disabled={busy} onClick={() => void backtest()} data-testid="rule-backtest">
          {busy ? 'Previewing…' : 'Preview (last 24 h)'}
        </button>
        <button type="submit" className="primary" data-testid="rule-apply">Apply</button>
      </div>
    </form>
  );
}

/** The preview's sentence (how many, where) and its timeline (when). */
function BacktestPreview(props: { readonly preview: Preview; readonly severity: ThresholdRule['severity'] }) {
  const stations = useObservable(useSession().stations);
  const { preview } = props;
  if ('failure' in preview) return <p className="hint" data-testid="rule-backtest-result">{preview.failure}</p>;
  const r = preview.result;
  const where = r.stations.length > 0 ? ` at ${r.stations.length} station${r.stations.length === 1 ? '' : 's'} (${r.stations.slice(0, 8).join(', ')}${r.stations.length > 8 ? ', …' : ''})` : '';
  return (
    <div className="backtest-preview">
      <p className="hint" data-testid="rule-backtest-result">
        Over the last 24 h this rule would have raised {r.activations} alarm{r.activations === 1 ? '' : 's'}
        {where}.
      </p>
      <BacktestTimeline firings={r.firings} from={preview.from} to={preview.to} severity={props.severity} stations={stations} />
    </div>
  );
}
