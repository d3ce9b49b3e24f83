import { describe, expect, it } from 'vitest';
import type { NotificationDelivery } from '../../src-shared/ipc/contract';
import { EscalationSettingsSchema } from '../../src-shared/settings/escalation';
import { deliveryRows, NO_DELIVERY_FILTER } from './delivery-rows';

function delivery(key: string, fields: Partial<NotificationDelivery>): NotificationDelivery {
  return { key, alarmId: 'temperature-high@st-02', activatedAt: 1000, policyId: 'heat', step: 1, channelId: 'oncall', status: 'delivered', attempts: 1, lastError: null, createdAt: 2000, updatedAt: 2100, ...fields };
}

const escalation = EscalationSettingsSchema.parse({
  channels: [
    { kind: 'webhook', id: 'oncall', name: 'On call', url: 'https://hooks.example.invalid/a' },
    { kind: 'email', id: 'chief', name: 'Chief by email', host: 'smtp.example.invalid', from: 'sw@example.invalid', to: ['chief@example.invalid'] },
  ],
  policies: [{ id: 'heat', name: 'Heat', steps: [{ afterSeconds: 300, channelIds: ['oncall'] }] }],
});
const names = {
  rules: new Map([['temperature-high', { id: 'temperature-high', name: 'Heat stress' } as never]]),
  stations: new Map([['st-02', { id: 'st-02', name: 'Harbour' } as never]]),
  escalation,
};
const log = [
  delivery('a', { createdAt: 1000 }),
  delivery('b', { createdAt: 3000, channelId: 'chief', status: 'failed', attempts: 4, lastError: 'The SMTP server refused the connection' }),
  delivery('c', { createdAt: 2000, step: 2, channelId: 'gone', status: 'sending' }),
];

describe('delivery log rows', () => {
  it('names rule, station, channel and policy, newest first; unknown ids stay ids', () => {
    const rows = deliveryRows(log, NO_DELIVERY_FILTER, names);
    expect(rows.map((r) => r.delivery.key)).toEqual(['b', 'c', 'a']);
    expect(rows[0]).toMatchObject({ ruleName: 'Heat stress', stationName: 'Harbour', channelName: 'Chief by email', policyName: 'Heat' });
    expect(rows[1]?.channelName).toBe('gone');
  });

  it('filters by outcome, channel and text (error text included)', () => {
    expect(deliveryRows(log, { ...NO_DELIVERY_FILTER, outcome: 'failed' }, names).map((r) => r.delivery.key)).toEqual(['b']);
    expect(deliveryRows(log, { ...NO_DELIVERY_FILTER, channelId: 'oncall' }, names).map((r) => r.delivery.key)).toEqual(['a']);
    expect(deliveryRows(log, { ...NO_DELIVERY_FILTER, text: 'refused' }, names).map((r) => r.delivery.key)).toEqual(['b']);
    expect(deliveryRows(log, { ...NO_DELIVERY_FILTER, text: 'harbour' }, names)).toHaveLength(3);
    expect(deliveryRows(log, { outcome: 'delivered', channelId: 'chief', text: '' }, names)).toEqual([]);
  });
});
