import { describe, expect, it } from 'vitest';
import { createDraft, editNotice, issueNotice } from './notice-workflow';
import { joinNotice, noticeStation } from './notice-area';
import { exportNotice, formatTime, noticeHtml, noticeText } from './notice-render';
import { escapeHtml } from '../../../src-shared/domain/format';
import { EPISODE_CONTENT } from './notice-fixture.test-support';

const T0 = Date.UTC(2026, 6, 14, 12);
const HOUR = 3_600_000;
const ZONE = 'Europe/Amsterdam';

function issued(area: string, precautions: readonly string[]) {
  const draft = createDraft('n-1', 'air:o3-information@st-02', 'st-02', { ...EPISODE_CONTENT, highest8hMean: { value: 150.04, endMs: T0 + HOUR, stationId: 'st-02' } }, T0).notices[0]!;
  const edited = editNotice(draft, { area, expectedDuration: 'until about 20:00', populationGroupsAtRisk: ['Children', 'People with asthma'], precautions }, 'Ada', T0).notices[0]!;
  return issueNotice(edited, null, 'Ada', T0 + 2 * HOUR).notices[0]!;
}

describe('public notice rendering', () => {
  it('writes the directive\'s items as text, times in the zone (CEST is UTC+2 in July)', () => {
    expect(formatTime(T0, ZONE)).toBe('2026-07-14 14:00 (Europe/Amsterdam)');
    expect(noticeText(issued('Centrum', ['Avoid strenuous outdoor activity']), ZONE)).toBe(
      [
        'Public notice: O3 information threshold exceeded',
        '================================================',
        '',
        'Area: Centrum',
        'Threshold exceeded: O3 information threshold, 180 µg/m³ over 1 hour (2008/50/EC Annex XII B (ozone information threshold, 1 hour))',
        'Start of the episode: 2026-07-14 14:00 (Europe/Amsterdam)',
        'Expected duration: until about 20:00',
        'Highest hourly value: 201.4 µg/m³ (hour from 2026-07-14 14:00 (Europe/Amsterdam))',
        'Highest 8-hour mean: 150 µg/m³ (8 hours to 2026-07-14 15:00 (Europe/Amsterdam))',
        'Trend: rising',
        'Population groups at risk: Children; People with asthma',
        'Precautions: Avoid strenuous outdoor activity',
        'Monitoring stations: st-02',
        '',
        'Issued 2026-07-14 16:00 (Europe/Amsterdam) by Ada. Notice n-1.',
        '',
      ].join('\n'),
    );
  });

  it('escapes hostile text in the HTML: no tag, attribute or entity of the operator\'s survives as markup', () => {
    const hostile = `<script>alert("x")</script><img src=x onerror='alert(1)'> & "quoted" &amp;`;
    const html = noticeHtml(issued(hostile, [`</td></tr></table><iframe src="javascript:alert(2)">`]), ZONE);
    expect(html).toContain('<tr><th scope="row">Area</th><td>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=&#39;alert(1)&#39;&gt; &amp; &quot;quoted&quot; &amp;amp;</td></tr>');
    expect(html).toContain('<td>&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;&lt;iframe src=&quot;javascript:alert(2)&quot;&gt;</td>');
    // The page's own markup is all there is: the tags in it are exactly the template's.
    const tags = [...html.matchAll(/<\/?([a-zA-Z!][a-zA-Z0-9]*)/g)].map((m) => m[1]!.toLowerCase());
    expect(new Set(tags)).toEqual(new Set(['!doctype', 'html', 'head', 'meta', 'title', 'body', 'article', 'h1', 'table', 'tr', 'th', 'td', 'p']));
    expect(escapeHtml(`&<>"'`)).toBe('&amp;&lt;&gt;&quot;&#39;');
  });

  it('lists the stations of an area\'s notice and says which measured each highest value, escaped in the HTML', () => {
    const hostile = `st-<b onmouseover="alert(3)">9</b>`;
    const first = noticeStation('air:o3-information@st-02', 'st-02', { startMs: T0 + HOUR, endMs: null, highestHourly: { value: 201.4, startMs: T0 + HOUR }, highest8hMean: { value: 185.04, endMs: T0 + 2 * HOUR }, trend: 'rising' });
    const draft = createDraft('n-1', first.alarmId, 'st-02', EPISODE_CONTENT, T0, null, { district: 'Harbour', stations: [first] }).notices[0]!;
    const joined = joinNotice(draft, noticeStation(`air:o3-information@${hostile}`, hostile, { startMs: T0, endMs: null, highestHourly: { value: 236.2, startMs: T0 }, highest8hMean: null, trend: 'steady' }), (ids) => ids.join(' + '), 'x', T0).notices[0]!;
    const edited = editNotice(joined, { area: 'Harbour', expectedDuration: 'until 20:00', populationGroupsAtRisk: ['Children'], precautions: ['Stay indoors'] }, 'Ada', T0).notices[0]!;
    const notice = issueNotice(edited, null, 'Ada', T0 + 2 * HOUR).notices[0]!;
    const text = noticeText(notice, ZONE);
    expect(text).toContain('Start of the episode: 2026-07-14 14:00 (Europe/Amsterdam)\n');
    expect(text).toContain(`Highest hourly value: 236.2 µg/m³ at ${hostile} (hour from 2026-07-14 14:00 (Europe/Amsterdam))\n`);
    expect(text).toContain('Highest 8-hour mean: 185 µg/m³ at st-02 (8 hours to 2026-07-14 16:00 (Europe/Amsterdam))\n');
    expect(text).toContain(`Monitoring stations: st-02, ${hostile}\n`);
    const html = noticeHtml(notice, ZONE);
    expect(html).toContain('<tr><th scope="row">Monitoring stations</th><td>st-02, st-&lt;b onmouseover=&quot;alert(3)&quot;&gt;9&lt;/b&gt;</td></tr>');
    expect(html).toContain('<td>236.2 µg/m³ at st-&lt;b onmouseover=&quot;alert(3)&quot;&gt;9&lt;/b&gt; (hour from');
    expect(html).not.toMatch(/<b\s/);
  });

  it('says since when a station of an area\'s notice is back at or below the threshold while the others go on', () => {
    const entry = (stationId: string, endMs: number | null) => noticeStation(`air:o3-information@${stationId}`, stationId, { startMs: T0, endMs, highestHourly: { value: 200, startMs: T0 }, highest8hMean: null, trend: 'steady' });
    const draft = createDraft('n-1', 'air:o3-information@st-02', 'st-02', EPISODE_CONTENT, T0, null, { district: 'Harbour', stations: [entry('st-02', null)] }).notices[0]!;
    const joined = joinNotice(draft, entry('st-05', null), (ids) => ids.join(' + '), 'x', T0).notices[0]!;
    expect(noticeText(joined, ZONE)).toContain('Monitoring stations: st-02, st-05\n');
    // st-05's episode ends at 16:00 local while st-02's goes on.
    const left = joinNotice(joined, entry('st-05', T0 + 2 * HOUR), (ids) => ids.join(' + '), 'x', T0 + 2 * HOUR).notices[0]!;
    expect(noticeText(left, ZONE)).toContain('Monitoring stations: st-02, st-05 (back at or below the threshold from 2026-07-14 16:00 (Europe/Amsterdam))\n');
    // Once every station's episode ended, the notice's own end says it.
    const over = joinNotice(left, entry('st-02', T0 + 3 * HOUR), (ids) => ids.join(' + '), 'x', T0 + 3 * HOUR).notices[0]!;
    expect(noticeText(over, ZONE)).toContain('End of the episode: 2026-07-14 17:00 (Europe/Amsterdam)\n');
    expect(noticeText(over, ZONE)).toContain('Monitoring stations: st-02, st-05\n');
  });

  it('names the export files by the notice id, with their types', () => {
    const notice = issued('Centrum', ['Stay indoors']);
    expect(exportNotice(notice, 'text', ZONE)).toMatchObject({ fileName: 'public-notice-n-1.txt', mimeType: 'text/plain' });
    expect(exportNotice(notice, 'html', ZONE)).toMatchObject({ fileName: 'public-notice-n-1.html', mimeType: 'text/html' });
  });
});
