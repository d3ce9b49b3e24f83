import { useEffect, useRef } from 'react';
import L from 'leaflet';
import { useObservable, useSession } from '../app-context';
import { stationsOutOfService } from '../data/out-of-service';
import { worstSeverityByStation } from '../alarms/alarm-sort';
import { staleAfterMs } from './stale-after';
import { formatAge, latestValueLines, lookClass, lookLabel, stationLook, worstPendingByStation } from './station-status';
import { pendingOfStation } from '../data/pending-store';
import { breachText, countdownText } from '../alarms/pending-text';
import { addDistrictLayer } from './district-layer';
import { UnplacedList } from './unplaced-list';

/**
 * The station map: an offline district layer (optional online tiles), one marker per placed station,
 * shaped and coloured by its worst open alarm, greyed when stale. Markers are refreshed once a
 * second and on alarm changes, not per reading. Clicking (or Enter on) a marker selects the station.
 */
export function StationMap() {
  const session = useSession();
  const stations = useObservable(session.stations);
  const settings = useObservable(session.settings);
  const tileUrl = settings?.settings.ui.tileUrl ?? null;
  // Lost contact: every marker is stale at once (styles/connection.css), and the map says so.
  const isStale = useObservable(session.connectionLostAt) !== null;
  const box = useRef<HTMLDivElement>(null);
  const mapRef = useRef<L.Map | null>(null);

  useEffect(() => {
    const el = box.current;
    if (el === null) return;
    const map = L.map(el, { attributionControl: false, zoomSnap: 0.25, keyboard: true });
    mapRef.current = map;
    const districts = addDistrictLayer(map);
    map.fitBounds(districts.getBounds(), { padding: [4, 4] });
    const resize = new ResizeObserver(() => map.invalidateSize());
    resize.observe(el);
    return () => {
      resize.disconnect();
      map.remove();
      mapRef.current = null;
    };
  }, []);

  useEffect(() => {
    const map = mapRef.current;
    if (map === null || tileUrl === null) return;
    const tiles = L.tileLayer(tileUrl, { maxZoom: 19 }).addTo(map);
    tiles.bringToBack();
    return () => {
      tiles.remove();
    };
  }, [tileUrl]);

  useEffect(() => {
    const map = mapRef.current;
    if (map === null) return;
    const { live, alarms, selection, outOfService, rules } = session;
    const markers = new Map<string, { marker: L.Marker; key: string }>();
    const byId = new Map(stations.map((s) => [s.id, s]));
    function tooltip(id: string): HTMLElement {
      const now = Date.now();
      const station = byId.get(id);
      const latest = live.latest.get(id);
      const pending = pendingOfStation(live.pending.view.get(), id);
      const look = stationLook(worstSeverityByStation(alarms.all.get(), now).get(id), latest, now, staleAfterMs(rules.get()), stationsOutOfService(outOfService.get()).has(id), worstPendingByStation(pending).get(id));
      const root = document.createElement('div');
      root.className = 'map-tooltip';
      const title = root.appendChild(document.createElement('strong'));
      title.textContent = `${station?.name ?? id} (${id})`;
      const meta = root.appendChild(document.createElement('div'));
      meta.textContent = `${station?.district ?? ''} · ${lookLabel(look)} · data ${formatAge(latest, now)}`;
      for (const condition of pending) {
        const line = root.appendChild(document.createElement('div'));
        line.className = `pending-line pending-${condition.severity}`;
        line.dataset.testid = 'tooltip-pending';
        line.textContent = `Pending ${condition.severity}: ${breachText(condition)}`;
        const countdown = line.appendChild(document.createElement('span'));
        countdown.className = 'pending-countdown';
        countdown.textContent = session.connectionLostAt.get() === null ? countdownText(condition, live.dataTime(now)) : 'not live: connection lost';
      }
      const table = root.appendChild(document.createElement('table'));
      for (const line of latestValueLines(latest, live.metrics)) {
        const row = table.insertRow();
        row.insertCell().textContent = line.label;
        row.insertCell().textContent = line.value;
      }
      return root;
    }
    function refresh(): void {
      const now = Date.now();
      const worst = worstSeverityByStation(alarms.all.get(), now);
      const staleMs = staleAfterMs(rules.get());
      const selected = selection.get();
      const oos = stationsOutOfService(outOfService.get());
      const pending = worstPendingByStation(live.pending.view.get().conditions);
      for (const station of stations) {
        if (station.lat === null || station.lon === null) continue;
        const look = stationLook(worst.get(station.id), live.latest.get(station.id), now, staleMs, oos.has(station.id), pending.get(station.id));
        const className = `${lookClass(look)}${selected.includes(station.id) ? ' is-selected' : ''}`;
        const shape = look.severity === 'critical' ? '◆' : look.severity === 'warning' ? '▲' : '';
        const key = `${className}|${shape}`;
        let entry = markers.get(station.id);
        const icon = L.divIcon({ className, html: `<span aria-hidden="true">${shape}</span>`, iconSize: [18, 18] });
        if (entry === undefined) {
          const marker = L.marker([station.lat, station.lon], { icon, keyboard: true, title: `${station.name} (${station.id})`, alt: station.id, riseOnHover: true });
          marker.bindTooltip(() => tooltip(station.id), { direction: 'top', offset: [0, -8] });
          marker.on('click', () => session.toggleStation(station.id));
          marker.addTo(map!);
          entry = { marker, key };
          markers.set(station.id, entry);
        } else if (entry.key !== key) {
          entry.marker.setIcon(icon);
          entry.key = key;
        }
        const el = entry.marker.getElement();
        if (el !== undefined) {
          el.dataset.testid = `station-marker-${station.id}`;
          el.dataset.severity = look.severity ?? 'ok';
          el.dataset.pending = look.pending ?? 'none';
          el.dataset.stale = String(look.isStale);
          el.dataset.outOfService = String(look.isOutOfService);
          el.setAttribute('aria-label', `${station.name} (${station.id}): ${lookLabel(look)}`);
        }
        // An open tooltip follows the data: update() calls the content function again.
        if (entry.marker.isTooltipOpen()) entry.marker.getTooltip()?.update();
      }
    }
    refresh();
    const timer = setInterval(refresh, 1000);
    // Pending conditions come with frames (up to 10 a second): their changes redraw at most every 250 ms.
    let soon: ReturnType<typeof setTimeout> | null = null;
    const refreshSoon = (): void => {
      soon ??= setTimeout(() => {
        soon = null;
        refresh();
      }, 250);
    };
    const offs = [alarms.all.subscribe(refresh), selection.subscribe(refresh), outOfService.subscribe(refresh), live.pending.view.subscribe(refreshSoon)];
    return () => {
      clearInterval(timer);
      if (soon !== null) clearTimeout(soon);
      for (const off of offs) off();
      for (const { marker } of markers.values()) marker.remove();
    };
  }, [session, stations]);

  return (
    <section className="map-panel" aria-label={isStale ? 'Station map — not live: connection to the server lost' : 'Station map'} data-stale={isStale}>
      <div className="map" ref={box} data-testid="station-map" />
      <UnplacedList stations={stations} />
    </section>
  );
}
