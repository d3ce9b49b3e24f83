/**
 * The air-quality band on a station's map marker (issue 18: "the map colours stations by index band"): a
 * small swatch of the band's colour at the marker's corner, so the marker's own shape and colour keep
 * saying the worst alarm (ISA-101: severity by colour, shape and text) and the band is read beside it,
 * with the legend. Built as marker HTML (Leaflet's divIcon), so the band name is escaped and the colour
 * accepted only as a hex colour.
 */
import type { StationAirIndex } from '../../src-shared/domain/air-quality';

const HEX_COLOUR = /^#[0-9a-fA-F]{3,8}$/;

/** The swatch's HTML for a station's index, or '' when it has none (or an unusable colour). */
export function markerBandHtml(index: StationAirIndex | undefined): string {
  if (index === undefined || !HEX_COLOUR.test(index.colour)) return '';
  const band = escapeAttribute(index.band);
  return `<span class="marker-air-band" data-testid="marker-air-band" data-band="${band}" title="${band}" style="background:${index.colour}"></span>`;
}

function escapeAttribute(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
