/** An incident's range in words for the shift log: UTC, since the engine does not know the control room's zone. */
export function formatIncidentRange(from: number, to: number): string {
  const start = new Date(from).toISOString().slice(0, 16).replace('T', ' ');
  const end = new Date(to).toISOString();
  const sameDay = end.slice(0, 10) === start.slice(0, 10);
  return `${start}–${sameDay ? end.slice(11, 16) : end.slice(0, 16).replace('T', ' ')} UTC`;
}
