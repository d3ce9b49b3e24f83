/** The shift log and handovers kept in memory, with the SQL stores' semantics (adapters/sql/shift-log-sql.ts). */
import type { ShiftEntry } from '../../../src-shared/domain/shift';
import type { HandoverRead, HandoverRecord, ShiftLogRead, ShiftWrite } from '../../core/shift/shift-store';

export class MemoryShiftLog {
  private readonly entries = new Map<string, ShiftEntry>();
  private readonly handovers = new Map<string, HandoverRecord>();

  write(write: ShiftWrite): void {
    switch (write.kind) {
      case 'entry':
        if (!this.entries.has(write.entry.id)) this.entries.set(write.entry.id, write.entry);
        return;
      case 'clear': {
        const entry = this.entries.get(write.id);
        if (entry !== undefined && entry.clearedAt === null) this.entries.set(write.id, { ...entry, clearedAt: write.at, clearedBy: write.by });
        return;
      }
      case 'handover':
        if (!this.handovers.has(write.handover.id)) this.handovers.set(write.handover.id, write.handover);
        return;
      case 'confirm': {
        const handover = this.handovers.get(write.id);
        if (handover !== undefined && handover.confirmedAt === null) this.handovers.set(write.id, { ...handover, confirmedAt: write.at, confirmedBy: write.by });
        return;
      }
    }
  }

  read(read: ShiftLogRead): ShiftEntry[] {
    if (read.id !== null) return this.entries.has(read.id) ? [this.entries.get(read.id)!] : [];
    const text = read.text?.toLowerCase() ?? null;
    const matches = [...this.entries.values()].filter((e) =>
      read.openCarryOverOnly
        ? e.kind === 'note' && e.carryOver && e.clearedAt === null
        : e.at >= read.from && e.at <= read.to && (text === null || e.text.toLowerCase().includes(text)) && (read.stationId === null || e.stationId === read.stationId),
    );
    return newestFirst(matches).slice(0, read.limit);
  }

  readHandovers(read: HandoverRead): HandoverRecord[] {
    if (read.id !== null) return this.handovers.has(read.id) ? [this.handovers.get(read.id)!] : [];
    return newestFirst([...this.handovers.values()]).slice(0, read.limit);
  }
}

function newestFirst<T extends { readonly at: number; readonly id: string }>(rows: T[]): T[] {
  return rows.sort((x, y) => y.at - x.at || (x.id < y.id ? 1 : x.id > y.id ? -1 : 0));
}
