import { useState } from 'react';
import { AlarmHistory } from './alarm-history';
import { AlarmPanel } from './alarm-panel';
import { AlarmPerformancePage } from './alarm-performance';
import { DeliveryLog } from './delivery-log';

type Tab = 'active' | 'history' | 'performance' | 'deliveries';
const TABS: readonly { readonly id: Tab; readonly label: string }[] = [
  { id: 'active', label: 'Active' },
  { id: 'history', label: 'History (7 days)' },
  { id: 'performance', label: 'Alarm performance' },
  { id: 'deliveries', label: 'Deliveries' },
];

/** The Alarms screen: the working list, the audit trail, EEMUA 191 figures and the escalation delivery log. */
export function AlarmsView() {
  const [tab, setTab] = useState<Tab>('active');
  return (
    <div className="page">
      <div className="tabs" role="tablist" aria-label="Alarm pages">
        {TABS.map((t) => (
          <button key={t.id} type="button" role="tab" aria-selected={tab === t.id} data-testid={`alarms-tab-${t.id}`} onClick={() => setTab(t.id)}>
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" className="page-body">
        {tab === 'active' && <AlarmPanel compact={false} />}
        {tab === 'history' && <AlarmHistory />}
        {tab === 'performance' && <AlarmPerformancePage />}
        {tab === 'deliveries' && <DeliveryLog />}
      </div>
    </div>
  );
}
