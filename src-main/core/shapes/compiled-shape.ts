import type { GenericMapping } from '../../../src-shared/settings/shape';
import { compilePath, type FieldPath } from './field-path';
import type { FieldTimeFormat } from './field-time';
import { unitConversion, type UnitConversion } from './units';
import { ZoneClock } from './zone-clock';

/** A mapped field, ready to use: its target metric and conversion. */
export interface CompiledField {
  readonly from: string;
  readonly path: FieldPath;
  readonly metric: string;
  readonly conversion: UnitConversion;
}

/** A GenericMapping turned into what the hot path needs: split paths, maps, conversions, a zone clock. */
export interface CompiledShape {
  readonly mapping: GenericMapping;
  readonly syntax: GenericMapping['syntax']['kind'];
  readonly records: FieldPath | null;
  readonly stationPath: FieldPath | null;
  readonly stationNames: ReadonlyMap<string, string>;
  readonly timePath: FieldPath | null;
  readonly timeFormat: FieldTimeFormat;
  readonly clock: ZoneClock | null;
  /** Field names of a record that are never metrics: one-name station / time / name paths and `metrics.ignore`. */
  readonly excluded: ReadonlySet<string>;
  readonly ignored: ReadonlySet<string>;
  /** Mapped fields by the name a field would otherwise get (`temp`, or `<name>.<field>` with nameFrom). */
  readonly fieldsByName: ReadonlyMap<string, CompiledField>;
  /** Mapped fields with a nested path (`data.sensors.temp`), read by path; empty with nameFrom. */
  readonly nestedFields: readonly CompiledField[];
  readonly includeAll: boolean;
  readonly valuesPath: FieldPath | null;
  readonly nameFrom: FieldPath | null;
  readonly narrowMetric: FieldPath | null;
  readonly narrowValue: FieldPath | null;
  /** JSON: integers of this key with 16+ digits are read from their digits (epoch ns lie beyond 2^53). */
  readonly exactIntegerKey: string | null;
  /** CSV cells are text; the mapping reads numbers from them. */
  readonly isTextual: boolean;
  /** With nameFrom: the metric each (name, field) pair becomes, so the hot path neither joins nor hashes new strings. */
  readonly composedNames: ComposedNames;
}

/** What a field of a named record becomes: its metric name and its mapping (undefined: unmapped). */
export interface ComposedName {
  readonly name: string;
  readonly field: CompiledField | undefined;
}

const MAX_COMPOSED_PREFIXES = 1_000;
const MAX_COMPOSED_PER_PREFIX = 1_000;

/** A bounded cache of `<prefix>.<field>` names (Sensor Logger: a few sensors with a few fields each). */
export class ComposedNames {
  private readonly byPrefix = new Map<string, Map<string, ComposedName>>();

  constructor(private readonly fieldsByName: ReadonlyMap<string, CompiledField>) {}

  /** The names of one prefix; look fields up with `lookup`. */
  forPrefix(prefix: string): Map<string, ComposedName> {
    let names = this.byPrefix.get(prefix);
    if (names === undefined) {
      if (this.byPrefix.size >= MAX_COMPOSED_PREFIXES) this.byPrefix.clear();
      names = new Map();
      this.byPrefix.set(prefix, names);
    }
    return names;
  }

  /** The composed name of `key` under `prefix` (cached in `names`, from forPrefix). */
  lookup(names: Map<string, ComposedName>, prefix: string, key: string): ComposedName {
    let entry = names.get(key);
    if (entry === undefined) {
      const name = `${prefix}.${key}`;
      entry = { name, field: this.fieldsByName.get(name) };
      if (names.size >= MAX_COMPOSED_PER_PREFIX) names.clear();
      names.set(key, entry);
    }
    return entry;
  }
}

/** Compiles a mapping (validated by GenericMappingSchema); throws an Error in plain words when a unit does not fit its metric. */
export function compileShape(mapping: GenericMapping): CompiledShape {
  const { metrics, time, station, narrow } = mapping;
  const fields: CompiledField[] = metrics.fields.map((field) => {
    const conversion = unitConversion(field.unit, field.metric);
    if (typeof conversion === 'string') throw new Error(`mapped field "${field.from}": ${conversion}`);
    return { from: field.from, path: compilePath(field.from), metric: field.metric, conversion };
  });
  const isComposed = metrics.nameFrom !== null;
  const timePath = time.path === null ? null : compilePath(time.path);
  const stationPath = station.from === 'field' ? compilePath(station.path) : null;
  const excluded = new Set<string>();
  for (const path of [stationPath, timePath, metrics.nameFrom === null ? null : compilePath(metrics.nameFrom), narrow && compilePath(narrow.metricPath), narrow && compilePath(narrow.valuePath)]) {
    if (path !== null && path.names.length === 1) excluded.add(path.text);
  }
  const lastTimeName = timePath?.names[timePath.names.length - 1] ?? null;
  const fieldsByName = new Map(fields.filter((field) => isComposed || field.path.names.length === 1).map((field) => [field.from, field]));
  return {
    mapping,
    syntax: mapping.syntax.kind,
    records: mapping.records === null ? null : compilePath(mapping.records),
    stationPath,
    stationNames: new Map(Object.entries(mapping.stationNames)),
    timePath,
    timeFormat: time.format,
    clock: time.zone === null ? null : new ZoneClock(time.zone),
    excluded,
    ignored: new Set(metrics.ignore),
    fieldsByName,
    nestedFields: isComposed ? [] : fields.filter((field) => field.path.names.length > 1),
    includeAll: metrics.include === 'all',
    valuesPath: metrics.valuesPath === null ? null : compilePath(metrics.valuesPath),
    nameFrom: metrics.nameFrom === null ? null : compilePath(metrics.nameFrom),
    narrowMetric: narrow === null ? null : compilePath(narrow.metricPath),
    narrowValue: narrow === null ? null : compilePath(narrow.valuePath),
    exactIntegerKey: mapping.syntax.kind === 'json' && time.format === 'epoch-ns' ? lastTimeName : null,
    isTextual: mapping.syntax.kind === 'csv',
    composedNames: new ComposedNames(fieldsByName),
  };
}
