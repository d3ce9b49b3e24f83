import type { QualityInvalidation } from '../../src-shared/domain/air-quality';
import { useSession } from '../app-context';
import { ReasonAction } from './reason-action';

const IDS = { button: 'revoke-mark', form: 'revoke-mark-form', reason: 'revoke-reason', confirm: 'revoke-confirm' } as const;

/**
 * "Revoke" beside an invalid mark (issue 18): asks for a reason, then `quality:revoke` — the engine keeps
 * who revoked it and when, audits the reason, and counts the period's hours again in indices and compliance.
 */
export function RevokeMark({ invalidation, onRevoked }: { readonly invalidation: QualityInvalidation; readonly onRevoked: () => void }) {
  const { api } = useSession();
  return (
    <ReasonAction
      label="Revoke"
      prompt="Why does this period count again?"
      placeholder="e.g. analyser checked, data sound"
      confirm="Revoke the mark"
      ids={IDS}
      act={(reason) => api.request('quality:revoke', { id: invalidation.id, reason })}
      onDone={onRevoked}
    />
  );
}
