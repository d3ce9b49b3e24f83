import { useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import type { ThresholdRule } from '../../src-shared/domain/rules';
import { metricInfo } from '../../src-shared/domain/metrics';
import { useSession } from '../app-context';
import { backtestWindow } from './backtest-window';
import { ruleFromDraft } from './rule-draft';
import type { RuleDraft } from './rule-draft';
import { isDraftEdited } from './unsaved-rules';

/**
 * Edit one threshold rule, validated inline with the shared schema, and preview it against the last
 * 24 h of stored history (rules:backtest) before it is applied. The 24 h end at the data's clock, so a
 * sped-up simulator or a replay previews against the history it actually stored.
 */
export function RuleEditor(props: { readonly draft: RuleDraft; readonly metrics: readonly string[]; readonly onApply: (rule: ThresholdRule) => void; readonly onCancel: () => void; readonly onEdited?: (isEdited: boolean) => void }) {
  const { api, live } = useSession();
  const [draft, setDraft] = useState(props.draft);
  const isEdited = isDraftEdited(props.draft, draft);
  const { onEdited } = props;
  useEffect(() => onEdited?.(isEdited), [isEdited, onEdited]);
  const [preview, setPreview] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const parsed = ruleFromDraft(draft);
  const errors = parsed.ok ? {} : parsed.errors;
  const set = (patch: Partial<RuleDraft>) => {
    setDraft({ ...draft, ...patch });
    setPreview(null);
  };
  const unit = metricInfo(draft.metric).unit;

  async function backtest(): Promise<void> {
    if (!parsed.ok) return;
    setBusy(true);
    try {
      const r = await api.request('rules:backtest', { rule: parsed.rule, ...backtestWindow(live.dataTime(Date.now())) });
      setPreview(`Over the last 24 h this rule would have raised ${r.activations} alarm${r.activations === 1 ? '' : 's'}${r.stations.length > 0 ? ` at ${r.stations.length} station${r.stations.length === 1 ? '' : 's'} (${r.stations.slice(0, 8).join(', ')}${r.stations.length > 8 ? ', …' : ''})` : ''}.`);
    } catch (err) {
      setPreview(`Backtest failed: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      setBusy(false);
    }
  }

  const field = (name: string, label: string, input: ReactNode) => (
    <label className="field">
      <span>{label}</span>
      {input}
      {errors[name] !== undefined && <span className="field-error" role="alert">{errors[name]}</span>}
    </label>
  );
  return (
    <form className="form rule-editor" data-testid="rule-editor" onSubmit={(e) => (e.preventDefault(), parsed.ok && props.onApply(parsed.rule))}>
      <div className="form-grid">
        {field('name', 'Name', <input value={draft.name} onChange={(e) => set({ name: e.target.value })} />)}
        {field('metric', 'Metric', <select value={draft.metric} onChange={(e) => set({ metric: e.target.value })}>{props.metrics.map((m) => <option key={m} value={m}>{metricInfo(m).label}</option>)}</select>)}
        {field('stationId', 'Station (empty = all)', <input value={draft.stationId} placeholder="all stations" onChange={(e) => set({ stationId: e.target.value })} />)}
        {field('statistic', 'Statistic', <select value={draft.statistic} onChange={(e) => set({ statistic: e.target.value })}>{['value', 'mean', 'min', 'max', 'p95'].map((s) => <option key={s}>{s}</option>)}</select>)}
        {draft.statistic !== 'value' && field('windowMs', 'Window (s)', <input type="number" value={draft.windowSec} onChange={(e) => set({ windowSec: e.target.value })} />)}
        {field('operator', 'Operator', <select value={draft.operator} onChange={(e) => set({ operator: e.target.value })}>{['>', '>=', '<', '<='].map((o) => <option key={o}>{o}</option>)}</select>)}
        {field('level', `Level (${unit})`, <input type="number" step="any" value={draft.level} onChange={(e) => set({ level: e.target.value })} data-testid="rule-level" />)}
        {field('clearLevel', `Clear level (${unit})`, <input type="number" step="any" value={draft.clearLevel} onChange={(e) => set({ clearLevel: e.target.value })} data-testid="rule-clear-level" />)}
        {field('pendingMs', 'Pending (s)', <input type="number" min="0" value={draft.pendingSec} onChange={(e) => set({ pendingSec: e.target.value })} />)}
        {field('severity', 'Severity', <select value={draft.severity} onChange={(e) => set({ severity: e.target.value })}><option value="warning">▲ Warning</option><option value="critical">◆ Critical</option></select>)}
        <label className="check">
          <input type="checkbox" checked={draft.enabled} onChange={(e) => set({ enabled: e.target.checked })} /> Enabled
        </label>
      </div>
      {preview !== null && <p className="hint" data-testid="rule-backtest-result">{preview}</p>}
      <div className="form-actions">
        <button type="button" onClick={props.onCancel}>Cancel</button>
        <button type="button" disabled={!parsed.ok || busy} onClick={() => void backtest()} data-testid="rule-backtest">
          {busy ? 'Backtesting…' : 'Preview (last 24 h)'}
        </button>
        <button type="submit" className="primary" disabled={!parsed.ok} data-testid="rule-apply">Apply</button>
      </div>
    </form>
  );
}
