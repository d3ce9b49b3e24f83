import { useEffect, useState } from 'react';
import type { Rule, ThresholdRule } from '../../src-shared/domain/rules';
import type { Station } from '../../src-shared/domain/station';
import { metricInfo } from '../../src-shared/domain/metrics';
import { useObservable, useSession } from '../app-context';
import { PriorityBadge } from '../alarms/alarm-row';
import { draftFromRule, newDraft } from './rule-draft';
import type { RuleDraft } from './rule-draft';
import { RuleEditor } from './rule-editor';
import { hasUnsavedRuleChanges } from './unsaved-rules';
import { useBeforeUnload } from '../shell/use-before-unload';

/** A station as the operator knows it: "Name (id)" when the registry has it, else the id. */
function stationLabel(stationId: string, stations: readonly Station[]): string {
  const station = stations.find((s) => s.id === stationId);
  return station === undefined || station.name === station.id ? stationId : `${station.name} (${stationId})`;
}

function describe(rule: Rule, stations: readonly Station[]): string {
  if (rule.kind === 'threshold') {
    const unit = metricInfo(rule.metric).unit;
    const stat = rule.statistic === 'value' ? 'value' : `${rule.windowMs === null ? '' : `${rule.windowMs / 1000} s `}${rule.statistic}`;
    return `${metricInfo(rule.metric).label} ${stat} ${rule.operator} ${rule.level} ${unit} (clears at ${rule.clearLevel}; pending ${rule.pendingMs / 1000} s) · ${rule.stationId === null ? 'all stations' : stationLabel(rule.stationId, stations)}`;
  }
  if (rule.kind === 'outlier') return `${rule.metric ?? 'every metric'}: more than ${rule.k}σ from expected${rule.raiseAlarm ? ', raises alarms' : ', marks data quality'}`;
  return `${rule.stationId === null ? 'any station' : stationLabel(rule.stationId, stations)} silent for ${rule.afterMs / 1000} s`;
}

/**
 * The rules list: edit threshold rules with a backtest preview, add, delete, enable, then save all. The
 * list is this page's own until "Save rules": it tells the app shell while it holds unsaved changes (an
 * applied edit, or edits in the open editor), so leaving the page asks first, and so does closing the page.
 */
export function RulesView(props: { readonly onUnsavedChange?: (hasUnsaved: boolean) => void }) {
  const session = useSession();
  const saved = useObservable(session.rules);
  const stations = useObservable(session.stations);
  const [rules, setRules] = useState<readonly Rule[]>(saved);
  const [editing, setEditing] = useState<{ draft: RuleDraft; index: number } | null>(null);
  const [isEditorEdited, setIsEditorEdited] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  useEffect(() => setRules(saved), [saved]);
  const dirty = hasUnsavedRuleChanges(rules, saved);
  const hasUnsaved = dirty || (editing !== null && isEditorEdited);
  const { onUnsavedChange } = props;
  useEffect(() => onUnsavedChange?.(hasUnsaved), [hasUnsaved, onUnsavedChange]);
  useEffect(() => () => onUnsavedChange?.(false), [onUnsavedChange]);
  useBeforeUnload(hasUnsaved);

  function closeEditor(): void {
    setEditing(null);
    setIsEditorEdited(false);
  }
  function apply(rule: ThresholdRule): void {
    if (editing === null) return;
    setRules(editing.index < 0 ? [...rules, rule] : rules.map((r, i) => (i === editing.index ? rule : r)));
    closeEditor();
  }
  async function save(): Promise<void> {
    try {
      session.rules.set(await session.api.request('rules:save', { rules: [...rules] }));
      setMessage('Rules saved and applied.');
    } catch (err) {
      setMessage(`Not saved: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  return (
    <div className="page rules" data-testid="rules-view">
      <div className="filter-bar">
        <button type="button" onClick={() => setEditing({ draft: newDraft('temperature', rules.map((r) => r.id)), index: -1 })} data-testid="rule-add">Add threshold rule</button>
        <button type="button" className="primary" disabled={!dirty} onClick={() => void save()} data-testid="rules-save">Save rules</button>
        <button type="button" disabled={!dirty} onClick={() => setRules(saved)}>Discard changes</button>
        {message !== null && <span className="hint" role="status">{message}</span>}
      </div>
      {editing !== null && <RuleEditor key={editing.draft.id} draft={editing.draft} metrics={session.live.metrics} onApply={apply} onCancel={closeEditor} onEdited={setIsEditorEdited} />}
      <table className="data-table">
        <thead><tr><th>On</th><th>Priority</th><th>Name</th><th>Condition</th><th /></tr></thead>
        <tbody>
          {rules.map((rule, index) => (
            <tr key={rule.id} data-testid={`rule-row-${rule.id}`}>
              <td><input type="checkbox" aria-label={`Enable ${rule.name}`} checked={rule.enabled} onChange={(e) => setRules(rules.map((r, i) => (i === index ? { ...r, enabled: e.target.checked } : r)))} /></td>
              <td><PriorityBadge severity={rule.severity} /></td>
              <td>{rule.name}</td>
              <td>{describe(rule, stations)}</td>
              <td className="row-actions">
                {rule.kind === 'threshold' && <button type="button" onClick={() => setEditing({ draft: draftFromRule(rule), index })}>Edit</button>}
                <button type="button" onClick={() => setRules(rules.filter((_, i) => i !== index))} aria-label={`Delete ${rule.name}`}>Delete</button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
