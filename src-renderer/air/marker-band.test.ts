import { describe, expect, it } from 'vitest';
import type { StationAirIndex } from '../../src-shared/domain/air-quality';
import { markerBandHtml } from './marker-band';

const index: StationAirIndex = { stationId: 'st-02', index: 'eea', value: 6, band: 'Extremely poor', colour: '#7D2181', decidingPollutant: 'o3', hourStartMs: 0 };

describe('the band swatch on a map marker', () => {
  it('carries the band colour and name', () => {
    expect(markerBandHtml(index)).toBe('<span class="marker-air-band" data-testid="marker-air-band" data-band="Extremely poor" title="Extremely poor" style="background:#7D2181"></span>');
    expect(markerBandHtml(undefined)).toBe('');
  });

  it('escapes the band name and refuses a colour that is not a hex colour', () => {
    expect(markerBandHtml({ ...index, band: `"><img src=x onerror=alert(1)>` })).toContain('data-band="&#34;&#62;&#60;img src=x onerror=alert(1)&#62;"');
    expect(markerBandHtml({ ...index, colour: 'red;background-image:url(x)' })).toBe('');
  });
});
