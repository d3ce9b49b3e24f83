/**
 * What the live counters' compliance answer says about itself (issue 18): no hour yet, a year the counters do not
 * hold, where they start (the engine's start, or the stored hours it was primed with), and hours refused.
 */
export function complianceNote(asked: number, dataYear: number | null, rows: number, refused: number, primedFrom: number): string | null {
  const notes: string[] = [];
  if (dataYear === null) notes.push('No hourly pollutant window has closed yet since the engine started.');
  else if (asked !== dataYear && asked !== dataYear - 1) notes.push(`Figures for ${asked} need the stored hourly history, which this page does not read yet; the live counters hold ${dataYear - 1} and ${dataYear}.`);
  else if (rows === 0) notes.push(`No pollutant hours of ${asked} were seen since the engine started.`);
  notes.push(Number.isFinite(primedFrom)
    ? `Live counters start with the stored hours from ${new Date(primedFrom).toISOString().slice(0, 13)}:00 UTC read when the engine started; earlier hours are not counted (stored history is not read).`
    : 'Live counters start with the engine: hours before the engine started are not counted yet (stored history is not read).');
  if (refused > 0) notes.push(`${refused} hourly windows were left out because they arrived out of order.`);
  return notes.join(' ');
}
