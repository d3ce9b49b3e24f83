/** Answers the IPC contract's requests inside the engine. Arguments arrive validated by the host. */
import type { RequestName, RequestResult, SettingsView, ValidRequestArgs } from '../../../src-shared/ipc/contract';
import { secretStatuses } from '../../settings/secret-source';
import { backtestRule } from './backtest';
import { buildStatus, type EngineContext } from './engine-context';
import { testProfileConnection } from './connection-test';
import { decodePreview } from './decode-preview';
import { parseStationFile } from '../../adapters/stations-import/parse-stations';
import { runNotifyTest } from '../../adapters/notify/notify-test-request';
import { addAutoEntry, addShiftNote, clearCarryOver, confirmHandover, currentShift, handOver, listShiftLog } from './shift-requests';
import { outOfServiceEntry } from '../../core/shift/auto-entry';
import { airCompliance, invalidate, listInvalidations, listQualityFlags, revokeInvalidation } from './air-quality-requests';
import { deleteIncident, saveIncident, seekReplay } from './replay-requests';
import { noticeDesk } from './public-notices';


/** `by`: the person asking when the host knows it (named operator tokens), else undefined. */
type Handlers = { [N in RequestName]: (context: EngineContext, args: ValidRequestArgs<N>, by: string | undefined) => Promise<RequestResult<N>> };

const handlers: Handlers = {
  'settings:get': async (context) => settingsView(context),
  // Settings that apply live. Rules have one home: rules:save; a settings save keeps the rules in force.
  'settings:save': async (context, args) => {
    context.options = { ...context.options, settings: { ...args.settings, rules: context.options.settings.rules } };
    return settingsView(context);
  },
  // Exactly the secrets given: the settings owner decides which saved ones a test may use (settings/connection-secrets.ts).
  'connection:test': async (context, args) => testProfileConnection(args.profile, withoutNulls(args.secrets), context.options.settings.decoder, context.options.dataDir),
  'notify:test': async (context, args) => runNotifyTest(args.channel, args.secrets, context.profile, context.options.secrets[context.profile.id], context.now()),
  'notify:deliveries': async (context, args) => (await context.escalation?.recent(args.limit)) ?? [],
  'alarms:list': async (context, args) => context.pipeline.listAlarms({ includeNormal: args.includeNormal, includeShelved: args.includeShelved }),
  'alarms:history': async (context, args) => context.store.alarmHistory(args.from, args.to, args.limit),
  'alarms:ack': async (context, args, by) => context.pipeline.acknowledge(args.alarmId, operator(context, by), args.comment),
  'alarms:shelve': async (context, args, by) => context.pipeline.shelve(args.alarmId, operator(context, by), args.reason, args.until),
  'alarms:unshelve': async (context, args, by) => context.pipeline.unshelve(args.alarmId, operator(context, by), args.comment),
  'alarms:outOfService': async (context, args, by) => {
    const entry = { stationId: args.stationId, metric: args.metric, by: operator(context, by), comment: args.comment };
    await context.pipeline.setOutOfService(entry, args.outOfService, (e, outOfService) => context.store.setOutOfService(e, outOfService));
    addAutoEntry(context, outOfServiceEntry(args.stationId, args.metric, args.outOfService, entry.by, args.comment), entry.by);
    return { stationId: args.stationId, metric: args.metric, outOfService: args.outOfService };
  },
  'history:query': async (context, args) => context.store.queryHistory(args),
  'rules:list': async (context) => context.options.settings.rules,
  'rules:save': async (context, args) => {
    context.options = { ...context.options, settings: { ...context.options.settings, rules: args.rules } };
    context.pipeline.setRules(args.rules);
    await context.store.saveRules(args.rules);
    return args.rules;
  },
  'rules:backtest': async (context, args) => backtestRule(context.store, args.rule, args.from, args.to),
  'stations:list': async (context) => [...(await context.store.listStations())],
  'stations:import': async (context, args) => {
    const { stations, problems } = parseStationFile(args.fileName, args.content);
    if (stations.length > 0) await context.store.upsertStations(stations);
    if (stations.length > 0) context.pipeline.setStations(await context.store.listStations());
    return { imported: stations.length, problems };
  },
  'stations:outOfService': async (context) => context.pipeline.listOutOfService().map((e) => ({ stationId: e.stationId, metric: e.metric })),
  'pipeline:status': async (context) => buildStatus(context),
  'quarantine:list': async (context, args) => context.pipeline.quarantined(args.limit),
  'air:compliance': async (context, args) => airCompliance(context, args.year),
  'quality:invalidate': async (context, args, by) => invalidate(context, args, operator(context, by)),
  'quality:invalidations': async (context, args) => listInvalidations(context, args),
  'quality:flags': async (context, args) => listQualityFlags(context, args),
  'quality:revoke': async (context, args, by) => revokeInvalidation(context, args, operator(context, by)),
  // Exactly the secrets given, as for connection:test: the settings owner decides which saved ones it may use.
  'decode:preview': async (context, args) => decodePreview(args.profile, withoutNulls(args.secrets), context.options.settings.decoder, args.limit, Date.now()),
  'shiftlog:list': async (context, args) => listShiftLog(context, args),
  'shiftlog:add': async (context, args, by) => addShiftNote(context, args, operator(context, by)),
  'shiftlog:clearCarryOver': async (context, args, by) => clearCarryOver(context, args, operator(context, by)),
  'shift:current': async (context) => currentShift(context),
  'shift:handover': async (context, args, by) => handOver(context, args, operator(context, by)),
  'shift:confirm': async (context, args, by) => confirmHandover(context, args, operator(context, by)),
  'replay:seek': async (context, args) => seekReplay(context, args),
  'incident:list': async (context, args) => context.store.readIncidents(args.limit),
  'incident:save': async (context, args, by) => saveIncident(context, args, operator(context, by)),
  'incident:delete': async (context, args) => deleteIncident(context, args),
  'notice:list': async (context, args) => noticeDesk(context).list(args),
  'notice:edit': async (context, args, by) => noticeDesk(context).edit(args, operator(context, by)),
  'notice:issue': async (context, args, by) => noticeDesk(context).issue(args.id, operator(context, by)),
  'notice:withdraw': async (context, args, by) => noticeDesk(context).withdraw(args.id, args.reason, operator(context, by)),
  'notice:update': async (context, args, by) => noticeDesk(context).update(args.id, operator(context, by)),
  'notice:export': async (context, args) => noticeDesk(context).export(args.id, args.format),
};

/** Dispatches one request; unknown names reject with a plain message. */
export function handleRequest<N extends RequestName>(context: EngineContext, name: N, args: ValidRequestArgs<N>, by?: string): Promise<RequestResult<N>> {
  const handler = handlers[name] as ((c: EngineContext, a: ValidRequestArgs<N>, by: string | undefined) => Promise<RequestResult<N>>) | undefined;
  if (!handler) return Promise.reject(new Error(`Unknown request "${String(name)}".`));
  return handler(context, args, by);
}

/** Who the audit trail names: the person the host vouches for, else the operator on duty in settings, else the OS user. */
function operator(context: EngineContext, by: string | undefined): string {
  return by ?? context.options.settings.operator ?? context.options.operator;
}

/** What the engine was given; the settings owner (src-main/settings) answers the renderer's settings:get. */
function settingsView(context: EngineContext): SettingsView {
  const { settings, secrets } = context.options;
  return { settings, secrets: secretStatuses(settings.profiles.map((p) => p.id), secrets), notice: null };
}

function withoutNulls(values: Partial<Record<string, string | null | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) if (typeof value === 'string') out[key] = value;
  return out;
}
