/**
 * The public notices' one owner in the engine (issue 18). It drafts a notice when an information or
 * alert threshold alarm is raised (from the episode the air-quality feed holds) — or has the station join
 * its district's notice for that threshold while its episode runs (core/air-quality/notice-area.ts) —, keeps every notice in
 * memory (loaded once the store has caught up), answers the `notice:*` requests with the transitions of
 * core/air-quality/notice-workflow.ts, stores each changed notice, and records each transition in the
 * alarm audit trail as an event of the notice's alarm (stored and pushed as `alarm:changed`, as an
 * acknowledgement is), naming the operator.
 */
import { randomUUID } from 'node:crypto';
import { SYSTEM_ACTOR, type Alarm, type AlarmEvent } from '../../../src-shared/domain/alarms';
import type { NoticeExport, NoticeStation, PublicNotice } from '../../../src-shared/domain/public-notice';
import type { Station } from '../../../src-shared/domain/station';
import type { ValidRequestArgs } from '../../../src-shared/ipc/contract';
import { ContractError } from '../../../src-shared/ipc/contract-error';
import { draftPublicNotice } from '../../core/air-quality/public-notice';
import { createDraft, editNotice, issueNotice, refreshDraft, requireIssuedForUpdate, withdrawNotice, type NoticeTransition } from '../../core/air-quality/notice-workflow';
import { exportNotice } from '../../core/air-quality/notice-render';
import { areaText, followEpisode, joinableNotice, joinNotice, noticeStation } from '../../core/air-quality/notice-area';
import { isThresholdRuleId } from '../../core/air-quality-feed';
import type { EngineContext } from './engine-context';

/** Most notices loaded at start and kept (a few per station and year). */
const MAX_NOTICES = 5000;

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
    if (!isThresholdRuleId(alarm.ruleId) || (event.type !== 'activated' && event.type !== 'cleared' && event.type !== 'returned')) return;
    this.drafting = this.drafting
      .then(() => this.loaded)
      .then(() => (event.type === 'activated' ? this.draftFor(alarm) : this.refreshAlarm(alarm.id)))
      .catch((error: unknown) => console.error(`stationwatch: public notice for ${alarm.id} not drafted:`, describe(error)));
  }

  /** Notices newest first (those covering one alarm's station, when given), drafts brought up to date with their episodes. */
  async list(args: ValidRequestArgs<'notice:list'>): Promise<readonly PublicNotice[]> {
    await this.drafting;
    await this.loaded;
    const covers = (n: PublicNotice): boolean => args.alarmId === null || n.stations.some((s) => s.alarmId === args.alarmId);
    for (const notice of [...this.notices.values()]) if (covers(notice)) await this.refresh(notice);
    return [...this.notices.values()]
      .filter(covers)
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
    const stations = this.latestStations(notice);
    return this.apply(createDraft(randomUUID(), notice.alarmId, notice.stationId, notice.content, this.context.now(), id, { district: notice.district, stations }), who);
  }

  /** An issued (or since withdrawn or superseded) notice as text or HTML; drafts are not for publication. */
  async export(id: string, format: 'text' | 'html'): Promise<NoticeExport> {
    const notice = await this.require(id);
    if (notice.state === 'draft') throw new ContractError('failed', `Public notice ${id} is a draft: only issued notices are exported for publication.`);
    return exportNotice(notice, format, this.context.options.settings.airQuality.timeZone);
  }

  /**
   * A raised threshold alarm: nothing new while a running notice has this episode of its station already;
   * else the station joins its district's running notice for the threshold (an issued one through a draft
   * update), or gets a draft of its own.
   */
  private async draftFor(alarm: Alarm): Promise<void> {
    const episode = this.context.pipeline.airEpisode(alarm.id);
    const active = new Set(this.context.pipeline.listAlarms({ includeNormal: false, includeShelved: true }).filter((a) => a.isActive).map((a) => a.id));
    const open = [...this.notices.values()].filter((n) => (n.state === 'draft' || n.state === 'issued') && this.isRunning(n, active));
    const isKnown = (n: PublicNotice): boolean => n.stations.some((s) => s.alarmId === alarm.id && (episode === null || s.startMs === episode.startMs));
    const known = open.filter(isKnown);
    if (known.length > 0 || episode === null) {
      for (const notice of known) await this.refresh(notice);
      return;
    }
    const stations = await this.context.store.listStations().catch((): Station[] => []);
    const names = new Map(stations.map((s) => [s.id, s.name]));
    const district = stations.find((s) => s.id === alarm.stationId)?.district ?? '';
    const area = (ids: readonly string[]): string => areaText(district, ids.map((id) => names.get(id) ?? id));
    const member = noticeStation(alarm.id, alarm.stationId, episode);
    const content = draftPublicNotice(episode, area([alarm.stationId]), [alarm.stationId]);
    const scope = { district: district === '' ? null : district, stations: [member] };
    const target = joinableNotice(open, { district: scope.district, pollutant: content.pollutant, thresholdKind: content.thresholdKind }, () => true);
    if (target === null) return void (await this.apply(createDraft(randomUUID(), alarm.id, alarm.stationId, content, this.context.now(), null, scope), SYSTEM_ACTOR));
    const current = target.state === 'issued' ? { ...target, stations: this.latestStations(target) } : ((await this.refresh(target)) ?? target);
    await this.apply(joinNotice(current, member, area, randomUUID(), this.context.now()), SYSTEM_ACTOR);
  }

  /** Brings the alarm's drafts up to date with their episodes. */
  private async refreshAlarm(alarmId: string): Promise<void> {
    for (const notice of [...this.notices.values()]) if (notice.stations.some((s) => s.alarmId === alarmId)) await this.refresh(notice);
  }

  /** Brings a draft up to date with its stations' episodes (stored; no audit line: the figures are the data's); the notice as it is now. */
  private async refresh(notice: PublicNotice): Promise<PublicNotice | null> {
    const refreshed = refreshDraft(notice, this.latestStations(notice), this.context.now());
    if (refreshed === null) return this.notices.get(notice.id) ?? null;
    this.notices.set(refreshed.id, refreshed);
    await this.context.store.writeNotice(refreshed);
    return refreshed;
  }

  /** Each station's episode as the feed has it now, or as the notice last saw it when the feed holds another episode (or none). */
  private latestStations(notice: PublicNotice): NoticeStation[] {
    return notice.stations.map((s) => followEpisode(s, this.context.pipeline.airEpisode(s.alarmId)));
  }

  /**
   * Whether the notice's episode still runs: one of its stations' episodes has not ended, as the feed says; a
   * later episode of the station means this one ended. Where the feed holds none (after a restart), the
   * station's threshold alarm still active (in `activeAlarms`) says it.
   */
  private isRunning(notice: PublicNotice, activeAlarms: ReadonlySet<string>): boolean {
    return notice.stations.some((s) => {
      const episode = this.context.pipeline.airEpisode(s.alarmId);
      return episode === null ? s.endMs === null && activeAlarms.has(s.alarmId) : episode.startMs === s.startMs && episode.endMs === null;
    });
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
      const alarmId = audit.alarmId ?? audit.notice.alarmId;
      const alarm = alarms.get(alarmId);
      const state = alarm?.state ?? 'normal';
      const event: AlarmEvent = { alarmId, type: audit.type, at, who, comment: audit.comment, fromState: state, toState: state, value: null };
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
