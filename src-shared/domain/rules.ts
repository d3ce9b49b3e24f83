import { z } from 'zod';

/** Alarm priority. ISA-18.2 allows more levels; a control room of this size uses two. */
export const SeveritySchema = z.enum(['warning', 'critical']);
export type Severity = z.infer<typeof SeveritySchema>;

/** What a threshold rule looks at: the raw reading, or a statistic of a closed window. */
export const StatisticSchema = z.enum(['value', 'mean', 'min', 'max', 'p95']);
export type Statistic = z.infer<typeof StatisticSchema>;

export const OperatorSchema = z.enum(['>', '>=', '<', '<=']);
export type Operator = z.infer<typeof OperatorSchema>;

const ruleBase = {
  id: z.string().min(1).max(64),
  name: z.string().min(1).max(200),
  enabled: z.boolean().default(true),
  severity: SeveritySchema,
};

/**
 * metric · station (null = every station) · statistic · operator · level, with a pending duration
 * (must hold this long, in event time, before firing) and hysteresis (clears only past clearLevel).
 */
export const ThresholdRuleSchema = z
  .object({
    ...ruleBase,
    kind: z.literal('threshold'),
    metric: z.string().min(1),
    stationId: z.string().nullable().default(null),
    statistic: StatisticSchema,
    /** Window size for window statistics; ignored for 'value'. */
    windowMs: z.number().int().positive().nullable().default(null),
    operator: OperatorSchema,
    level: z.number(),
    clearLevel: z.number(),
    pendingMs: z.number().int().min(0).default(0),
  })
  .refine((r) => r.statistic === 'value' || r.windowMs !== null, { message: 'A window statistic needs a window size', path: ['windowMs'] })
  .refine((r) => (r.operator.startsWith('>') ? r.clearLevel <= r.level : r.clearLevel >= r.level), {
    message: 'The clear level must be on the normal side of the level (hysteresis)',
    path: ['clearLevel'],
  });
export type ThresholdRule = z.infer<typeof ThresholdRuleSchema>;

/** |z| > k against the metric's expected distribution. Marks data quality; raises an alarm only if raiseAlarm. */
export const OutlierRuleSchema = z.object({
  ...ruleBase,
  kind: z.literal('outlier'),
  /** null = every metric with an expected distribution. */
  metric: z.string().nullable().default(null),
  k: z.number().positive(),
  raiseAlarm: z.boolean().default(false),
});
export type OutlierRule = z.infer<typeof OutlierRuleSchema>;

/** Fires when a station (null = any station) has sent nothing for afterMs of wall-clock time. */
export const StaleRuleSchema = z.object({
  ...ruleBase,
  kind: z.literal('stale'),
  stationId: z.string().nullable().default(null),
  afterMs: z.number().int().positive(),
});
export type StaleRule = z.infer<typeof StaleRuleSchema>;

export const RuleSchema = z.union([ThresholdRuleSchema, OutlierRuleSchema, StaleRuleSchema]);
export type Rule = z.infer<typeof RuleSchema>;
