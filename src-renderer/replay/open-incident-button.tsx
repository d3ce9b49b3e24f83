import type { Alarm } from '../../src-shared/domain/alarms';
import { incidentRange } from '../../src-shared/domain/replay';
import { useReplay } from './replay-context';

/**
 * "Open incident" (issue 19): replays the chosen alarm row from a little before its first activation (a
 * warning raised before its critical counts) to its clearing. Absent where no replay controller exists.
 */
export function OpenIncidentButton(props: { readonly alarms: readonly Alarm[]; readonly stationName: string | null }) {
  const replay = useReplay();
  if (replay === null) return null;
  const members = props.alarms;
  const first = members.reduce<Alarm | null>((a, b) => (a === null || b.activatedAt < a.activatedAt ? b : a), null);
  return (
    <button
      type="button"
      disabled={first === null}
      data-testid="alarm-open-incident"
      title="Replay the console from a little before this alarm was raised"
      onClick={() => {
        if (first === null) return;
        const cleared = members.every((a) => a.clearedAt !== null) ? Math.max(...members.map((a) => a.clearedAt!)) : null;
        const range = incidentRange({ activatedAt: first.activatedAt, clearedAt: cleared });
        void replay.openIncident({ id: null, title: `${first.message}${props.stationName === null ? '' : ` — ${props.stationName}`}`, ...range, notes: '', alarmId: first.id });
      }}
    >
      Open incident
    </button>
  );
}
