/**
 * The incident-replay requests (issue 19), kept beside the contract that spreads them in: seek the
 * console to a past moment, and list, save and delete saved incidents.
 */
import { z } from 'zod';
import type { Incident, ReplaySnapshot } from '../domain/replay';
import { describeInvalidComment } from '../domain/identifier';

const epochMs = z.number().int().min(0);
/** Most of the past a seek sends city windows for (the charts' span). */
export const MAX_REPLAY_SPAN_MS = 6 * 3_600_000;

function commentText(what: string, max: number) {
  return z
    .string()
    .max(max)
    .superRefine((text, ctx) => {
      const problem = describeInvalidComment(text);
      if (problem !== null) ctx.addIssue({ code: 'custom', message: `${what} ${problem}` });
    });
}

/** Argument schemas of the replay and incident requests. */
export const REPLAY_REQUEST_SCHEMAS = {
  // The console at `at`: stations' newest windows then, city windows of the span before it, alarms as they stood.
  'replay:seek': z.object({ at: epochMs, spanMs: z.number().int().min(0).max(MAX_REPLAY_SPAN_MS).default(15 * 60_000) }),
  'incident:list': z.object({ limit: z.number().int().min(1).max(1000).default(200) }),
  // Without id: a new incident; with one: that incident's title, range and notes replaced.
  'incident:save': z
    .object({
      id: z.string().min(1).max(100).nullable().default(null),
      title: commentText('The title', 200).refine((t) => t.trim().length > 0, 'The title is empty.'),
      from: epochMs,
      to: epochMs,
      notes: commentText('The notes', 10_000).default(''),
      alarmId: z.string().min(1).max(200).nullable().default(null),
    })
    .refine((i) => i.to > i.from, 'The incident must end after it starts.'),
  'incident:delete': z.object({ id: z.string().min(1).max(100) }),
} as const;

/** What the replay and incident requests answer. */
export interface ReplayRequestResults {
  'replay:seek': ReplaySnapshot;
  'incident:list': readonly Incident[];
  'incident:save': Incident;
  'incident:delete': { readonly id: string; readonly isDeleted: boolean };
}

/** Replay requests that change state (operators only). */
export const REPLAY_STATE_CHANGING = ['incident:save', 'incident:delete'] as const;
