/**
 * The delivery log's rows in words: each delivery with its alarm (rule and station by name), its
 * channel and policy by name, and the operator's filters (outcome, channel, text) applied.
 */
import type { NotificationDelivery } from '../../src-shared/ipc/contract';
import type { Rule } from '../../src-shared/domain/rules';
import type { Station } from '../../src-shared/domain/station';
import type { EscalationSettings } from '../../src-shared/settings/escalation';
import { ruleName, splitAlarmId } from './audit-text';

/** One row of the delivery log as shown. */
export interface DeliveryRow {
  readonly delivery: NotificationDelivery;
  readonly ruleName: string;
  readonly stationName: string;
  readonly channelName: string;
  readonly policyName: string;
}

/** What the operator narrowed the log to; 'all' and '' mean no narrowing. */
export interface DeliveryFilter {
  readonly outcome: NotificationDelivery['status'] | 'all';
  readonly channelId: string | 'all';
  readonly text: string;
}

export const NO_DELIVERY_FILTER: DeliveryFilter = { outcome: 'all', channelId: 'all', text: '' };

/** The outcome in words. */
export function outcomeLabel(status: NotificationDelivery['status']): string {
  return status === 'delivered' ? 'Delivered' : status === 'failed' ? 'Failed' : 'Sending';
}

/** Names the deliveries and keeps those the filter lets through, newest first. */
export function deliveryRows(
  deliveries: readonly NotificationDelivery[],
  filter: DeliveryFilter,
  names: { readonly rules: ReadonlyMap<string, Rule>; readonly stations: ReadonlyMap<string, Station>; readonly escalation: EscalationSettings | undefined },
): DeliveryRow[] {
  const needle = filter.text.trim().toLowerCase();
  const channels = new Map((names.escalation?.channels ?? []).map((c) => [c.id, c.name]));
  const policies = new Map((names.escalation?.policies ?? []).map((p) => [p.id, p.name]));
  return deliveries
    .filter((d) => (filter.outcome === 'all' || d.status === filter.outcome) && (filter.channelId === 'all' || d.channelId === filter.channelId))
    .map((delivery) => {
      const ids = splitAlarmId(delivery.alarmId);
      return {
        delivery,
        ruleName: ruleName(ids.ruleId, names.rules).name,
        stationName: names.stations.get(ids.stationId)?.name ?? ids.stationId,
        channelName: channels.get(delivery.channelId) ?? delivery.channelId,
        policyName: policies.get(delivery.policyId) ?? delivery.policyId,
      };
    })
    .filter((row) => needle === '' || [row.delivery.alarmId, row.ruleName, row.stationName, row.channelName, row.policyName, row.delivery.lastError ?? '', outcomeLabel(row.delivery.status)].join(' ').toLowerCase().includes(needle))
    .sort((a, b) => b.delivery.createdAt - a.delivery.createdAt || a.delivery.key.localeCompare(b.delivery.key));
}
