/** The screens reachable from the header. Settings is a dialog, not a view. */
export type ViewName = 'dashboard' | 'alarms' | 'history' | 'health' | 'rules' | 'shift' | 'compliance';

const VIEWS: readonly { readonly name: ViewName; readonly label: string; readonly key: string }[] = [
  { name: 'dashboard', label: 'Dashboard', key: '1' },
  { name: 'alarms', label: 'Alarms', key: '2' },
  { name: 'history', label: 'History', key: '3' },
  { name: 'health', label: 'Health', key: '4' },
  { name: 'rules', label: 'Rules', key: '5' },
  { name: 'shift', label: 'Shift log', key: '6' },
  { name: 'compliance', label: 'Compliance', key: '7' },
];

/** Tabs for the views plus the settings button; Alt+1…7 switch views from anywhere. */
export function Nav(props: { readonly view: ViewName; readonly onView: (view: ViewName) => void; readonly onSettings: () => void; readonly openAlarms: number }) {
  return (
    <nav className="nav" aria-label="Views">
      {VIEWS.map((v) => (
        <button key={v.name} type="button" className="nav-tab" aria-current={props.view === v.name ? 'page' : undefined} data-testid={`nav-${v.name}`} title={`Alt+${v.key}`} onClick={() => props.onView(v.name)}>
          {v.label}
          {v.name === 'alarms' && props.openAlarms > 0 && <span className="nav-count" aria-label={`${props.openAlarms} open alarms`}>{props.openAlarms}</span>}
        </button>
      ))}
      <button type="button" className="nav-tab" data-testid="nav-settings" onClick={props.onSettings}>
        Settings
      </button>
    </nav>
  );
}

/** The view a keyboard shortcut (Alt+digit) selects, if any. */
export function viewForShortcut(key: string): ViewName | null {
  return VIEWS.find((v) => v.key === key)?.name ?? null;
}
