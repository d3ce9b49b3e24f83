import { useEffect, useRef } from 'react';
import L from 'leaflet';
import { useObservable, useSession } from '../app-context';
import { stationsOutOfService } from '../data/out-of-service';
import { worstSeverityByStation } from '../alarms/alarm-sort';
import { staleAfterMs } from './stale-after';
import { formatAge, latestValueLines, lookLabel, stationLook, worstPendingByStation } from './station-status';
import { pendingOfStation } from '../data/pending-store';
import { breachText, countdownText } from '../alarms/pending-text';
import { addDistrictLayer } from './district-layer';
import { loadBasemapLayer } from './basemap-layer';
import { StationClusters } from './cluster-layer';
import { mapBounds } from './map-bounds';
import type { StationLook } from './station-status';
import { changedFaces, markerFace } from './marker-face';
import type { MarkerFace } from './marker-face';
import type { Station } from '../../src-shared/domain/station';
import { UnplacedList } from './unplaced-list';
import { AirIndexLegend } from '../air/air-index-legend';
import { markerBandHtml } from '../air/marker-band';
import { airFlagLines, airIndexLine } from '../air/air-index-store';

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
  const districts = settings?.settings.ui.districts ?? null;
  const hasBasemap = (settings?.settings.ui.basemapFile ?? null) !== null;
  const theme = settings?.settings.ui.theme ?? 'dark';
  // The view fits stations and districts together; it moves again only when that extent changes.
  const bounds = mapBounds(stations, districts);
  const boundsKey = bounds === null ? '' : bounds.flat().join(',');
  // Lost contact: every marker is stale at once (styles/connection.css), and the map says so.
  const isStale = useObservable(session.connectionLostAt) !== null;
  const box = useRef<HTMLDivElement>(null);
  const mapRef = useRef<L.Map | null>(null);

  useEffect(() => {
    const el = box.current;
    if (el === null) return;
    const map = L.map(el, { attributionControl: false, zoomSnap: 0.25, keyboard: true, maxZoom: 19 });
    mapRef.current = map;
    // The zoom on the element too: end-to-end tests read it (Leaflet keeps its map object to itself).
    map.on('zoomend', () => {
      el.dataset.zoom = String(map.getZoom());
    });
    map.setView([0, 0], 2);
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
    if (map === null) return;
    const layer = addDistrictLayer(map, districts, stations);
    return () => {
      layer.remove();
    };
  }, [districts, stations]);

  useEffect(() => {
    const map = mapRef.current;
    if (map === null) return;
    const fit = bounds ?? mapBounds([], null);
    // Not animated: a zoom transition still running when the page changes (the map removed) throws in Leaflet.
    if (fit !== null) map.fitBounds(fit, { padding: [12, 12], animate: false });
    // Keyed on boundsKey (the extent as text): a new array each render must not move the view.
  }, [boundsKey]);

  // The offline basemap (a PMTiles file the server answers) wins over an online tile server.
  useEffect(() => {
    const map = mapRef.current;
    if (map === null || !hasBasemap) return;
    let layer: L.Layer | null = null;
    let isCancelled = false;
    const attribution = L.control.attribution({ prefix: false }).addTo(map);
    void loadBasemapLayer(theme).then((loaded) => {
      if (isCancelled || loaded === null) return;
      layer = loaded.addTo(map);
      map.getContainer().dataset.basemap = 'pmtiles';
    });
    return () => {
      isCancelled = true;
      layer?.remove();
      attribution.remove();
      delete map.getContainer().dataset.basemap;
    };
  }, [hasBasemap, theme]);

  useEffect(() => {
    const map = mapRef.current;
    if (map === null || tileUrl === null || hasBasemap) return;
    const tiles = L.tileLayer(tileUrl, { maxZoom: 19 }).addTo(map);
    tiles.bringToBack();
    return () => {
      tiles.remove();
    };
  }, [tileUrl, hasBasemap]);

  useEffect(() => {
    const map = mapRef.current;
    if (map === null) return;
    const { live, alarms, selection, outOfService, rules, focus } = session;
    const placed = stations.filter((s): s is Station & { lat: number; lon: number } => s.lat !== null && s.lon !== null);
    const byId = new Map(placed.map((s) => [s.id, s]));
    // Overlapping markers become clusters (worst status inside); looks are kept for zooms between refreshes.
    const clusters = new StationClusters(map, placed);
    const looks = new Map<string, StationLook>();
    const markerOf = new Map<string, L.Marker>();
    const describeMarker = (id: string): void => {
      const station = byId.get(id);
      const look = looks.get(id);
      // Null, not undefined, for a marker taken off the map (in a cluster): Leaflet's types say otherwise.
      const el = markerOf.get(id)?.getElement() as HTMLElement | null | undefined;
      if (station === undefined || look === undefined || el === undefined || el === null) return;
      const focused = focus.get();
      el.dataset.testid = `station-marker-${station.id}`;
      el.dataset.severity = look.severity ?? 'ok';
      el.dataset.pending = look.pending ?? 'none';
      el.dataset.stale = String(look.isStale);
      el.dataset.outOfService = String(look.isOutOfService);
      el.dataset.focused = String(station.id === focused);
      el.setAttribute('aria-label', `${station.name} (${station.id}): ${lookLabel(look)}`);
    };
    const recluster = (): void => {
      // A marker put back on the map gets a fresh element: describe it again.
      for (const id of clusters.update(markerOf, (id) => looks.get(id))) describeMarker(id);
    };
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
      const air = airIndexLine(live.air.byStation.get().get(id));
      if (air !== null) root.appendChild(air);
      for (const line of airFlagLines(live.air.flags.get(), id)) root.appendChild(line);
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
    // The key each marker's icon was last drawn with: only a changed face touches the DOM (marker-face.ts).
    const shownKeys = new Map<string, string>();
    function refresh(): void {
      const now = Date.now();
      const worst = worstSeverityByStation(alarms.all.get(), now);
      const staleMs = staleAfterMs(rules.get());
      const selected = new Set(selection.get());
      const focused = focus.get();
      const oos = stationsOutOfService(outOfService.get());
      const pending = worstPendingByStation(live.pending.view.get().conditions);
      const airIndices = live.air.byStation.get();
      const faces = new Map<string, MarkerFace>();
      for (const station of placed) {
        const look = stationLook(worst.get(station.id), live.latest.get(station.id), now, staleMs, oos.has(station.id), pending.get(station.id));
        looks.set(station.id, look);
        // The air-quality band as a swatch beside the alarm look (air/marker-band.ts).
        faces.set(station.id, markerFace(look, selected.has(station.id), station.id === focused, markerBandHtml(airIndices.get(station.id))));
      }
      for (const id of changedFaces(shownKeys, faces)) {
        const face = faces.get(id)!;
        const icon = L.divIcon({ className: face.className, html: face.html, iconSize: [18, 18] });
        const marker = markerOf.get(id);
        if (marker === undefined) markerOf.set(id, createMarker(byId.get(id)!, icon));
        else marker.setIcon(icon);
        shownKeys.set(id, face.key);
        describeMarker(id);
      }
      // An open tooltip follows the data: update() calls the content function again.
      for (const marker of markerOf.values()) if (marker.isTooltipOpen()) marker.getTooltip()?.update();
    }
    /** A station's marker, not yet on the map: the clusters put it there when it is not in a cluster. */
    function createMarker(station: Station & { lat: number; lon: number }, icon: L.DivIcon): L.Marker {
      const marker = L.marker([station.lat, station.lon], { icon, keyboard: true, title: `${station.name} (${station.id})`, alt: station.id, riseOnHover: true });
      marker.bindTooltip(() => tooltip(station.id), { direction: 'top', offset: [0, -8] });
      marker.on('click', () => session.toggleStation(station.id));
      // Leaflet turns Enter on a focused marker into 'keypress' (it opens popups only), not 'click'.
      marker.on('keypress', (e: L.LeafletKeyboardEvent) => {
        if (e.originalEvent.key === 'Enter') session.toggleStation(station.id);
      });
      return marker;
    }
    refresh();
    recluster();
    const timer = setInterval(() => {
      refresh();
      recluster();
    }, 1000);
    map.on('zoomend moveend', recluster);
    // Pending conditions come with frames (up to 10 a second): their changes redraw at most every 250 ms.
    let soon: ReturnType<typeof setTimeout> | null = null;
    const refreshSoon = (): void => {
      soon ??= setTimeout(() => {
        soon = null;
        refresh();
      }, 250);
    };
    const offs = [alarms.all.subscribe(refresh), selection.subscribe(refresh), focus.subscribe(refresh), outOfService.subscribe(refresh), live.pending.view.subscribe(refreshSoon)];
    return () => {
      clearInterval(timer);
      if (soon !== null) clearTimeout(soon);
      for (const off of offs) off();
      map.off('zoomend moveend', recluster);
      clusters.remove();
      for (const marker of markerOf.values()) marker.remove();
    };
  }, [session, stations]);

  return (
    <section className="map-panel" aria-label={isStale ? 'Station map — not live: connection to the server lost' : 'Station map'} data-stale={isStale}>
      <div className="map" ref={box} data-testid="station-map" />
      <AirIndexLegend />
      <UnplacedList stations={stations} />
    </section>
  );
}
