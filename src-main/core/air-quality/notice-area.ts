/**
 * One public notice for the stations of an area (issue 18). During an ozone episode many stations of a
 * district cross the threshold within minutes; the public gets one notice for the district, not one per
 * station. A raised threshold alarm joins the notice of its station's district for the same pollutant and
 * threshold kind while that notice is a draft, or issued (neither withdrawn nor superseded), and its
 * episode still runs. The notice then lists the station, its highest hourly value and 8-hour mean are the
 * highest over its stations (naming the station), and its start is the earliest. An issued notice stands
 * as published: the station joins an update drafted from it (as `notice:update` prepares one), which the
 * operator reviews and issues to supersede it. Stations without a district, and those of other districts,
 * get notices of their own. Pure: ids and times are parameters.
 */
import type { NoticeStation, NoticeTrend, PublicNotice, PublicNoticeContent } from '../../../src-shared/domain/public-notice';
import type { NoticeTransition } from './notice-workflow';

/** The threshold alarm looking for a notice to join. */
export interface JoiningAlarm {
  readonly district: string | null;
  readonly pollutant: string;
  readonly thresholdKind: PublicNoticeContent['thresholdKind'];
}

/** The content's episode figures, computed from its stations. */
export type StationFigures = Pick<PublicNoticeContent, 'stationIds' | 'startMs' | 'endMs' | 'highestHourly' | 'highest8hMean' | 'trend'>;

/** A station's entry from its threshold alarm's episode (the tracker's or the feed's). */
export function noticeStation(alarmId: string, stationId: string, episode: Omit<NoticeStation, 'alarmId' | 'stationId'>): NoticeStation {
  const { startMs, endMs, highestHourly, highest8hMean, trend } = episode;
  return {
    alarmId, stationId, startMs, endMs,
    highestHourly: { value: highestHourly.value, startMs: highestHourly.startMs },
    highest8hMean: highest8hMean === null ? null : { value: highest8hMean.value, endMs: highest8hMean.endMs },
    trend,
  };
}

/**
 * The notice's figures over its stations: the earliest start; no end while any station's episode lasts,
 * else the latest end; the highest hourly value and 8-hour mean with their station (the earlier on a tie);
 * the trend of the stations still above (rising when any rises, then steady), of all once every one ended.
 */
export function combineStations(stations: readonly NoticeStation[]): StationFigures {
  const first = stations[0];
  if (first === undefined) throw new Error('a public notice covers at least one station');
  let highest = first;
  let highest8h: NoticeStation | null = null;
  for (const s of stations) {
    if (s.highestHourly.value > highest.highestHourly.value) highest = s;
    if (s.highest8hMean !== null && (highest8h?.highest8hMean == null || s.highest8hMean.value > highest8h.highest8hMean.value)) highest8h = s;
  }
  const running = stations.filter((s) => s.endMs === null);
  const ends = stations.map((s) => s.endMs ?? Number.POSITIVE_INFINITY);
  return {
    stationIds: [...new Set(stations.map((s) => s.stationId))],
    startMs: Math.min(...stations.map((s) => s.startMs)),
    endMs: running.length > 0 ? null : Math.max(...ends),
    highestHourly: { ...highest.highestHourly, stationId: highest.stationId },
    highest8hMean: highest8h?.highest8hMean == null ? null : { ...highest8h.highest8hMean, stationId: highest8h.stationId },
    trend: worstTrend((running.length > 0 ? running : stations).map((s) => s.trend)),
  };
}

/** "Harbour (around Harbour Gate, Harbour Square)": the area a draft names until the operator writes their own. */
export function areaText(district: string | null, stationNames: readonly string[]): string {
  const names = stationNames.join(', ');
  return district === null || district === '' ? names : `${district} (around ${names})`;
}

/**
 * The notice a raised alarm joins, or null: same district (never when the station has none), pollutant and
 * threshold kind, a draft or an issued notice whose episode `isRunning` says still runs. A draft wins over an
 * issued notice (an issued notice's update is joined rather than a second update drafted), then the newest.
 */
export function joinableNotice(notices: Iterable<PublicNotice>, joining: JoiningAlarm, isRunning: (notice: PublicNotice) => boolean): PublicNotice | null {
  if (joining.district === null) return null;
  let best: PublicNotice | null = null;
  for (const n of notices) {
    if (n.district !== joining.district || n.content.pollutant !== joining.pollutant || n.content.thresholdKind !== joining.thresholdKind) continue;
    if ((n.state !== 'draft' && n.state !== 'issued') || !isRunning(n)) continue;
    if (best === null || rank(n) > rank(best) || (rank(n) === rank(best) && n.createdAt > best.createdAt)) best = n;
  }
  return best;
}

/**
 * A station joins `notice` (its alarm's entry replaced when it is in already, from an earlier episode of that
 * station). A draft takes it in place: stations and figures follow, the area too while it is still the one
 * drafted (`area` names it from station ids), an area the operator wrote stays. An issued notice is left as
 * published: a draft update (`updateId`) with the station is prepared, superseding it once issued — the
 * audit lines say the issued text is out of date. The joining alarm records it (and the notice's, for an update).
 */
export function joinNotice(notice: PublicNotice, station: NoticeStation, area: (stationIds: readonly string[]) => string, updateId: string, now: number): NoticeTransition {
  const stations = withStation(notice.stations, station);
  const figures = combineStations(stations);
  const keepsArea = notice.content.area !== area(notice.content.stationIds);
  const content: PublicNoticeContent = { ...notice.content, ...figures, area: keepsArea ? notice.content.area : area(figures.stationIds) };
  const joined = `station ${station.stationId} joined${notice.district === null ? '' : ` (${notice.district})`}`;
  if (notice.state === 'draft') {
    const next: PublicNotice = { ...notice, stations, content, revision: notice.revision + 1, updatedAt: now };
    return { notices: [next], audits: joinAudits(next, station, 'notice-edited', `Public notice ${notice.id}: ${joined}`) };
  }
  const update: PublicNotice = {
    ...notice, id: updateId, state: 'draft', stations, content, revision: 1, createdAt: now, updatedAt: now, editedBy: null,
    issuedAt: null, issuedBy: null, withdrawnAt: null, withdrawnBy: null, withdrawReason: null, supersedes: notice.id, supersededBy: null,
  };
  const comment = `Public notice ${updateId} drafted as an update of ${notice.id}: ${joined}; ${notice.id} as issued is out of date until the update is issued`;
  return { notices: [update], audits: joinAudits(update, station, 'notice-drafted', comment) };
}

/**
 * A notice's station entry brought up to its alarm's latest episode (`Pipeline.airEpisode`, null when this run
 * has none): the same episode replaces it; an episode that starts later continues an entry still open — one that
 * began before a restart, which this run's tracker never saw begin — and merges into it (its end, trend and the
 * higher peaks); anything else leaves the entry as it is (a new episode after an ended one drafts its own).
 */
export function followEpisode(entry: NoticeStation, episode: Omit<NoticeStation, 'alarmId' | 'stationId'> | null): NoticeStation {
  if (episode === null) return entry;
  const latest = noticeStation(entry.alarmId, entry.stationId, episode);
  if (episode.startMs === entry.startMs) return latest;
  if (entry.endMs === null && episode.startMs > entry.startMs) return withStation([entry], latest)[0] as NoticeStation;
  return entry;
}

/** The stations with `station` added, or replacing its alarm's earlier entry (the two episodes merged). */
export function withStation(stations: readonly NoticeStation[], station: NoticeStation): NoticeStation[] {
  const index = stations.findIndex((s) => s.alarmId === station.alarmId);
  if (index < 0) return [...stations, station];
  const old = stations[index] as NoticeStation;
  const merged: NoticeStation = {
    ...station,
    startMs: Math.min(old.startMs, station.startMs),
    highestHourly: old.highestHourly.value > station.highestHourly.value ? old.highestHourly : station.highestHourly,
    highest8hMean: old.highest8hMean !== null && (station.highest8hMean === null || old.highest8hMean.value > station.highest8hMean.value) ? old.highest8hMean : station.highest8hMean,
  };
  return stations.map((s, i) => (i === index ? merged : s));
}

/**
 * A notice as stored before notices covered several stations (no `district`, no `stations`, figures without
 * their station) brought to the current shape: its one station, no district — so nothing joins it.
 */
export function upgradeStoredNotice(stored: StoredNotice): PublicNotice {
  const c = stored.content;
  return {
    ...stored,
    district: stored.district ?? null,
    stations: stored.stations ?? [noticeStation(stored.alarmId, stored.stationId, c)],
    content: {
      ...c,
      highestHourly: { ...c.highestHourly, stationId: c.highestHourly.stationId ?? stored.stationId },
      highest8hMean: c.highest8hMean === null ? null : { ...c.highest8hMean, stationId: c.highest8hMean.stationId ?? stored.stationId },
    },
  };
}

/** A notice as the store holds it, written by this version or an earlier one. */
export type StoredNotice = Omit<PublicNotice, 'district' | 'stations' | 'content'> & {
  readonly district?: string | null;
  readonly stations?: readonly NoticeStation[];
  readonly content: Omit<PublicNoticeContent, 'highestHourly' | 'highest8hMean'> & {
    readonly highestHourly: NoticeStation['highestHourly'] & { readonly stationId?: string };
    readonly highest8hMean: (NonNullable<NoticeStation['highest8hMean']> & { readonly stationId?: string }) | null;
  };
};

/**
 * The audit lines of a join. A join to a draft is recorded on the joining alarm only: stations of one district
 * join in the same instant, and alarm_events keeps one line per alarm, time, type and state. An update drafted
 * from an issued notice is recorded on the notice's alarm too (one update per issued notice).
 */
function joinAudits(notice: PublicNotice, station: NoticeStation, type: NoticeTransition['audits'][number]['type'], comment: string): NoticeTransition['audits'] {
  const own = { notice, type, comment, alarmId: station.alarmId };
  return type === 'notice-edited' || station.alarmId === notice.alarmId ? [own] : [{ notice, type, comment }, own];
}

function rank(notice: PublicNotice): number {
  return notice.state === 'draft' ? 1 : 0;
}

const TREND_ORDER: readonly NoticeTrend[] = ['rising', 'steady', 'falling'];

function worstTrend(trends: readonly NoticeTrend[]): NoticeTrend {
  return TREND_ORDER.find((t) => trends.includes(t)) ?? 'steady';
}
