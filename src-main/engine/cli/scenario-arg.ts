/** Parses `kind[:target[:startAfterSec[:durationSec]]]` from the command line into a simulator scenario. */
import { ScenarioSchema } from '../../../src-shared/settings/schema';
import type { Scenario } from '../../../src-shared/settings/schema';

export function parseScenarioArg(text: string): Scenario {
  const [kind, target, startAfter, duration] = text.split(':');
  return ScenarioSchema.parse({
    kind,
    target: target ? target : null,
    startAfterMs: startAfter ? Number(startAfter) * 1000 : undefined,
    durationMs: duration ? Number(duration) * 1000 : undefined,
  });
}
