/**
 * The simulator as a ReadingSource: the imperative shell around SimulatorModel. Every tick it asks
 * the model for the readings due by now (scaled by `speed`) and hands them to the pipeline, awaiting
 * each batch before the next tick — that await is the backpressure. If the consumer falls more than
 * `maxLagMs` behind, the simulated clock slips rather than piling up an ever larger debt.
 */
import type { BatchHandler, ReadingSource } from '../../core/ports';
import type { Station } from '../../../src-shared/domain/station';
import { SimulatorModel, simulatedStations, type SimulatorSettings } from './simulator-model';

/** How the simulator runs against the clock. */
export interface SimulatorSourceOptions {
  /** Simulated ms per wall ms: 1 = real time, 10 = a 10x replay, Infinity = as fast as the consumer takes them (default: settings.speed). */
  readonly speed?: number;
  /** Wall ms between batches (default 100). */
  readonly tickMs?: number;
  /** Wall clock (default Date.now); tests pass their own. */
  readonly now?: () => number;
  /** Simulated time of the first reading, epoch ms (default: the wall clock at start()). */
  readonly startMs?: number;
  /** Most readings per batch, so one batch never blocks the engine for long (default 20,000). */
  readonly maxBatch?: number;
  /** Wall ms the consumer may fall behind before the simulated clock slips (default 5,000). */
  readonly maxLagMs?: number;
}

/** The built-in simulated city: no setup, deterministic for a given seed and start time. */
export class SimulatorSource implements ReadingSource {
  readonly kind = 'simulator' as const;
  /** The generated station registry (known before start()). */
  readonly stations: readonly Station[];
  private readonly speed: number;
  private readonly tickMs: number;
  private readonly now: () => number;
  private readonly maxBatch: number;
  private readonly maxLagMs: number;
  private model: SimulatorModel | null = null;
  private handler: BatchHandler | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private inFlight: Promise<void> | null = null;
  private isStopped = false;
  private wallStart = 0;
  /** Simulated ms the clock has slipped because the consumer was slow. */
  private slipMs = 0;

  constructor(
    private readonly settings: SimulatorSettings,
    private readonly options: SimulatorSourceOptions = {},
  ) {
    const speed = options.speed ?? settings.speed;
    this.speed = speed > 0 ? speed : 1;
    this.tickMs = options.tickMs ?? 100;
    this.now = options.now ?? Date.now;
    this.stations = simulatedStations(settings, options.startMs ?? this.now());
    this.maxBatch = options.maxBatch ?? 20_000;
    this.maxLagMs = options.maxLagMs ?? 5_000;
  }

  /** Resolves at once; batches follow every tickMs until stop(). */
  async start(handler: BatchHandler): Promise<void> {
    if (this.handler !== null) throw new Error('The simulator is already running');
    this.handler = handler;
    this.wallStart = this.now();
    const model = new SimulatorModel(this.settings, Math.floor(this.options.startMs ?? this.wallStart));
    this.model = model;
    const { stations, ratePerStation } = this.settings;
    const warnings = model.scenarioWarnings.length > 0 ? `; ${model.scenarioWarnings.join('; ')}` : '';
    handler.onStatus('running', `Simulating ${stations} stations at ${ratePerStation}/s each${warnings}`);
    this.schedule(0);
  }

  /** Stops ticking; resolves after the batch in flight (if any) has been handled. */
  async stop(): Promise<void> {
    if (this.isStopped) return;
    this.isStopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    await this.inFlight?.catch(() => undefined);
    this.handler?.onStatus('stopped', null);
  }

  private schedule(delayMs: number): void {
    if (!this.isStopped) this.timer = setTimeout(() => void this.tick(), delayMs);
  }

  private async tick(): Promise<void> {
    this.timer = null;
    const model = this.model;
    const handler = this.handler;
    if (this.isStopped || model === null || handler === null) return;
    const readings = model.readingsUntil(this.simulatedNow(model), this.maxBatch);
    if (readings.length > 0) {
      this.inFlight = handler.onBatch({ kind: 'readings', readings }).then(() => undefined);
      try {
        await this.inFlight;
      } catch (error) {
        this.isStopped = true;
        handler.onStatus('stopped', `The pipeline refused a batch: ${error instanceof Error ? error.message : String(error)}`);
        return;
      } finally {
        this.inFlight = null;
      }
    }
    // A full batch means more is due already: go again at once (after other events had their turn).
    this.schedule(readings.length >= this.maxBatch ? 0 : this.tickMs);
  }

  /** Where simulated time has got; slips when the consumer trails by more than maxLagMs. */
  private simulatedNow(model: SimulatorModel): number {
    if (!Number.isFinite(this.speed)) return Number.POSITIVE_INFINITY;
    const target = model.startMs + (this.now() - this.wallStart) * this.speed - this.slipMs;
    const allowed = model.nextReadingTime() + this.maxLagMs * this.speed;
    if (target > allowed) {
      this.slipMs += target - allowed;
      return allowed;
    }
    return target;
  }
}
