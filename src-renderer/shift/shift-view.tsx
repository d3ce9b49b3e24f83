import { useState } from 'react';
import { HandoverPanel } from './handover-panel';
import { ShiftLogPanel } from './shift-log-panel';

/** The Shift log page: the log beside the handover; either one's change reloads both. */
export function ShiftView() {
  const [revision, setRevision] = useState(0);
  const changed = (): void => setRevision((r) => r + 1);
  return (
    <div className="shift-view" data-testid="shift-view">
      <ShiftLogPanel revision={revision} onChanged={changed} />
      <HandoverPanel revision={revision} onChanged={changed} />
    </div>
  );
}
