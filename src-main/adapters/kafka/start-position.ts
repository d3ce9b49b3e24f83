/**
 * Start position "timestamp": before the consumer joins, partitions for which the group has no committed
 * offset are set to the first offset at or after the timestamp (admin fetchTopicOffsetsByTimestamp +
 * setOffsets). Committed offsets win, so a restart resumes where the group left off instead of rewinding.
 */
import type { Admin } from 'kafkajs';

/** Sets missing group offsets of `topics` to the offsets for `timestampMs`. Returns how many partitions were set. */
export async function applyTimestampStart(admin: Admin, groupId: string, topics: readonly string[], timestampMs: number): Promise<number> {
  let set = 0;
  const committed = await admin.fetchOffsets({ groupId, topics: [...topics] });
  for (const { topic, partitions } of committed) {
    const missing = new Set(partitions.filter((p) => p.offset === '-1' || p.offset === '').map((p) => p.partition));
    if (missing.size === 0) continue;
    const byTime = await admin.fetchTopicOffsetsByTimestamp(topic, timestampMs);
    const targets = byTime.filter((p) => missing.has(p.partition)).map((p) => ({ partition: p.partition, offset: p.offset }));
    if (targets.length === 0) continue;
    await admin.setOffsets({ groupId, topic, partitions: targets });
    set += targets.length;
  }
  return set;
}
