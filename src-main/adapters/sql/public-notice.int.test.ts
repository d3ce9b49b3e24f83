/**
 * Public notices on both SQL backends, through the same openStore() the engine uses: a notice stored and
 * read back whole, newest first; an older revision replayed after a newer one (the outage buffer's
 * replay) changes nothing; the state column agrees with the notice.
 */
import { describe, expect, it } from 'vitest';
import { sqlBackends, useSqlStore } from '../../../tests/helpers/sql-backends';
import { createDraft, editNotice, issueNotice } from '../../core/air-quality/notice-workflow';
import { EPISODE_CONTENT } from '../../core/air-quality/notice-fixture.test-support';

const T0 = Date.UTC(2026, 6, 14, 12);
const backends = await sqlBackends();

describe.each(backends)('public notices on $name', (backend) => {
  const opened = useSqlStore(backend, 'sw-notice-');

  it.skipIf(backend.skip)('stores notices whole, newest first, and never lets an older revision overwrite a newer one', async () => {
    const store = opened.store();
    const draft = createDraft('n-1', 'air:o3-information@st-02', 'st-02', EPISODE_CONTENT, T0).notices[0]!;
    const edited = editNotice(draft, { area: `Centrum <b>&</b> "Oost"`, expectedDuration: 'tonight', populationGroupsAtRisk: ['Children'], precautions: ['Stay indoors'] }, 'Ana', T0 + 1).notices[0]!;
    const issued = issueNotice(edited, null, 'Ana', T0 + 2).notices[0]!;
    const later = createDraft('n-2', 'air:no2-alert@st-01', 'st-01', { ...EPISODE_CONTENT, pollutant: 'NO2', thresholdKind: 'alert' }, T0 + 10).notices[0]!;
    for (const notice of [draft, issued, edited, later]) await store.writeNotice(notice);
    await store.caughtUp();
    expect(await store.readNotices(10)).toEqual([later, issued]);
    expect(await store.readNotices(1)).toEqual([later]);
  });
});
