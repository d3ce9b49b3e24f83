import type { Profile } from '../../src-shared/settings/schema';

/** The profiles with add, duplicate, delete and activate; the active one is marked in words too. */
export function ProfileList(props: {
  readonly profiles: readonly Profile[];
  readonly activeId: string;
  readonly editingId: string;
  readonly onEdit: (id: string) => void;
  readonly onAdd: () => void;
  readonly onDuplicate: (id: string) => void;
  readonly onDelete: (id: string) => void;
  readonly onActivate: (id: string) => void;
}) {
  return (
    <div className="profile-list">
      <ul role="listbox" aria-label="Connection profiles">
        {props.profiles.map((p) => (
          <li key={p.id} role="option" aria-selected={p.id === props.editingId}>
            <button type="button" className="profile-item" onClick={() => props.onEdit(p.id)} data-testid={`profile-${p.id}`}>
              <span>{p.name}</span>
              <span className="muted">
                {p.source.kind}
                {p.id === props.activeId && ' · active'}
              </span>
            </button>
          </li>
        ))}
      </ul>
      <div className="button-column">
        <button type="button" onClick={props.onAdd} data-testid="profile-add">Add</button>
        <button type="button" onClick={() => props.onDuplicate(props.editingId)} data-testid="profile-duplicate">Duplicate</button>
        <button type="button" onClick={() => props.onDelete(props.editingId)} disabled={props.profiles.length < 2} data-testid="profile-delete">Delete</button>
        <button type="button" onClick={() => props.onActivate(props.editingId)} disabled={props.editingId === props.activeId} data-testid="profile-activate">Activate</button>
      </div>
    </div>
  );
}
