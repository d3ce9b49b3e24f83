import { useEffect, useRef, useState } from 'react';
import type { DecodePreview, PreviewSample, SecretName } from '../../src-shared/ipc/contract';
import type { Profile } from '../../src-shared/settings/schema';
import type { ShapeSettings } from '../../src-shared/settings/shape';
import { formatNumber } from '../../src-shared/domain/format';
import { useSession } from '../app-context';
import type { SecretUpdate } from './secret-field';
import { PRESET_LABELS } from './shape-fields';
import { formatDateTime, zoneLabel } from '../time/control-room-time';

const TIME_SOURCE: Readonly<Record<'field' | 'record' | 'arrival', string>> = {
  field: 'from the message',
  record: 'Kafka record time',
  arrival: 'arrival time — not the measurement time',
};

/**
 * "Preview decoding": the last messages of the profile's topic (read without joining its consumer group
 * or committing), each raw message beside what the shape decodes it into, or why it is refused. Once
 * shown, every change of the shape decodes the same messages again at once.
 */
export function DecodingPreview(props: { readonly profile: Profile; readonly shape: ShapeSettings; readonly updates: Partial<Record<SecretName, SecretUpdate>>; readonly onShape: (shape: ShapeSettings) => void; readonly blockedBy: string | null }) {
  const { api } = useSession();
  const [preview, setPreview] = useState<DecodePreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [isOpen, setOpen] = useState(false);
  const asked = useRef(0);

  async function run(): Promise<void> {
    const id = ++asked.current;
    setBusy(true);
    setError(null);
    try {
      const secrets: Partial<Record<SecretName, string | null>> = {};
      for (const [name, value] of Object.entries(props.updates)) if (value !== undefined) secrets[name as SecretName] = value;
      const result = await api.request('decode:preview', { profile: props.profile, secrets, limit: 20 });
      if (id === asked.current) setPreview(result);
    } catch (e) {
      if (id === asked.current) setError(e instanceof Error ? e.message : String(e));
    } finally {
      if (id === asked.current) setBusy(false);
    }
  }

  // Re-decode on every change of the shape once the preview is open (the engine reuses the messages it read).
  const shapeText = JSON.stringify(props.shape);
  useEffect(() => {
    if (!isOpen || props.blockedBy !== null) return;
    const timer = setTimeout(() => void run(), 250);
    return () => clearTimeout(timer);
  }, [shapeText, isOpen]);

  return (
    <section className="decode-preview" aria-label="Decoding preview" data-testid="decode-preview">
      <div className="form-row">
        <button type="button" className="button" disabled={busy || props.blockedBy !== null} title={props.blockedBy ?? undefined} data-testid="preview-decoding" onClick={() => (isOpen ? void run() : setOpen(true))}>
          {busy ? 'Reading…' : isOpen ? 'Read again' : 'Preview decoding'}
        </button>
        {props.blockedBy !== null && <span className="muted">{props.blockedBy}</span>}
        {preview !== null && preview.problem === null && (
          <span className="muted" data-testid="preview-summary" role="status">
            {preview.decoded} of {preview.samples.length} messages decode
          </span>
        )}
      </div>
      {error !== null && <p className="field-error" role="alert">{error}</p>}
      {preview?.problem != null && <p className="field-error" role="alert" data-testid="preview-problem">{preview.problem}</p>}
      {preview?.suggestion != null && (
        <p className="hint" data-testid="preview-suggestion">
          {preview.suggestion.detail} — {PRESET_LABELS[preview.suggestion.shape.preset]}{' '}
          <button type="button" className="button" data-testid="use-suggestion" onClick={() => props.onShape(preview.suggestion!.shape)}>Use it</button>
        </p>
      )}
      {preview !== null && preview.samples.length > 0 && (
        <table className="preview-table">
          <thead>
            <tr>
              <th scope="col">Message</th>
              <th scope="col">Decoded</th>
            </tr>
          </thead>
          <tbody>
            {preview.samples.map((sample, i) => (
              <SampleRow key={i} sample={sample} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function SampleRow(props: { readonly sample: PreviewSample }) {
  const { sample } = props;
  return (
    <tr data-testid="preview-row" data-ok={sample.outcome.ok}>
      <td>
        <div className="muted">{sample.position}{sample.key !== null && <> · key {sample.key}</>}</div>
        <code className="preview-raw">{sample.raw}{sample.rawTruncated && ' …'}</code>
      </td>
      <td>
        {sample.outcome.ok ? (
          sample.outcome.readings.length === 0 ? (
            <span className="muted">no readings (an empty batch)</span>
          ) : (
            <ul className="preview-readings">
              {sample.outcome.readings.map((r, j) => (
                <li key={j} data-testid="preview-reading">
                  <strong>{r.stationId}</strong> · {formatDateTime(r.ts)} {zoneLabel(r.ts)} <span className="muted">({TIME_SOURCE[r.timeSource]})</span>
                  <div>{r.metrics.map((m) => `${m.name} ${formatNumber(m.value)}${m.unit === '' ? '' : ` ${m.unit}`}`).join(' · ')}</div>
                </li>
              ))}
            </ul>
          )
        ) : (
          <span className="field-error" data-testid="preview-rejection">
            <strong>{sample.outcome.reason}</strong>: {sample.outcome.detail}
          </span>
        )}
      </td>
    </tr>
  );
}
