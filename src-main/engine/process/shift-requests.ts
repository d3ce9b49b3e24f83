/**
 * The shift log and handover requests (issue 19), and the automatic entries' one writer. Request
 * handlers route here; the rules (what carries over, who may confirm) are in core/shift.
 */
import { randomUUID } from 'node:crypto';
import type { RequestResult, ValidRequestArgs } from '../../../src-shared/ipc/contract';
import type { Handover, ShiftEntry, ShiftLogQuery } from '../../../src-shared/domain/shift';
import type { AutoEntry } from '../../core/shift/auto-entry';
import { buildHandoverSummary } from '../../core/shift/handover-summary';
import { clearProblem, confirmProblem } from '../../core/shift/carry-over';
import type { HandoverRecord } from '../../core/shift/shift-store';
import type { EngineContext } from './engine-context';
import type { AirComplianceResult } from '../../../src-shared/domain/air-quality';
import { airCompliance } from './air-quality-requests';

/** Most open carry-over notes a handover lists. */
const MAX_CARRY_OVER = 1000;

export function listShiftLog(context: EngineContext, args: ValidRequestArgs<'shiftlog:list'>): Promise<readonly ShiftEntry[]> {
  const query: ShiftLogQuery = { from: args.from, to: args.to, text: emptyAsNull(args.text), stationId: emptyAsNull(args.stationId), limit: args.limit };
  return context.store.readShiftLog({ ...query, openCarryOverOnly: false, id: null });
}

export async function addShiftNote(context: EngineContext, args: ValidRequestArgs<'shiftlog:add'>, who: string): Promise<ShiftEntry> {
  const entry: ShiftEntry = { id: randomUUID(), at: context.now(), who, kind: 'note', text: args.text.trim(), stationId: args.stationId, carryOver: args.carryOver, clearedAt: null, clearedBy: null };
  await context.store.writeShift({ kind: 'entry', entry });
  return entry;
}

/** Writes an automatic entry; a failure is logged, never thrown (the alarm it describes is in the trail anyway). */
export function addAutoEntry(context: EngineContext, auto: AutoEntry, who: string, at: number = context.now()): void {
  const entry: ShiftEntry = { id: randomUUID(), at, who, kind: 'auto', text: auto.text, stationId: auto.stationId, carryOver: false, clearedAt: null, clearedBy: null };
  context.store.writeShift({ kind: 'entry', entry }).catch((error: unknown) => console.error('stationwatch: shift log entry not saved:', error instanceof Error ? error.message : String(error)));
}

export async function clearCarryOver(context: EngineContext, args: ValidRequestArgs<'shiftlog:clearCarryOver'>, who: string): Promise<ShiftEntry> {
  const [entry] = await context.store.readShiftLog({ from: 0, to: 0, text: null, stationId: null, limit: 1, openCarryOverOnly: false, id: args.id });
  const problem = clearProblem(args.id, entry ?? null);
  if (problem !== null) throw new Error(problem);
  const at = context.now();
  await context.store.writeShift({ kind: 'clear', id: args.id, at, by: who });
  return { ...entry!, clearedAt: at, clearedBy: who };
}

export async function currentShift(context: EngineContext): Promise<RequestResult<'shift:current'>> {
  const [latest] = await context.store.readHandovers({ id: null, limit: 1 });
  return { summary: await summaryNow(context, latest ?? null), latest: latest === undefined ? null : withoutRules(latest) };
}

/** Builds the summary now, stores it signed by `who`, and notes the handover in the shift log. */
export async function handOver(context: EngineContext, args: ValidRequestArgs<'shift:handover'>, who: string): Promise<Handover> {
  const [previous] = await context.store.readHandovers({ id: null, limit: 1 });
  const summary = await summaryNow(context, previous ?? null);
  const record: HandoverRecord = { id: randomUUID(), at: summary.at, by: who, note: args.note.trim(), summary, rules: context.options.settings.rules, confirmedAt: null, confirmedBy: null };
  await context.store.writeShift({ kind: 'handover', handover: record });
  addAutoEntry(context, { text: `Shift handed over by ${who}${record.note === '' ? '' : `: ${record.note}`}`, stationId: null }, who, record.at);
  return withoutRules(record);
}

export async function confirmHandover(context: EngineContext, args: ValidRequestArgs<'shift:confirm'>, who: string): Promise<Handover> {
  const [record] = await context.store.readHandovers({ id: args.handoverId, limit: 1 });
  const problem = confirmProblem(args.handoverId, record ?? null, who);
  if (problem !== null) throw new Error(problem);
  const at = context.now();
  await context.store.writeShift({ kind: 'confirm', id: args.handoverId, at, by: who });
  addAutoEntry(context, { text: `Handover from ${record!.by} confirmed by ${who}`, stationId: null }, who, at);
  return { ...withoutRules(record!), confirmedAt: at, confirmedBy: who };
}

async function summaryNow(context: EngineContext, previous: HandoverRecord | null) {
  const entries = await context.store.readShiftLog({ from: 0, to: 0, text: null, stationId: null, limit: MAX_CARRY_OVER, openCarryOverOnly: true, id: null });
  return buildHandoverSummary({
    at: context.now(),
    alarms: context.pipeline.listAlarms({ includeNormal: true, includeShelved: true }),
    // The store keeps who and why (the pipeline only which).
    outOfService: (await context.store.loadAlarms()).outOfService,
    rules: context.options.settings.rules,
    entries,
    previous: previous === null ? null : { at: previous.at, rules: previous.rules },
    compliance: await complianceForHandover(context),
  });
}

/** This year's compliance figures, or null: a handover is never refused because they cannot be read. */
async function complianceForHandover(context: EngineContext): Promise<AirComplianceResult | null> {
  try {
    return await airCompliance(context, null);
  } catch {
    return null;
  }
}

function withoutRules(record: HandoverRecord): Handover {
  const { rules: _rules, ...handover } = record;
  return handover;
}

function emptyAsNull(text: string | null): string | null {
  return text === null || text.trim() === '' ? null : text.trim();
}
