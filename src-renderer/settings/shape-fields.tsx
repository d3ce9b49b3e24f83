import { useEffect, useState } from 'react';
import { SHAPE_PRESETS, ShapeSchema } from '../../src-shared/settings/shape';
import type { ShapePreset, ShapeSettings, StationSource, TimeSource } from '../../src-shared/settings/shape';

/** What each preset is for, as the admin picks one. */
export const PRESET_LABELS: Readonly<Record<ShapePreset, string>> = {
  stationwatch: 'Stationwatch JSON ({"station_id", "ts", metrics…})',
  'sensor-logger': 'Sensor Logger app (HTTP push / MQTT batches)',
  'ttn-v3': 'The Things Stack v3 uplinks',
  'python-dict': "Python dicts ({'station_id': …, 'temperature': …})",
  flat: 'Flat records without a station (ETL exports)',
  generic: 'Generic mapping (paths, arrays, CSV)',
};

/**
 * How the source's messages become readings: the preset, the common fixes (where the station and the
 * time come from, the time zone of zone-less times), and the whole shape as JSON for everything else.
 * Every change is validated as typed; `onChange` only ever receives a valid shape.
 */
export function ShapeFields(props: { readonly shape: ShapeSettings; readonly onChange: (shape: ShapeSettings) => void }) {
  const { shape, onChange } = props;
  const [json, setJson] = useState(() => JSON.stringify(shape, null, 2));
  const [jsonError, setJsonError] = useState<string | null>(null);
  // The JSON follows the fields and the preset; a half-typed JSON is kept until it parses.
  useEffect(() => {
    setJson(JSON.stringify(shape, null, 2));
    setJsonError(null);
  }, [shape]);
  const station = 'station' in shape ? shape.station : null;
  const time = 'time' in shape ? shape.time : null;
  const apply = (next: unknown): void => {
    const parsed = ShapeSchema.safeParse(next);
    if (parsed.success) onChange(parsed.data);
  };
  return (
    <fieldset className="fieldset" data-testid="shape-fields">
      <legend>Message shape</legend>
      <div className="form-grid">
        <label className="field wide">
          <span>Preset</span>
          <select value={shape.preset} data-testid="shape-preset" onChange={(e) => apply({ preset: e.target.value })}>
            {SHAPE_PRESETS.map((p) => (
              <option key={p} value={p}>{PRESET_LABELS[p]}</option>
            ))}
          </select>
        </label>
        {station !== null && <StationSourceField station={station} onChange={(s) => apply({ ...shape, station: s })} />}
        {time !== null && <TimeSourceFields time={time} onChange={(t) => apply({ ...shape, time: t })} />}
      </div>
      <details>
        <summary>Mapping as JSON (field paths, aliases, units)</summary>
        <label className="field wide">
          <span>Shape</span>
          <textarea
            rows={10}
            spellCheck={false}
            value={json}
            data-testid="shape-json"
            aria-invalid={jsonError !== null}
            onChange={(e) => {
              const problem = shapeJsonProblem(e.target.value);
              setJson(e.target.value);
              setJsonError(problem);
              if (problem === null) apply(JSON.parse(e.target.value));
            }}
          />
          {jsonError !== null && <span className="field-error" role="alert" data-testid="shape-json-error">{jsonError}</span>}
        </label>
      </details>
    </fieldset>
  );
}

/** What is wrong with a typed shape JSON, in plain words; null when it is a valid shape. */
export function shapeJsonProblem(text: string): string | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return `Not valid JSON: ${error instanceof Error ? error.message : String(error)}`;
  }
  const parsed = ShapeSchema.safeParse(value);
  if (parsed.success) return null;
  const issue = parsed.error.issues[0]!;
  return `${issue.path.length > 0 ? `${issue.path.join('.')}: ` : ''}${issue.message}`;
}

function StationSourceField(props: { readonly station: StationSource; readonly onChange: (s: StationSource) => void }) {
  const { station, onChange } = props;
  return (
    <>
      <label className="field">
        <span>Station from</span>
        <select
          value={station.from}
          data-testid="shape-station-from"
          onChange={(e) => {
            const from = e.target.value as StationSource['from'];
            onChange(from === 'field' ? { from, path: 'station_id' } : from === 'fixed' ? { from, id: 'station-1' } : from === 'topic' ? { from, segment: null } : { from });
          }}
        >
          <option value="field">A field of the message</option>
          <option value="key">The Kafka message key</option>
          <option value="topic">The topic name</option>
          <option value="fixed">One fixed station</option>
        </select>
      </label>
      {station.from === 'field' && (
        <ShapeText label="Station field" value={station.path} testId="shape-station-path" accept={(text) => onChange({ from: 'field', path: text })} />
      )}
      {station.from === 'fixed' && (
        <ShapeText label="Station id" value={station.id} testId="shape-station-id" accept={(text) => onChange({ from: 'fixed', id: text })} />
      )}
    </>
  );
}

function TimeSourceFields(props: { readonly time: TimeSource; readonly onChange: (t: TimeSource) => void }) {
  const { time, onChange } = props;
  return (
    <>
      <ShapeText label="Time field" value={time.path ?? ''} placeholder="(none)" testId="shape-time-path" accept={(text) => onChange({ ...time, path: text === '' ? null : text })} />
      <label className="field">
        <span>Time format</span>
        <select value={time.format} data-testid="shape-time-format" onChange={(e) => onChange({ ...time, format: e.target.value as TimeSource['format'] })}>
          <option value="iso">ISO text</option>
          <option value="epoch-s">Epoch seconds</option>
          <option value="epoch-ms">Epoch milliseconds</option>
          <option value="epoch-us">Epoch microseconds</option>
          <option value="epoch-ns">Epoch nanoseconds</option>
        </select>
      </label>
      <ShapeText label="Time zone of times without one" value={time.zone ?? ''} placeholder="e.g. Europe/Amsterdam" testId="shape-time-zone" accept={(text) => onChange({ ...time, zone: text === '' ? null : text })} />
      <label className="field">
        <span>Without a time field</span>
        <select value={time.otherwise} data-testid="shape-time-otherwise" onChange={(e) => onChange({ ...time, otherwise: e.target.value as TimeSource['otherwise'] })}>
          <option value="reject">Refuse the message</option>
          <option value="record">Use the Kafka record time</option>
          <option value="arrival">Use the arrival time (not the measurement time)</option>
        </select>
      </label>
    </>
  );
}

/**
 * A text field of the shape that may be invalid while it is typed (a half-typed zone or path): the text
 * is kept here and handed on each change; the shape takes it only when valid, and until it has, the
 * field says so.
 */
function ShapeText(props: { readonly label: string; readonly value: string; readonly placeholder?: string; readonly testId: string; readonly accept: (text: string) => void }) {
  const [text, setText] = useState(props.value);
  useEffect(() => setText(props.value), [props.value]);
  const pending = text !== props.value;
  return (
    <label className="field">
      <span>{props.label}</span>
      <input
        value={text}
        placeholder={props.placeholder}
        data-testid={props.testId}
        aria-invalid={pending}
        onChange={(e) => {
          setText(e.target.value);
          props.accept(e.target.value);
        }}
      />
      {pending && <span className="field-error" data-testid={`${props.testId}-invalid`}>Not taken yet: not a valid value here.</span>}
    </label>
  );
}
