import type { ReactNode } from 'react';
import type { Handover, HandoverSummary } from '../../src-shared/domain/shift';
import { describeRuleChanges, entryAuthor, formatMoment } from './shift-text';

/**
 * The handover as it prints: one section per topic, each saying "none" when empty, so a reader can
 * tell an empty list from a missing one. `handover` null: a preview, not yet signed.
 */
export function HandoverReport(props: { readonly summary: HandoverSummary; readonly handover: Handover | null }) {
  const { summary, handover } = props;
  return (
    <article className="handover-report" data-testid="handover-report">
      <header className="handover-report-head">
        <h2>Shift handover</h2>
        <p data-testid="handover-signature">
          {handover === null
            ? `Preview at ${formatMoment(summary.at)} — not signed yet`
            : `Handed over by ${handover.by} at ${formatMoment(handover.at)}${handover.confirmedBy === null ? ' — awaiting confirmation' : ` — read and confirmed by ${handover.confirmedBy} at ${formatMoment(handover.confirmedAt ?? 0)}`}`}
        </p>
        <p className="muted">{summary.since === null ? 'First handover.' : `Covers the shift since ${formatMoment(summary.since)}.`}</p>
        {handover !== null && handover.note !== '' && <p className="handover-note" data-testid="handover-note">{handover.note}</p>}
      </header>
      <Section id="active" title="Alarms still active" count={summary.activeAlarms.length}>
        {summary.activeAlarms.map((a) => (
          <li key={a.alarmId}>
            <strong>{a.severity}</strong> {a.stationId}: {a.message} — since {formatMoment(a.activatedAt)}, {a.state === 'acknowledged' ? `acknowledged by ${a.acknowledgedBy ?? 'someone'}` : 'not acknowledged'}
          </li>
        ))}
      </Section>
      <Section id="shelved" title="Shelved alarms" count={summary.shelved.length}>
        {summary.shelved.map((s) => (
          <li key={s.alarmId}>
            {s.alarmId} — shelved by {s.by} until {formatMoment(s.until)}: {s.reason}
          </li>
        ))}
      </Section>
      <Section id="out-of-service" title="Out of service" count={summary.outOfService.length}>
        {summary.outOfService.map((o) => (
          <li key={`${o.stationId}/${o.metric ?? ''}`}>
            {o.metric === null ? o.stationId : `${o.metric} at ${o.stationId}`} — since {formatMoment(o.since)} by {o.by}
            {o.comment === null ? '' : `: ${o.comment}`}
          </li>
        ))}
      </Section>
      <Section id="stale" title="Stale stations" count={summary.staleStations.length}>
        {summary.staleStations.map((id) => (
          <li key={id}>{id}</li>
        ))}
      </Section>
      <section className="handover-section" data-testid="handover-section-rules">
        <h3>Rule changes</h3>
        <p>{describeRuleChanges(summary.ruleChanges)}</p>
      </section>
      {summary.nearAllowance !== undefined && (
        <Section id="allowances" title="Limit values near their yearly allowance" count={summary.nearAllowance.length}>
          {summary.nearAllowance.map((n) => (
            <li key={`${n.stationId}/${n.standard}`}>
              {n.stationId}: {n.standard} — {n.used} of {n.allowed} allowed in {n.year}
              {n.projected === null ? '' : `, ${n.projected} projected by year-end`}
            </li>
          ))}
        </Section>
      )}
      <Section id="carry-over" title="Carry-over notes" count={summary.carryOver.length}>
        {summary.carryOver.map((e) => (
          <li key={e.id}>
            {formatMoment(e.at)} {entryAuthor(e)}
            {e.stationId === null ? '' : ` (${e.stationId})`}: {e.text}
          </li>
        ))}
      </Section>
    </article>
  );
}

function Section(props: { readonly id: string; readonly title: string; readonly count: number; readonly children: ReactNode }) {
  return (
    <section className="handover-section" data-testid={`handover-section-${props.id}`}>
      <h3>
        {props.title} ({props.count})
      </h3>
      {props.count === 0 ? <p className="muted">None.</p> : <ul>{props.children}</ul>}
    </section>
  );
}
