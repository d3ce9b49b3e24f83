import { AlarmPanel } from '../alarms/alarm-panel';
import { ChartGrid } from '../charts/chart-grid';
import { StationMap } from '../map/station-map';

/** Map and alarms on the left, the live chart grid on the right: one screen, no scrolling at 1920×1080. */
export function DashboardView() {
  return (
    <div className="dashboard">
      <div className="dashboard-side">
        <StationMap />
        <AlarmPanel compact />
      </div>
      <ChartGrid />
    </div>
  );
}
