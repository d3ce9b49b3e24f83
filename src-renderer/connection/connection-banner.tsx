import { useObservable, useSession } from '../app-context';
import { useNow } from '../shell/use-now';
import { describeConnectionLoss } from './connection-loss';

/**
 * Contact with the server is lost: say so above every view, with the time since, for as long as it
 * lasts. The alert is announced once; the ticking time inside it is not re-announced every second
 * (aria-live="off" on the sentence that changes), so a screen reader is not flooded.
 */
export function ConnectionBanner() {
  const session = useSession();
  const lostAt = useObservable(session.connectionLostAt);
  if (lostAt === null) return null;
  return (
    <div className="connection-banner" role="alert" data-testid="connection-lost" data-lost-at={lostAt}>
      <span className="connection-banner-icon" aria-hidden="true">
        ◆
      </span>
      <ElapsedSentence lostAt={lostAt} />
      <span className="connection-banner-note">Values, charts and the map are not live; alarms may have changed.</span>
    </div>
  );
}

/** The live part of the banner, in its own component so only it re-renders every second. */
function ElapsedSentence(props: { readonly lostAt: number }) {
  const now = useNow(1000);
  return (
    <strong aria-live="off" data-testid="connection-lost-text">
      {describeConnectionLoss(props.lostAt, Math.max(now, props.lostAt))}
    </strong>
  );
}
