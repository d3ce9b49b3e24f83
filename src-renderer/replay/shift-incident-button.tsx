import type { ShiftEntry } from '../../src-shared/domain/shift';
import { useSession } from '../app-context';
import { useReplay } from './replay-context';
import { shiftEntryIncident } from './shift-incident';

/** "Open incident" beside a shift-log entry that names a saved incident or records a critical alarm. */
export function ShiftIncidentButton(props: { readonly entry: ShiftEntry }) {
  const replay = useReplay();
  const { api } = useSession();
  const target = shiftEntryIncident(props.entry);
  if (replay === null || target === null) return null;
  async function open(): Promise<void> {
    if (replay === null || target === null) return;
    if (target.kind === 'alarm') return replay.openIncident({ id: null, title: target.title, from: target.from, to: target.to, notes: '', alarmId: null });
    const saved = (await api.request('incident:list', { limit: 1000 })).find((i) => i.id === target.id);
    if (saved !== undefined) await replay.openIncident(saved);
  }
  return (
    <button type="button" data-testid="shift-open-incident" onClick={() => void open()}>
      Open incident
    </button>
  );
}
