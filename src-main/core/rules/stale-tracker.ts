import type { StaleRule } from '../../../src-shared/domain/rules';
import type { Condition } from './condition';
import type { StationIndex } from '../station-index';
import { grown } from '../../../src-shared/columns/typed-array-growth';
import { formatSilence } from '../../../src-shared/domain/format';

/**
 * When each station was last seen (wall clock), and the stale rules' conditions over it. A station
 * not seen for a rule's afterMs is stale; seeing it again clears the condition at once.
 */
export class StaleTracker {
  private rules: readonly StaleRule[] = [];
  /** Wall-clock ms of the latest sighting per slot; NaN = never seen. */
  private lastSeen = new Float64Array(0);
  /** One active flag per (rule, slot): active[ruleIndex][slot]. */
  private active: Uint8Array[] = [];
  /** Number of active stale conditions per slot, so a sighting checks the rules only when one is active. */
  private activeCount = new Uint8Array(0);
  /** Latest wall-clock time given to onSeen or check: the time of clears forced by a rule change. */
  private latestWallMs = 0;

  constructor(private readonly slots: StationIndex) {}

  /**
   * Replace the rules, matched by id (see rule-identity.ts): a rule that watches the same stations keeps
   * its active conditions, whatever else changed (they clear when data comes); the active conditions of
   * rules that are gone, disabled or now watch other stations are cleared into `out`.
   */
  setRules(rules: readonly StaleRule[], out: Condition[]): void {
    const keep = new Map<string, Uint8Array>();
    const next = new Map(rules.map((r) => [r.id, r]));
    this.rules.forEach((rule, index) => {
      const flags = this.active[index] ?? new Uint8Array(0);
      const successor = next.get(rule.id);
      if (successor !== undefined && successor.stationId === rule.stationId) {
        keep.set(rule.id, flags);
        return;
      }
      for (let slot = 0; slot < flags.length; slot++) {
        if (flags[slot] !== 1) continue;
        this.activeCount[slot] = (this.activeCount[slot] ?? 1) - 1;
        const at = this.latestWallMs;
        out.push({ ...this.condition(rule, slot, false, at), message: `${rule.name}: rule changed or removed` });
      }
    });
    this.rules = rules;
    this.active = rules.map((r) => keep.get(r.id) ?? new Uint8Array(0));
  }

  /** Record a sighting of the station in `slot` (-1: no room in the index, ignored); clears its active stale conditions into `out`. */
  onSeen(slot: number, wallMs: number, out: Condition[]): void {
    if (slot < 0) return;
    this.ensure(slot);
    if (wallMs > this.latestWallMs) this.latestWallMs = wallMs;
    if (this.activeCount[slot] !== 0) {
      this.rules.forEach((rule, index) => {
        const flags = this.active[index];
        if (flags === undefined || flags[slot] !== 1) return;
        flags[slot] = 0;
        out.push(this.condition(rule, slot, false, wallMs));
      });
      this.activeCount[slot] = 0;
    }
    const previous = this.lastSeen[slot] ?? Number.NaN;
    if (!(previous > wallMs)) this.lastSeen[slot] = wallMs;
  }

  /** Evaluate every stale rule at wall-clock `wallMs`; new stale stations go to `out`. */
  check(wallMs: number, out: Condition[]): void {
    if (wallMs > this.latestWallMs) this.latestWallMs = wallMs;
    this.rules.forEach((rule, index) => {
      if (rule.stationId !== null) {
        const slot = this.watch(rule.stationId, wallMs);
        // A station the rule names but the capped index has no room for cannot be watched.
        if (slot >= 0) this.evaluate(rule, index, slot, wallMs, out);
        return;
      }
      for (let slot = 0; slot < this.slots.size; slot++) {
        if (this.slots.idOf(slot) !== '*') this.evaluate(rule, index, slot, wallMs, out);
      }
    });
  }

  private evaluate(rule: StaleRule, index: number, slot: number, wallMs: number, out: Condition[]): void {
    const seen = this.lastSeen[slot] ?? Number.NaN;
    if (Number.isNaN(seen) || wallMs - seen < rule.afterMs) return;
    const flags = grown(this.active[index] ?? new Uint8Array(0), slot + 1);
    this.active[index] = flags;
    if (flags[slot] === 1) return;
    flags[slot] = 1;
    this.activeCount[slot] = (this.activeCount[slot] ?? 0) + 1;
    out.push(this.condition(rule, slot, true, wallMs));
  }

  /** An alarm of stale rule `ruleId` a previous run left active (restored at start): the station's next sighting clears it. False: no such rule watching the station. */
  resumeActive(ruleId: string, slot: number): boolean {
    const index = this.rules.findIndex((rule) => rule.id === ruleId);
    const rule = this.rules[index];
    // A rule that now names another station no longer watches this one.
    if (rule === undefined || (rule.stationId !== null && rule.stationId !== this.slots.idOf(slot))) return false;
    this.ensure(slot);
    const flags = grown(this.active[index] ?? new Uint8Array(0), slot + 1);
    this.active[index] = flags;
    if (flags[slot] !== 1) this.activeCount[slot] = (this.activeCount[slot] ?? 0) + 1;
    flags[slot] = 1;
    return true;
  }

  /** Forget the station's stale conditions without reporting (back in service starts clean). */
  reset(stationId: string): void {
    const slot = this.slots.find(stationId);
    if (slot < 0) return;
    for (const flags of this.active) if (slot < flags.length) flags[slot] = 0;
    if (slot < this.activeCount.length) this.activeCount[slot] = 0;
  }

  /** Forget the slot entirely (released to another station): never seen, nothing active. */
  forget(slot: number): void {
    if (slot < this.lastSeen.length) this.lastSeen[slot] = Number.NaN;
    for (const flags of this.active) if (slot < flags.length) flags[slot] = 0;
    if (slot < this.activeCount.length) this.activeCount[slot] = 0;
  }

  /** A rule naming a station never seen starts watching it from the first check, so it can go stale too. */
  private watch(stationId: string, wallMs: number): number {
    const slot = this.slots.slotOf(stationId);
    if (slot < 0) return slot;
    this.ensure(slot);
    if (Number.isNaN(this.lastSeen[slot] ?? Number.NaN)) this.lastSeen[slot] = wallMs;
    return slot;
  }

  private ensure(slot: number): void {
    this.lastSeen = grown(this.lastSeen, slot + 1, Number.NaN);
    this.activeCount = grown(this.activeCount, slot + 1);
  }

  private condition(rule: StaleRule, slot: number, isActive: boolean, at: number): Condition {
    const silentMs = at - (this.lastSeen[slot] ?? at);
    const message = isActive
      ? `${rule.name}: no data for ${formatSilence(silentMs)}`
      : `${rule.name}: data again`;
    const stationId = this.slots.idOf(slot);
    // A station never seen by this run (an alarm resumed after a restart) has no silence to report: null, not NaN.
    return { ruleId: rule.id, stationId, metric: null, isActive, value: Number.isNaN(silentMs) ? null : silentMs, threshold: rule.afterMs, severity: rule.severity, message, at, direction: 'high' };
  }
}
