/**
 * The public notices' one owner in the engine (issue 18). It drafts a notice when an information or
 * alert threshold alarm is raised (from the episode the air-quality feed holds), keeps every notice in
 * memory (loaded once the store has caught up), answers the `notice:*` requests with the transitions of
 * core/air-quality/notice-workflow.ts, stores each changed notice, and records each transition in the
 * alarm audit trail as an event of the notice's alarm (stored and pushed as `alarm:changed`, as an
 * acknowledgement is), naming the operator.
 */
import { randomUUID } from 'node:crypto';
import { SYSTEM_ACTOR, type Alarm, type AlarmEvent } from '../../../src-shared/domain/alarms';
import type { NoticeExport, PublicNotice, PublicNoticeContent } from '../../../src-shared/domain/public-notice';
import type { ValidRequestArgs } from '../../../src-shared/ipc/contract';
import { ContractError } from '../../../src-shared/ipc/contract-error';
import { draftPublicNotice } from '../../core/air-quality/public-notice';
import { createDraft, editNotice, issueNotice, refreshDraft, requireIssuedForUpdate, withdrawNotice, type NoticeTransition } from '../../core/air-quality/notice-workflow';
import { exportNotice } from '../../core/air-quality/notice-render';
import type { EngineContext } from './engine-context';

/** Most notices loaded at start and kept (a few per station and year). */
const MAX_NOTICES = 5000;
/** Rule ids of the threshold alarms (core/air-quality-feed.ts thresholdRuleId). */
const THRESHOLD_RULE = /^air:[a-z0-9]+-(information|alert)$/;

export class NoticeDesk {
  private readonly notices = new Map<string, PublicNotice>();
  private readonly loaded: Promise<void>;
  private drafting: Promise<void> = Promise.resolve();

  constructor(private readonly context: EngineContext) {
    this.loaded = context.store.caughtUp().then(async () => {
      for (const notice of await context.store.readNotices(MAX_NOTICES)) this.notices.set(notice.id, notice);
    });
    this.loaded.catch((error: unknown) => console.error('stationwatch: public notices not loaded:', describe(error)));
  }

  /** Feed every alarm change: a raised threshold alarm gets a draft; a cleared one ends its draft's episode. */
  onAlarmChanged(alarm: Alarm, event: AlarmEvent): void {
    if (!THRESHOLD_RULE.test(alarm.ruleId) || (event.type !== 'activated' && event.type !== 'cleared' && event.type !== 'returned')) return;
    this.drafting = this.drafting
      .then(() => this.loaded)
      .then(() => (event.type === 'activated' ? this.draftFor(alarm) : this.refreshAlarm(alarm.id)))
      .catch((error: unknown) => console.error(`stationwatch: public notice for ${alarm.id} not drafted:`, describe(error)));
  }

  /** Notices newest first (of one alarm, when given), drafts brought up to date with their episode. */
  async list(args: ValidRequestArgs<'notice:list'>): Promise<readonly PublicNotice[]> {
    await this.drafting;
    await this.loaded;
    const alarms = args.alarmId === null ? new Set([...this.notices.values()].map((n) => n.alarmId)) : new Set([args.alarmId]);
    for (const alarmId of alarms) await this.refreshAlarm(alarmId);
    return [...this.notices.values()]
      .filter((n) => args.alarmId === null || n.alarmId === args.alarmId)
      .sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1))
      .slice(0, args.limit);
  }

  async edit(args: ValidRequestArgs<'notice:edit'>, who: string): Promise<PublicNotice> {
    const notice = await this.require(args.id);
    return this.apply(editNotice(notice, args, who, this.context.now()), who);
  }

  async issue(id: string, who: string): Promise<PublicNotice> {
    const notice = await this.require(id);
    const replaced = notice.supersedes === null ? null : (this.notices.get(notice.supersedes) ?? null);
    return this.apply(issueNotice(notice, replaced, who, this.context.now()), who);
  }

  async withdraw(id: string, reason: string, who: string): Promise<PublicNotice> {
    const notice = await this.require(id);
    return this.apply(withdrawNotice(notice, reason, who, this.context.now()), who);
  }

  /** A new draft replacing an issued notice, with the episode's latest figures; an update already drafted is returned. */
  async update(id: string, who: string): Promise<PublicNotice> {
    const notice = await this.require(id);
    requireIssuedForUpdate(notice);
    const existing = [...this.notices.values()].find((n) => n.supersedes === id && n.state === 'draft');
    if (existing !== undefined) return existing;
    const latest = this.episodeContent(notice);
    const content = latest === null ? notice.content : { ...notice.content, endMs: latest.endMs, highestHourly: latest.highestHourly, highest8hMean: latest.highest8hMean, trend: latest.trend };
    return this.apply(createDraft(randomUUID(), notice.alarmId, notice.stationId, content, this.context.now(), id), who);
  }

  /** An issued (or since withdrawn or superseded) notice as text or HTML; drafts are not for publication. */
  async export(id: string, format: 'text' | 'html'): Promise<NoticeExport> {
    const notice = await this.require(id);
    if (notice.state === 'draft') throw new ContractError('failed', `Public notice ${id} is a draft: only issued notices are exported for publication.`);
    return exportNotice(notice, format, this.context.options.settings.airQuality.timeZone);
  }

  private async draftFor(alarm: Alarm): Promise<void> {
    const open = [...this.notices.values()].find((n) => n.alarmId === alarm.id && (n.state === 'draft' || n.state === 'issued') && n.content.endMs === null);
    if (open !== undefined) return void (await this.refreshAlarm(alarm.id));
    const episode = this.context.pipeline.airEpisode(alarm.id);
    if (episode === null) return;
    const stations = await this.context.store.listStations().catch(() => []);
    const station = stations.find((s) => s.id === alarm.stationId);
    const area = station === undefined ? alarm.stationId : station.district === '' ? station.name : `${station.district} (around ${station.name})`;
    await this.apply(createDraft(randomUUID(), alarm.id, alarm.stationId, draftPublicNotice(episode, area, [alarm.stationId]), this.context.now()), SYSTEM_ACTOR);
  }

  /** Brings the alarm's drafts up to date with its episode (stored; no audit line: the figures are the data's). */
  private async refreshAlarm(alarmId: string): Promise<void> {
    for (const notice of [...this.notices.values()]) {
      if (notice.alarmId !== alarmId || notice.state !== 'draft') continue;
      const latest = this.episodeContent(notice);
      const refreshed = latest === null ? null : refreshDraft(notice, latest, this.context.now());
      if (refreshed === null) continue;
      this.notices.set(refreshed.id, refreshed);
      await this.context.store.writeNotice(refreshed);
    }
  }

  /** The episode the notice is about, as the feed has it now; null when the feed holds another episode (or none). */
  private episodeContent(notice: PublicNotice): PublicNoticeContent | null {
    const episode = this.context.pipeline.airEpisode(notice.alarmId);
    if (episode === null || episode.startMs !== notice.content.startMs) return null;
    return draftPublicNotice(episode, notice.content.area, notice.content.stationIds);
  }

  private async require(id: string): Promise<PublicNotice> {
    await this.loaded;
    const notice = this.notices.get(id);
    if (notice === undefined) throw new ContractError('not-found', `No public notice ${id}.`);
    return notice;
  }

  /** Takes a transition (in memory at once, so a second request sees it), then stores it and audits it. */
  private async apply(transition: NoticeTransition, who: string): Promise<PublicNotice> {
    for (const notice of transition.notices) this.notices.set(notice.id, notice);
    const { store, pipeline, hub, now } = this.context;
    const at = now();
    const alarms = new Map(pipeline.listAlarms({ includeNormal: true, includeShelved: true }).map((a) => [a.id, a]));
    const events: AlarmEvent[] = [];
    for (const audit of transition.audits) {
      const alarm = alarms.get(audit.notice.alarmId);
      const state = alarm?.state ?? 'normal';
      const event: AlarmEvent = { alarmId: audit.notice.alarmId, type: audit.type, at, who, comment: audit.comment, fromState: state, toState: state, value: null };
      events.push(event);
      if (alarm !== undefined) hub.emit('alarm:changed', { alarm, event });
    }
    await Promise.all([...transition.notices.map((n) => store.writeNotice(n)), store.writeAlarms([], events)]);
    return transition.notices[0] as PublicNotice;
  }
}

const desks = new WeakMap<EngineContext, NoticeDesk>();

/** The engine's notice desk (one per engine context), created on first use. */
export function noticeDesk(context: EngineContext): NoticeDesk {
  let desk = desks.get(context);
  if (desk === undefined) {
    desk = new NoticeDesk(context);
    desks.set(context, desk);
  }
  return desk;
}

/** Starts drafting notices from alarm changes; returns the function that stops. */
export function startPublicNotices(context: EngineContext): () => void {
  const desk = noticeDesk(context);
  return context.hub.subscribe('alarm:changed', ({ alarm, event }) => desk.onAlarmChanged(alarm, event));
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
