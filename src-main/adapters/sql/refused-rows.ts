/**
 * Finding the rows a database refuses inside a write, by halving: each half is written on its own, a half
 * that fails for its own sake is halved again, down to single rows. A refused row can then be set aside
 * with the database's reason while every other row of the same write is stored.
 */
import type { DescribedError } from './describe-error';
import type { StoreWrite } from './store-write';

/** One row (or a write that cannot be split) the database refused, with its reason. */
export interface RefusedRow {
  readonly write: StoreWrite;
  readonly reason: string;
}

/** Every refused row (all other rows are written), or the outage that stopped the search. */
export type Isolation = { readonly refused: readonly RefusedRow[] } | { readonly unreachable: DescribedError };

/**
 * Writes `write`, which just failed with `reason`, by halves. Stops at the first failure that says the
 * database is away: the caller then retries the whole write later (idempotent upserts make the rows
 * already written harmless) and sets nothing aside, so no row is lost to an outage.
 */
export async function isolateRefusedRows(write: StoreWrite, reason: string, apply: (write: StoreWrite) => Promise<void>, describe: (error: unknown) => DescribedError): Promise<Isolation> {
  const refused: RefusedRow[] = [];
  const search = async (part: StoreWrite, why: string): Promise<DescribedError | null> => {
    const halves = splitWrite(part);
    if (halves === null) return (refused.push({ write: part, reason: why }), null);
    for (const half of halves) {
      try {
        await apply(half);
      } catch (error) {
        const described = describe(error);
        const outage = described.kind === 'unreachable' ? described : await search(half, described.message);
        if (outage !== null) return outage;
      }
    }
    return null;
  };
  const outage = await search(write, reason);
  return outage === null ? { refused } : { unreachable: outage };
}

/**
 * The write as two smaller writes of the same kind, to find the rows a database refuses by halving; null
 * when it cannot be split: one row, or a write that only means something whole (a rule list replaces the
 * saved one). An alarms write splits its alarms from their events first (alarms go first, as in one write).
 */
function splitWrite(write: StoreWrite): readonly [StoreWrite, StoreWrite] | null {
  const halves = <T>(rows: readonly T[]): readonly [readonly T[], readonly T[]] | null => (rows.length < 2 ? null : [rows.slice(0, rows.length >> 1), rows.slice(rows.length >> 1)]);
  switch (write.op) {
    case 'windows':
      return pair(halves(write.windows), (windows) => ({ ...write, windows }));
    case 'readings':
      return pair(halves(write.readings), (readings) => ({ ...write, readings }));
    case 'rejected':
      return pair(halves(write.messages), (messages) => ({ ...write, messages }));
    case 'stations':
      return pair(halves(write.stations), (stations) => ({ ...write, stations }));
    case 'ensure-stations':
      return pair(halves(write.ids), (ids) => ({ ...write, ids }));
    case 'quality-flags':
      return pair(halves(write.flags), (flags) => ({ ...write, flags }));
    case 'alarms':
      if (write.alarms.length > 0 && write.events.length > 0) return [{ ...write, events: [] }, { ...write, alarms: [] }];
      return write.alarms.length > 0 ? pair(halves(write.alarms), (alarms) => ({ ...write, alarms })) : pair(halves(write.events), (events) => ({ ...write, events }));
    // A late merge is one journaled unit: halves would journal a message with half its values.
    case 'late':
    case 'late-progress':
    case 'late-progress-drop':
    case 'rules':
    case 'out-of-service':
    case 'state':
    case 'shift':
    case 'notice':
      return null;
  }
}

function pair<T>(parts: readonly [T, T] | null, make: (part: T) => StoreWrite): readonly [StoreWrite, StoreWrite] | null {
  return parts === null ? null : [make(parts[0]), make(parts[1])];
}
