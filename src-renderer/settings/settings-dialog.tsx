import { useEffect, useRef, useState } from 'react';
import type { SecretName, SettingsView } from '../../src-shared/ipc/contract';
import { SettingsSchema } from '../../src-shared/settings/schema';
import type { Profile, Settings } from '../../src-shared/settings/schema';
import { useSession } from '../app-context';
import { Modal } from '../shell/modal';
import { useDiscardGuard } from '../shell/discard-guard';
import { connectionProblem } from './broker-list';
import { firstEscalationProblem } from './escalation-ops';
import { GeneralFields } from './general-fields';
import { AirQualityFields, airQualityProblem } from './air-quality-fields';
import { ProfileEditor } from './profile-editor';
import { ProfileList } from './profile-list';
import { duplicateProfile, newProfile } from './profile-ops';
import type { SecretUpdate } from './secret-field';
import { SecretStorageWarning } from './secret-storage-warning';
import { tileOrigin } from '../../src-shared/security/csp';
import { describeSettingsProblem } from '../../src-shared/settings/settings-problem';

type SecretUpdates = Record<string, Partial<Record<SecretName, SecretUpdate>>>;

/** Contract form of the pending secret changes: "keep" entries dropped. */
function secretArgs(updates: SecretUpdates): Record<string, Partial<Record<SecretName, string | null>>> {
  const out: Record<string, Partial<Record<SecretName, string | null>>> = {};
  for (const [profileId, byName] of Object.entries(updates)) {
    const kept = Object.fromEntries(Object.entries(byName).filter(([, v]) => v !== undefined)) as Partial<Record<SecretName, string | null>>;
    if (Object.keys(kept).length > 0) out[profileId] = kept;
  }
  return out;
}

/** The settings dialog: connection profiles, their sources and databases, and general options. */
export function SettingsDialog(props: { readonly onClose: () => void }) {
  const session = useSession();
  const [view, setView] = useState<SettingsView | null>(session.settings.get());
  const [draft, setDraft] = useState<Settings | null>(view?.settings ?? null);
  /** The settings the draft was made from: what "changed" is judged against. */
  const [base, setBase] = useState<Settings | null>(view?.settings ?? null);
  const draftRef = useRef(draft);
  draftRef.current = draft;
  const [editingId, setEditingId] = useState(view?.settings.activeProfileId ?? '');
  const [updates, setUpdates] = useState<SecretUpdates>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  /** The user accepted storing secrets where the view says the storage is weak (Linux basic_text). */
  const [allowWeakSecretStorage, setAllowWeakSecretStorage] = useState(false);
  /** What the last save said: the engine restarted on the new profile, or a secret the user must still provide. */
  const [savedNotice, setSavedNotice] = useState<string | null>(null);

  // Typed work: a draft that differs from what was loaded or saved, or a secret entered.
  const hasWork = draft !== null && base !== null && (JSON.stringify(draft) !== JSON.stringify(base) || Object.keys(secretArgs(updates)).length > 0);
  const guard = useDiscardGuard(hasWork, props.onClose, { title: 'Discard the changes to the settings?', message: 'The settings have changes that are not saved. Closing discards them; the settings in force stay as they are.' });

  useEffect(() => {
    session.api.request('settings:get', {}).then(
      (fresh) => {
        setView(fresh);
        // An untouched draft follows the fresh settings (another console may have saved since this one cached them); one being edited stays.
        if (draftRef.current === null || draftRef.current === base) {
          setDraft(fresh.settings);
          setBase(fresh.settings);
        }
        setEditingId((id) => (id === '' ? fresh.settings.activeProfileId : id));
      },
      (err: unknown) => setError(err instanceof Error ? err.message : String(err)),
    );
  }, [session]);

  if (draft === null) return <Modal title="Settings" onClose={props.onClose} testId="settings-dialog">{error ?? 'Loading…'}</Modal>;
  const editing = draft.profiles.find((p) => p.id === editingId) ?? draft.profiles[0]!;
  const setProfiles = (profiles: Profile[]) => setDraft({ ...draft, profiles });
  const updateProfile = (profile: Profile) => setProfiles(draft.profiles.map((p) => (p.id === editing.id ? profile : p)));
  // A profile whose brokers or database URL are refused blocks Save; the first one found says why.
  const airProblem = airQualityProblem(draft.airQuality);
  const invalid = draft.profiles.map((p) => ({ profile: p, problem: connectionProblem(p) ?? (p.escalation === undefined ? null : firstEscalationProblem(p.escalation)) })).find((p) => p.problem !== null) ?? null;

  async function save(): Promise<void> {
    if (draft === null) return;
    const parsed = SettingsSchema.safeParse(draft);
    if (!parsed.success) {
      setError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
      return;
    }
    setBusy(true);
    setError(null);
    setSavedNotice(null);
    try {
      const before = tileOrigin(session.settings.get()?.settings.ui.tileUrl ?? null);
      const saved = await session.api.request('settings:save', { settings: parsed.data, secrets: secretArgs(updates), ...(allowWeakSecretStorage ? { allowWeakSecretStorage } : {}) });
      // The page's CSP allows exactly the tile host it was loaded with: a new host needs a fresh load
      // (before the map sees the new URL, so no tile is refused on the way).
      if (tileOrigin(saved.settings.ui.tileUrl) !== before) return window.location.reload();
      session.settings.set(saved);
      // After an engine restart the alarms, stations and rules come from the new engine.
      void session.refresh();
      if (saved.notice === null) return props.onClose();
      // Something to read (a restart, a secret to provide): the dialog stays open with it beside the buttons.
      setView(saved);
      setDraft(saved.settings);
      setBase(saved.settings);
      setUpdates({});
      setSavedNotice(saved.notice);
      setBusy(false);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setBusy(false);
    }
  }

  return (
    <Modal title="Settings" onClose={guard.requestClose} testId="settings-dialog" wide>
      {guard.prompt}
      {view?.problem != null && savedNotice === null && (
        <p className="notice" role="alert" data-testid="settings-problem">
          {describeSettingsProblem(view.problem)}
        </p>
      )}
      {view?.notice != null && savedNotice === null && <p className="notice" role="status">{view.notice}</p>}
      <div className="settings-layout">
        <ProfileList
          profiles={draft.profiles}
          activeId={draft.activeProfileId}
          editingId={editing.id}
          onEdit={setEditingId}
          onAdd={() => {
            const p = newProfile(draft.profiles);
            setProfiles([...draft.profiles, p]);
            setEditingId(p.id);
          }}
          onDuplicate={(id) => {
            const p = duplicateProfile(draft.profiles.find((x) => x.id === id)!, draft.profiles);
            setProfiles([...draft.profiles, p]);
            setEditingId(p.id);
          }}
          onDelete={(id) => {
            const rest = draft.profiles.filter((p) => p.id !== id);
            setDraft({ ...draft, profiles: rest, activeProfileId: draft.activeProfileId === id ? rest[0]!.id : draft.activeProfileId });
            setEditingId(rest[0]!.id);
          }}
          onActivate={(id) => setDraft({ ...draft, activeProfileId: id })}
        />
        <ProfileEditor
          key={editing.id}
          profile={editing}
          onChange={updateProfile}
          secrets={view?.secrets[editing.id]}
          updates={updates[editing.id] ?? {}}
          onSecret={(name, update) => setUpdates({ ...updates, [editing.id]: { ...updates[editing.id], [name]: update } })}
        />
      </div>
      <SecretStorageWarning status={view?.secretStorage} isConfirmed={allowWeakSecretStorage} onConfirm={setAllowWeakSecretStorage} />
      <GeneralFields settings={draft} onChange={setDraft} />
      <AirQualityFields settings={draft} onChange={setDraft} />
      {error !== null && <p className="form-error" role="alert" data-testid="settings-error">{error}</p>}
      {savedNotice !== null && <p className="notice" role="status" data-testid="settings-notice">Saved. {savedNotice}</p>}
      {airProblem !== null && <p className="form-error" data-testid="settings-air-invalid">{airProblem}</p>}
      {invalid !== null && <p className="form-error" data-testid="settings-invalid">Profile “{invalid.profile.name}”: {invalid.problem}</p>}
      <div className="form-actions">
        <button type="button" onClick={props.onClose} data-testid="settings-close">{savedNotice !== null ? 'Close' : 'Cancel'}</button>
        <button type="button" className="primary" disabled={busy || invalid !== null || airProblem !== null} onClick={() => void save()} data-testid="settings-save">
          {busy ? 'Saving…' : `Save${draft.activeProfileId !== session.settings.get()?.settings.activeProfileId ? ' and switch profile' : ''}`}
        </button>
      </div>
    </Modal>
  );
}
