/**
 * A HistoryStore kept in memory: the store for tests, `--database memory` and the core CLI. Same
 * semantics as the SQL stores (window upsert on its key, unknown stations registered as unplaced),
 * bounded by a simple per-table row cap so a long run cannot exhaust memory.
 */
import type { Reading } from '../../../src-shared/domain/reading';
import { CITY_STATION_ID } from '../../../src-shared/domain/reading';
import { sketchNumbers, type WindowAggregate } from '../../../src-shared/domain/window-aggregate';
import type { Alarm, AlarmEvent } from '../../../src-shared/domain/alarms';
import type { Station } from '../../../src-shared/domain/station';
import type { Rule } from '../../../src-shared/domain/rules';
import type { QuarantinedMessage } from '../../../src-shared/ipc/status';
import type { HistoryResult, HistorySeries } from '../../../src-shared/ipc/contract';
import { chooseResolution } from '../../core/history-resolution';
import { lateGroups, type LateBatch } from '../../core/windows/late-values';
import { mergeValues } from '../../core/windows/mergeable-window';
import type { AlarmSnapshot, HistoryQuery, HistoryStore, OutOfServiceEntry, RetentionPolicy, RetentionResult, StoreStatus, WindowSeries, WindowSeriesQuery } from '../../core/ports';
import { MemoryShiftLog } from './memory-shift-log';
import { applyIncidentWrite, listIncidents, memoryReplaySeek } from './memory-replay';
import type { Incident } from '../../../src-shared/domain/replay';
import type { PublicNotice } from '../../../src-shared/domain/public-notice';

const DAY_MS = 86_400_000;

export class MemoryStore implements HistoryStore {
  readonly windows = new Map<string, WindowAggregate>();
  readonly readings: Reading[] = [];
  private readonly stations = new Map<string, Station>();
  private readonly alarms = new Map<string, Alarm>();
  private readonly events: AlarmEvent[] = [];
  private readonly rejected: QuarantinedMessage[] = [];
  private readonly outOfService = new Map<string, OutOfServiceEntry>();
  private readonly state = new Map<string, string>();
  private rules: readonly Rule[] | null = null;
  private readonly shiftLog = new MemoryShiftLog();
  private readonly incidents = new Map<string, Incident>();
  private readonly notices = new Map<string, PublicNotice>();

  constructor(private readonly maxRows = 2_000_000) {}

  async writeWindows(windows: readonly WindowAggregate[]): Promise<void> {
    for (const w of windows) {
      // Kept as the aggregator closed it, sketch span and all: an array per window cost the 2,000-station
      // city at 10x a fifth of the engine's time (its copy and the collector). The windows closed together
      // share a sketch buffer and leave together (oldest first), so a buffer they pin is mostly their own sketches.
      this.windows.set(`${w.stationId}\u0000${w.metric}\u0000${w.sizeMs}\u0000${w.start}`, w);
      this.register(w.stationId);
    }
    if (this.windows.size > this.maxRows) this.dropOldestWindows(this.windows.size - this.maxRows);
  }

  /** Merges late values into the windows held (as the SQL stores do, without their journal: nothing here outlives the process). */
  async mergeLate(batch: LateBatch): Promise<void> {
    for (const g of lateGroups(batch)) {
      const key = `${g.stationId}\u0000${g.metric}\u0000${g.sizeMs}\u0000${g.start}`;
      const stored = this.windows.get(key);
      const before = stored === undefined ? null : { ...stored, m2: stored.m2 ?? stored.stddev * stored.stddev * stored.count, sketch: sketchNumbers(stored) ?? null };
      const merged = mergeValues(before, g.values);
      this.windows.set(key, { stationId: g.stationId, metric: g.metric, sizeMs: g.sizeMs, start: g.start, count: merged.count, mean: merged.mean, min: merged.min, max: merged.max, stddev: merged.stddev, p95: merged.p95, m2: merged.m2, sketch: merged.sketch });
      this.register(g.stationId);
    }
  }

  async writeReadings(readings: readonly Reading[]): Promise<void> {
    for (const r of readings) {
      this.readings.push(r);
      this.register(r.stationId);
    }
    if (this.readings.length > this.maxRows) this.readings.splice(0, this.readings.length - this.maxRows);
  }

  async writeAlarms(alarms: readonly Alarm[], events: readonly AlarmEvent[]): Promise<void> {
    for (const a of alarms) this.alarms.set(a.id, a);
    this.events.push(...events);
  }

  async writeRejected(messages: readonly QuarantinedMessage[]): Promise<void> {
    this.rejected.push(...messages);
    if (this.rejected.length > 10_000) this.rejected.splice(0, this.rejected.length - 10_000);
  }

  async upsertStations(stations: readonly Station[]): Promise<void> {
    for (const s of stations) this.stations.set(s.id, s);
  }

  async ensureStations(ids: readonly string[]): Promise<void> {
    for (const id of ids) this.register(id);
  }

  async queryHistory(query: HistoryQuery): Promise<HistoryResult> {
    const sizes = [...new Set([...this.windows.values()].map((w) => w.sizeMs))];
    // Nothing stored (null): the raw path over no readings answers the empty series at size 0.
    const sizeMs = chooseResolution(sizes, query.from, query.to, query.maxPoints, this.readings.length > 0) ?? 0;
    const series = query.stationIds.map((stationId) => (sizeMs === 0 ? this.rawSeries(stationId, query) : this.windowSeries(stationId, query, sizeMs)));
    return { sizeMs, metric: query.metric, series };
  }

  async queryWindows(query: WindowSeriesQuery): Promise<readonly WindowSeries[]> {
    const byStation = new Map<string, WindowAggregate[]>();
    for (const w of this.windows.values()) {
      if (w.metric !== query.metric || w.sizeMs !== query.sizeMs || w.start < query.from || w.start >= query.to) continue;
      if (query.stationIds !== null && !query.stationIds.includes(w.stationId)) continue;
      const list = byStation.get(w.stationId) ?? [];
      list.push(w);
      byStation.set(w.stationId, list);
    }
    return [...byStation.entries()].map(([stationId, list]) => {
      list.sort((a, b) => a.start - b.start);
      const col = (f: (w: WindowAggregate) => number) => Float64Array.from(list, f);
      return { stationId, start: col((w) => w.start), count: col((w) => w.count), mean: col((w) => w.mean), min: col((w) => w.min), max: col((w) => w.max), stddev: col((w) => w.stddev), p95: col((w) => w.p95) };
    });
  }

  async listStations(): Promise<readonly Station[]> {
    return [...this.stations.values()].sort((a, b) => a.id.localeCompare(b.id));
  }

  async loadAlarms(): Promise<AlarmSnapshot> {
    return { alarms: [...this.alarms.values()], outOfService: [...this.outOfService.values()] };
  }

  async alarmHistory(from: number, to: number, limit: number): Promise<{ readonly alarms: readonly Alarm[]; readonly events: readonly AlarmEvent[] }> {
    const events = this.events.filter((e) => e.at >= from && e.at <= to).sort((a, b) => b.at - a.at).slice(0, limit);
    const ids = new Set(events.map((e) => e.alarmId));
    return { alarms: [...this.alarms.values()].filter((a) => ids.has(a.id)), events };
  }

  async listRejected(limit: number): Promise<readonly QuarantinedMessage[]> {
    return this.rejected.slice(-limit).reverse();
  }

  async loadRules(): Promise<readonly Rule[] | null> {
    return this.rules;
  }

  async saveRules(rules: readonly Rule[]): Promise<void> {
    this.rules = [...rules];
  }

  async writeShift(write: Parameters<HistoryStore['writeShift']>[0]): Promise<void> {
    this.shiftLog.write(write);
  }

  async readShiftLog(read: Parameters<HistoryStore['readShiftLog']>[0]): ReturnType<HistoryStore['readShiftLog']> {
    return this.shiftLog.read(read);
  }

  async readHandovers(read: Parameters<HistoryStore['readHandovers']>[0]): ReturnType<HistoryStore['readHandovers']> {
    return this.shiftLog.readHandovers(read);
  }

  async replaySeek(seek: Parameters<HistoryStore['replaySeek']>[0]): ReturnType<HistoryStore['replaySeek']> {
    return memoryReplaySeek(this.windows.values(), this.alarms, this.events, seek);
  }

  async readIncidents(limit: number): ReturnType<HistoryStore['readIncidents']> {
    return listIncidents(this.incidents, limit);
  }

  async writeIncident(write: Parameters<HistoryStore['writeIncident']>[0]): Promise<void> {
    applyIncidentWrite(this.incidents, write);
  }

  async writeNotice(notice: Parameters<HistoryStore['writeNotice']>[0]): Promise<void> {
    const stored = this.notices.get(notice.id);
    if (stored === undefined || stored.revision < notice.revision) this.notices.set(notice.id, notice);
  }

  async readNotices(limit: number): ReturnType<HistoryStore['readNotices']> {
    return [...this.notices.values()].sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1)).slice(0, limit);
  }

  async getState(key: string): Promise<string | null> {
    return this.state.get(key) ?? null;
  }

  async setState(key: string, value: string): Promise<void> {
    this.state.set(key, value);
  }

  async setOutOfService(entry: OutOfServiceEntry, outOfService: boolean): Promise<void> {
    const key = `${entry.stationId}\u0000${entry.metric ?? ''}`;
    if (outOfService) this.outOfService.set(key, entry);
    else this.outOfService.delete(key);
  }

  async runRetention(policy: RetentionPolicy, now: number): Promise<RetentionResult> {
    const rawCut = now - policy.rawRetentionDays * DAY_MS;
    const before = this.readings.length;
    const kept = this.readings.filter((r) => r.ts >= rawCut);
    this.readings.splice(0, this.readings.length, ...kept);
    const windowCut = now - policy.windowRetentionDays * DAY_MS;
    let windows = 0;
    for (const [key, w] of this.windows) if (w.start < windowCut && this.windows.delete(key)) windows++;
    const rejectedCut = now - policy.rejectedRetentionDays * DAY_MS;
    const rejectedBefore = this.rejected.length;
    const rejectedKept = this.rejected.filter((m) => m.at >= rejectedCut);
    this.rejected.splice(0, this.rejected.length, ...rejectedKept);
    return { readings: before - kept.length, windows, rejected: rejectedBefore - rejectedKept.length };
  }

  status(): StoreStatus {
    return { kind: 'memory', state: 'ok', queueDepth: 0, queueCapacity: 0, detail: null };
  }

  isFull(): boolean {
    return false;
  }

  caughtUp(): Promise<void> {
    return Promise.resolve();
  }

  onStatus(): () => void {
    return () => undefined;
  }

  async close(): Promise<void> {}

  private register(id: string): void {
    if (id !== CITY_STATION_ID && !this.stations.has(id)) this.stations.set(id, { id, name: id, district: '', lat: null, lon: null });
  }

  private dropOldestWindows(count: number): void {
    const oldest = [...this.windows.entries()].sort((a, b) => a[1].start - b[1].start).slice(0, count);
    for (const [key] of oldest) this.windows.delete(key);
  }

  private windowSeries(stationId: string, query: HistoryQuery, sizeMs: number): HistorySeries {
    const list = [...this.windows.values()].filter((w) => w.stationId === stationId && w.metric === query.metric && w.sizeMs === sizeMs && w.start >= query.from && w.start < query.to).sort((a, b) => a.start - b.start);
    const col = (f: (w: WindowAggregate) => number) => Float64Array.from(list, f);
    return { stationId, ts: col((w) => w.start), mean: col((w) => w.mean), min: col((w) => w.min), max: col((w) => w.max), count: col((w) => w.count) };
  }

  private rawSeries(stationId: string, query: HistoryQuery): HistorySeries {
    const rows = this.readings.filter((r) => r.stationId === stationId && r.ts >= query.from && r.ts < query.to && query.metric in r.metrics).sort((a, b) => a.ts - b.ts);
    const values = Float64Array.from(rows, (r) => r.metrics[query.metric] as number);
    return { stationId, ts: Float64Array.from(rows, (r) => r.ts), mean: values, min: values.slice(), max: values.slice(), count: new Float64Array(rows.length).fill(1) };
  }
}
