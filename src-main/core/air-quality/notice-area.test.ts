import { describe, expect, it } from 'vitest';
import type { NoticeStation, PublicNotice } from '../../../src-shared/domain/public-notice';
import { EPISODE_CONTENT } from './notice-fixture.test-support';
import { areaText, combineStations, followEpisode, joinableNotice, joinNotice, noticeStation, upgradeStoredNotice, withStation, type StoredNotice } from './notice-area';
import { createDraft, editNotice, issueNotice, refreshDraft, withdrawNotice } from './notice-workflow';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 6, 14, 12);
const O3_INFO = { pollutant: 'O3', thresholdKind: 'information' } as const;
const NAMES: Readonly<Record<string, string>> = { 'st-02': 'Harbour Gate', 'st-10': 'Harbour Square', 'st-11': 'Harbour Quay' };
const area = (ids: readonly string[]): string => areaText('Harbour', ids.map((id) => NAMES[id] ?? id));
const EDITS = { area: 'Harbour and the quays', expectedDuration: 'until 20:00', populationGroupsAtRisk: ['Children'], precautions: ['Avoid strenuous outdoor activity'] };

function station(id: string, startMs: number, highest: number, options: Partial<NoticeStation> = {}): NoticeStation {
  return noticeStation(`air:o3-information@${id}`, id, { startMs, endMs: null, highestHourly: { value: highest, startMs }, highest8hMean: null, trend: 'rising', ...options });
}

/** A draft for the Harbour district, drafted for st-02's alarm. */
function harbourDraft(first: NoticeStation = station('st-02', T0 + HOUR, 201.4)): PublicNotice {
  const content = { ...EPISODE_CONTENT, area: area([first.stationId]) };
  return createDraft('n-1', first.alarmId, first.stationId, content, T0 + 2 * HOUR, null, { district: 'Harbour', stations: [first] }).notices[0]!;
}

const always = (): boolean => true;

describe('one public notice for the stations of an area', () => {
  it('a station of the same district joins the running draft: listed, the highest over the stations with its station, the earliest start', () => {
    const draft = harbourDraft();
    const joining = station('st-10', T0, 236.2, { highest8hMean: { value: 190.5, endMs: T0 + 8 * HOUR } });
    expect(joinableNotice([draft], { district: 'Harbour', ...O3_INFO }, always)).toBe(draft);
    const joined = joinNotice(draft, joining, area, 'n-unused', T0 + 3 * HOUR);
    const notice = joined.notices[0]!;
    expect(joined.notices).toHaveLength(1);
    expect(notice).toMatchObject({ id: 'n-1', state: 'draft', alarmId: 'air:o3-information@st-02', district: 'Harbour', revision: draft.revision + 1 });
    expect(notice.stations.map((s) => s.stationId)).toEqual(['st-02', 'st-10']);
    expect(notice.content).toMatchObject({
      stationIds: ['st-02', 'st-10'],
      startMs: T0,
      endMs: null,
      highestHourly: { value: 236.2, startMs: T0, stationId: 'st-10' },
      highest8hMean: { value: 190.5, endMs: T0 + 8 * HOUR, stationId: 'st-10' },
      area: 'Harbour (around Harbour Gate, Harbour Square)',
    });
    // Recorded on the joining station's alarm (several join in one instant; the notice's alarm would keep one line).
    expect(joined.audits.map((a) => [a.alarmId ?? a.notice.alarmId, a.type, a.comment])).toEqual([
      ['air:o3-information@st-10', 'notice-edited', 'Public notice n-1: station st-10 joined (Harbour)'],
    ]);
  });

  it('stations of another district, without a district, or of another threshold or pollutant do not join', () => {
    const draft = harbourDraft();
    expect(joinableNotice([draft], { district: 'South', ...O3_INFO }, always)).toBeNull();
    expect(joinableNotice([{ ...draft, district: null }], { district: null, ...O3_INFO }, always)).toBeNull();
    expect(joinableNotice([draft], { district: 'Harbour', pollutant: 'O3', thresholdKind: 'alert' }, always)).toBeNull();
    expect(joinableNotice([draft], { district: 'Harbour', pollutant: 'NO2', thresholdKind: 'information' }, always)).toBeNull();
  });

  it('a withdrawn or superseded notice, or one whose episode ended, is not joined', () => {
    const draft = harbourDraft();
    const discarded = withdrawNotice(draft, 'duplicate', 'Ada', T0 + 3 * HOUR).notices[0]!;
    expect(joinableNotice([discarded], { district: 'Harbour', ...O3_INFO }, always)).toBeNull();
    const issued = issueNotice(editNotice(draft, EDITS, 'Ada', T0).notices[0]!, null, 'Ada', T0 + 3 * HOUR).notices[0]!;
    const withdrawn = withdrawNotice(issued, 'sensor fault', 'Ada', T0 + 4 * HOUR).notices[0]!;
    expect(joinableNotice([withdrawn], { district: 'Harbour', ...O3_INFO }, always)).toBeNull();
    expect(joinableNotice([{ ...issued, state: 'superseded', supersededBy: 'n-2' }], { district: 'Harbour', ...O3_INFO }, always)).toBeNull();
    expect(joinableNotice([draft], { district: 'Harbour', ...O3_INFO }, () => false)).toBeNull();
  });

  it('an issued notice is not changed: the station joins a draft update that supersedes it once issued', () => {
    const issued = issueNotice(editNotice(harbourDraft(), EDITS, 'Ada', T0 + 2 * HOUR).notices[0]!, null, 'Ada', T0 + 3 * HOUR).notices[0]!;
    expect(joinableNotice([issued], { district: 'Harbour', ...O3_INFO }, always)).toBe(issued);
    const joined = joinNotice(issued, station('st-10', T0 + 2 * HOUR, 224), area, 'n-2', T0 + 4 * HOUR);
    expect(joined.notices).toHaveLength(1);
    const update = joined.notices[0]!;
    expect(update).toMatchObject({ id: 'n-2', state: 'draft', supersedes: 'n-1', revision: 1, issuedAt: null, issuedBy: null, district: 'Harbour' });
    expect(update.content).toMatchObject({ stationIds: ['st-02', 'st-10'], highestHourly: { value: 224, stationId: 'st-10' }, area: EDITS.area, precautions: EDITS.precautions });
    expect(joined.audits.map((a) => [a.alarmId ?? a.notice.alarmId, a.type])).toEqual([['air:o3-information@st-02', 'notice-drafted'], ['air:o3-information@st-10', 'notice-drafted']]);
    expect(joined.audits[0]!.comment).toBe('Public notice n-2 drafted as an update of n-1: station st-10 joined (Harbour); n-1 as issued is out of date until the update is issued');
    // The update, not the issued notice, takes the next station; issuing it supersedes the published one.
    expect(joinableNotice([issued, update], { district: 'Harbour', ...O3_INFO }, always)).toBe(update);
    const third = joinNotice(update, station('st-11', T0 + 3 * HOUR, 210), area, 'n-unused', T0 + 5 * HOUR).notices[0]!;
    expect(third).toMatchObject({ id: 'n-2', supersedes: 'n-1', content: { stationIds: ['st-02', 'st-10', 'st-11'], highestHourly: { value: 224, stationId: 'st-10' } } });
    const published = issueNotice(third, issued, 'Bo', T0 + 6 * HOUR);
    expect(published.notices.map((n) => [n.id, n.state, n.supersededBy])).toEqual([['n-2', 'issued', null], ['n-1', 'superseded', 'n-2']]);
    expect(issued.content.stationIds).toEqual(['st-02']);
  });

  it('keeps an area the operator wrote; a station already in merges its new episode with its earlier one', () => {
    const edited = editNotice(harbourDraft(), EDITS, 'Ada', T0).notices[0]!;
    expect(joinNotice(edited, station('st-10', T0, 190), area, 'x', T0).notices[0]!.content.area).toBe(EDITS.area);
    const merged = withStation([station('st-02', T0, 230, { endMs: T0 + 2 * HOUR, trend: 'falling' })], station('st-02', T0 + 4 * HOUR, 205));
    expect(merged).toEqual([{ ...station('st-02', T0 + 4 * HOUR, 205), startMs: T0, highestHourly: { value: 230, startMs: T0 } }]);
  });

  it('the figures over the stations: no end while one lasts, then the latest; the trend of those still above', () => {
    const ended = station('st-02', T0, 230, { endMs: T0 + 3 * HOUR, trend: 'falling' });
    const running = station('st-10', T0 + HOUR, 200, { trend: 'steady' });
    expect(combineStations([ended, running])).toMatchObject({ startMs: T0, endMs: null, trend: 'steady', highestHourly: { value: 230, stationId: 'st-02' }, highest8hMean: null });
    const both = combineStations([ended, { ...running, endMs: T0 + 5 * HOUR, trend: 'falling' }]);
    expect([both.endMs, both.trend]).toEqual([T0 + 5 * HOUR, 'falling']);
    expect(combineStations([running, station('st-11', T0, 190, { trend: 'rising' })]).trend).toBe('rising');
    expect(() => combineStations([])).toThrow('at least one station');
  });

  it('a draft follows its stations\' latest episodes', () => {
    const draft = joinNotice(harbourDraft(), station('st-10', T0, 190), area, 'x', T0).notices[0]!;
    const later = [station('st-02', T0 + HOUR, 201.4, { endMs: T0 + 5 * HOUR, trend: 'falling' }), station('st-10', T0, 241)];
    const refreshed = refreshDraft(draft, later, T0 + 6 * HOUR)!;
    expect(refreshed.content).toMatchObject({ endMs: null, highestHourly: { value: 241, stationId: 'st-10' }, area: draft.content.area });
    expect(refreshDraft(refreshed, later, T0 + 7 * HOUR)).toBeNull();
  });

  it('an entry follows its alarm\'s episode: the same one replaces it, a later one continues an entry left open by a restart', () => {
    const open = station('st-02', T0, 230);
    const { alarmId: _a, stationId: _s, ...same } = station('st-02', T0, 240, { trend: 'steady' });
    expect(followEpisode(open, same)).toEqual(station('st-02', T0, 240, { trend: 'steady' }));
    expect(followEpisode(open, null)).toBe(open);
    // After a restart the engine only saw the end (the first clean hour): the entry keeps its start and peak and takes the end.
    const endOnly = { startMs: T0 + 5 * HOUR, endMs: T0 + 5 * HOUR, highestHourly: { value: 150, startMs: T0 + 5 * HOUR }, highest8hMean: null, trend: 'falling' as const };
    expect(followEpisode(open, endOnly)).toEqual({ ...open, endMs: T0 + 5 * HOUR, trend: 'falling' });
    // An entry that had ended is not reopened or changed by a later episode: that one gets its own notice.
    const ended = station('st-02', T0, 230, { endMs: T0 + 2 * HOUR, trend: 'falling' });
    expect(followEpisode(ended, endOnly)).toBe(ended);
  });

  it('reads a notice stored before notices covered an area as its one station\'s, with no district', () => {
    const single = createDraft('n-0', 'air:o3-information@st-02', 'st-02', EPISODE_CONTENT, T0).notices[0]!;
    const { district: _district, stations: _stations, ...rest } = single;
    const old = { ...rest, content: { ...single.content, highestHourly: { value: 201.4, startMs: T0 } } } as StoredNotice;
    const upgraded = upgradeStoredNotice(old);
    expect(upgraded).toMatchObject({ district: null, stations: [{ alarmId: 'air:o3-information@st-02', stationId: 'st-02', startMs: T0 }], content: { highestHourly: { stationId: 'st-02' } } });
    expect(joinableNotice([upgraded], { district: 'Harbour', ...O3_INFO }, always)).toBeNull();
    expect(upgradeStoredNotice(single)).toEqual(single);
  });
});
