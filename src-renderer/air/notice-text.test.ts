import { describe, expect, it } from 'vitest';
import type { PublicNotice } from '../../src-shared/domain/public-notice';
import { exceedanceText, hasPublicNotice, linesOf, noticeStateText } from './notice-text';

const EPISODE_CONTENT: PublicNotice['content'] = {
  area: 'Centrum', stationIds: ['st-02'], pollutant: 'O3', thresholdKind: 'information', thresholdLevel: 180, unit: 'µg/m³', averaging: '1 hour', source: '2008/50/EC Annex XII B',
  startMs: 0, endMs: null, expectedDuration: '', highestHourly: { value: 201.44, startMs: 0 }, highest8hMean: null, trend: 'rising', populationGroupsAtRisk: [], precautions: [],
};

const notice: PublicNotice = {
  id: 'n-1', alarmId: 'air:o3-information@st-02', stationId: 'st-02', state: 'draft', content: EPISODE_CONTENT, revision: 1, createdAt: 0, updatedAt: 0, editedBy: null,
  issuedAt: null, issuedBy: null, withdrawnAt: null, withdrawnBy: null, withdrawReason: null, supersedes: null, supersededBy: null,
};

describe('public notices in words', () => {
  it('says the exceedance and the state', () => {
    expect(exceedanceText(notice)).toBe('O3 information threshold (180 µg/m³ over 1 hour) exceeded at st-02; highest hourly 201.4 µg/m³');
    expect(noticeStateText(notice)).toBe('Draft');
    expect(noticeStateText({ ...notice, state: 'issued', issuedBy: 'Ana' })).toBe('Issued by Ana');
    expect(noticeStateText({ ...notice, state: 'withdrawn', withdrawnBy: 'Bo', withdrawReason: 'sensor fault' })).toBe('Withdrawn by Bo: sensor fault');
  });

  it('reads list fields one item a line and knows which alarms have notices', () => {
    expect(linesOf(' Children \n\n  People with asthma\n ')).toEqual(['Children', 'People with asthma']);
    expect(hasPublicNotice('air:o3-information@st-02')).toBe(true);
    expect(hasPublicNotice('air:no2-alert@st-01')).toBe(true);
    expect(hasPublicNotice('temperature-high@st-02')).toBe(false);
    expect(hasPublicNotice('system:calibration-due@st-02')).toBe(false);
  });
});
