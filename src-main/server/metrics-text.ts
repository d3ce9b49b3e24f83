/**
 * Prometheus text exposition for GET /metrics, built from `pipeline:status`, `alarms:list` and the
 * host's own counters. Pure: the server gathers the inputs, this formats them.
 */
import type { Alarm } from '../../src-shared/domain/alarms';
import type { PipelineStatus } from '../../src-shared/ipc/status';

/** What the server knows about itself, independent of the engine. */
export interface ServerCounters {
  readonly engineState: string;
  readonly engineRestarts: number;
  readonly wsClients: number;
  readonly framesDropped: number;
}

/** Render the metrics; `status`/`alarms` are null while the engine is not answering. */
export function renderMetrics(server: ServerCounters, status: PipelineStatus | null, alarms: readonly Alarm[] | null): string {
  const lines: string[] = [];
  const metric = (name: string, type: 'gauge' | 'counter', help: string, samples: readonly (readonly [Record<string, string>, number])[]): void => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const [labels, value] of samples) lines.push(`${name}${formatLabels(labels)} ${formatValue(value)}`);
  };
  metric('stationwatch_engine_up', 'gauge', 'Whether the engine is running and answering (1) or not (0).', [[{}, status === null ? 0 : 1]]);
  metric('stationwatch_engine_restarts_total', 'counter', 'Engine restarts after a crash since the server started.', [[{}, server.engineRestarts]]);
  metric('stationwatch_ws_clients', 'gauge', 'Connected WebSocket clients.', [[{}, server.wsClients]]);
  metric('stationwatch_ws_frames_dropped_total', 'counter', 'Stream frames not sent to slow clients.', [[{}, server.framesDropped]]);
  if (status !== null) {
    metric('stationwatch_readings_per_second', 'gauge', 'Readings ingested per second.', [[{}, status.readingsPerSec]]);
    metric('stationwatch_readings_total', 'counter', 'Readings accepted since the engine started.', [[{}, status.counters.readings]]);
    metric('stationwatch_rejected_total', 'counter', 'Messages the decoder refused, by reason.', Object.entries(status.counters.rejected).map(([reason, n]) => [{ reason }, n] as const));
    metric('stationwatch_late_readings_total', 'counter', 'Readings later than the allowed lateness.', [[{}, status.counters.late]]);
    metric('stationwatch_consumer_lag', 'gauge', 'Kafka consumer lag in messages, per partition.', status.lag.map((l) => [{ topic: l.topic, partition: String(l.partition) }, l.lag] as const));
    metric('stationwatch_consumer_lag_total', 'gauge', 'Kafka consumer lag in messages, all partitions.', [[{}, status.lag.reduce((sum, l) => sum + l.lag, 0)]]);
    metric('stationwatch_store_queue_depth', 'gauge', 'Batches waiting to be written to the store.', [[{}, status.store.queueDepth]]);
    metric('stationwatch_store_queue_capacity', 'gauge', 'Capacity of the store queue.', [[{}, status.store.queueCapacity]]);
    metric('stationwatch_open_windows', 'gauge', 'Windows currently open.', [[{}, status.openWindows]]);
  }
  if (alarms !== null) {
    const open = { warning: 0, critical: 0 };
    for (const alarm of alarms) if (alarm.state !== 'normal') open[alarm.severity]++;
    metric('stationwatch_open_alarms', 'gauge', 'Alarms not back to normal (active or unacknowledged), by severity.', [
      [{ severity: 'warning' }, open.warning],
      [{ severity: 'critical' }, open.critical],
    ]);
  }
  lines.push(`# engine state: ${server.engineState}`);
  return lines.join('\n') + '\n';
}

function formatLabels(labels: Record<string, string>): string {
  const entries = Object.entries(labels);
  if (entries.length === 0) return '';
  return `{${entries.map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`).join(',')}}`;
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}
