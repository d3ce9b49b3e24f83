import { useObservable, useSession } from '../app-context';
import { describeSettingsProblem } from '../../src-shared/settings/settings-problem';

/**
 * The settings file cannot be used: say so above every view, for as long as it lasts, naming the field and
 * what runs instead (nothing, or the last good settings), with the way to fix it one click away.
 */
export function ConfigurationBanner(props: { readonly onSettings: () => void }) {
  const session = useSession();
  const problem = useObservable(session.settings)?.problem ?? null;
  if (problem === null) return null;
  return (
    <div className="configuration-banner" role="alert" data-testid="configuration-problem" data-fallback={problem.fallback}>
      <span>{describeSettingsProblem(problem)}</span>
      <button type="button" onClick={props.onSettings}>
        Open settings
      </button>
    </div>
  );
}
