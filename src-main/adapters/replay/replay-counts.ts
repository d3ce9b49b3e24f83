import type { ReplayRejectReason } from './recording-item';

/** Readings handed on and rows refused (by reason) during one replay. */
export class ReplayCounts {
  readings = 0;
  rejected = 0;
  readonly byReason = new Map<ReplayRejectReason, number>();

  /** Counts one refused row. */
  addReject(reason: ReplayRejectReason): void {
    this.rejected++;
    this.byReason.set(reason, (this.byReason.get(reason) ?? 0) + 1);
  }
}

/** "N readings, M rejected", with the reasons when there are any: "… 3 rejected (bad-time 2, not-json 1)". */
export function describeCounts(counts: ReplayCounts): string {
  const text = `${counts.readings} readings, ${counts.rejected} rejected`;
  if (counts.rejected === 0) return text;
  const reasons = [...counts.byReason].sort((a, b) => b[1] - a[1]).map(([reason, n]) => `${reason} ${n}`);
  return `${text} (${reasons.join(', ')})`;
}
