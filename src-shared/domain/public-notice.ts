/**
 * A public notice for an information or alert threshold episode (issue 18; 2008/50/EC Annex XVI point 2):
 * drafted by the engine when the threshold alarm is raised, reviewed and edited by an operator, issued,
 * and later withdrawn or superseded by an updated notice. One notice covers the stations of one area (district)
 * whose alarms for the same threshold are raised while its episode runs. Plain data; the workflow is
 * src-main/core/air-quality/notice-workflow.ts, the joining rules notice-area.ts beside it.
 */

export type NoticeTrend = 'rising' | 'steady' | 'falling';

/** The notice's content: the items the directive asks to be published. */
export interface PublicNoticeContent {
  readonly area: string;
  readonly stationIds: readonly string[];
  readonly pollutant: string;
  readonly thresholdKind: 'information' | 'alert';
  readonly thresholdLevel: number;
  readonly unit: string;
  /** "1 hour" or "3 consecutive hours". */
  readonly averaging: string;
  readonly source: string;
  readonly startMs: number;
  /** Null while the episode lasts. */
  readonly endMs: number | null;
  /** For the operator: the expected duration (e.g. "until this evening"); empty in the draft. */
  readonly expectedDuration: string;
  /** The highest over the notice's stations, and the station that measured it. */
  readonly highestHourly: { readonly value: number; readonly startMs: number; readonly stationId: string };
  readonly highest8hMean: { readonly value: number; readonly endMs: number; readonly stationId: string } | null;
  readonly trend: NoticeTrend;
  /** For the operator; empty in the draft. */
  readonly populationGroupsAtRisk: readonly string[];
  readonly precautions: readonly string[];
}

/** One station's episode in a notice, as its threshold alarm's episode stood when last seen. */
export interface NoticeStation {
  readonly alarmId: string;
  readonly stationId: string;
  readonly startMs: number;
  /** Null while the station's episode lasts. */
  readonly endMs: number | null;
  readonly highestHourly: { readonly value: number; readonly startMs: number };
  readonly highest8hMean: { readonly value: number; readonly endMs: number } | null;
  readonly trend: NoticeTrend;
}

/** draft → issued → withdrawn | superseded; a draft may be withdrawn (discarded) before it is issued. */
export type NoticeState = 'draft' | 'issued' | 'withdrawn' | 'superseded';

/** One notice with its history in the workflow. */
export interface PublicNotice {
  readonly id: string;
  /**
   * The threshold alarm it was drafted for (`air:o3-information@st-02`); its audit trail records the notice's
   * transitions. A station joining later has its own alarm's trail record that it joined.
   */
  readonly alarmId: string;
  readonly stationId: string;
  /**
   * The district it covers: a threshold alarm of another station of this district joins it while its episode
   * runs. Null when its station has no district (that notice covers its one station).
   */
  readonly district: string | null;
  /** Each station's episode, the first (the notice's alarm) first; the content's figures are the highest over them. */
  readonly stations: readonly NoticeStation[];
  readonly state: NoticeState;
  readonly content: PublicNoticeContent;
  /** Counts every stored change; a replayed older write never overwrites a newer one. */
  readonly revision: number;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly editedBy: string | null;
  readonly issuedAt: number | null;
  readonly issuedBy: string | null;
  readonly withdrawnAt: number | null;
  readonly withdrawnBy: string | null;
  readonly withdrawReason: string | null;
  /** The notice this one replaces once issued (an update), and the one that replaced this. */
  readonly supersedes: string | null;
  readonly supersededBy: string | null;
}

/** The fields an operator edits on a draft. */
export interface NoticeEdits {
  readonly area: string;
  readonly expectedDuration: string;
  readonly populationGroupsAtRisk: readonly string[];
  readonly precautions: readonly string[];
}

/** A notice exported for publication. */
export interface NoticeExport {
  readonly fileName: string;
  readonly mimeType: 'text/plain' | 'text/html';
  readonly content: string;
}

/**
 * The notice's stations in order, each with the end of its own episode when it ended while the others go on
 * (null otherwise: still above, or the notice covers one station or its episode is over, which its end says).
 */
export function noticeStationEnds(notice: PublicNotice): { readonly stationId: string; readonly endMs: number | null }[] {
  const ids = notice.content.stationIds;
  const isAreaRunning = ids.length > 1 && notice.content.endMs === null;
  const ended = new Map<string, number>();
  if (isAreaRunning) for (const s of notice.stations) if (s.endMs !== null) ended.set(s.stationId, s.endMs);
  return ids.map((stationId) => ({ stationId, endMs: ended.get(stationId) ?? null }));
}
