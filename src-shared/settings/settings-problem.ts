/**
 * A settings file that cannot be used as it is: which file, which field, and what runs instead. One
 * wording for every place that says it (the settings dialog, the app's banner, requests refused while
 * nothing runs, the desktop's log and the headless server's start-up).
 */

/** Why the settings file is not in force, and what is. Crosses to the renderer in SettingsView. */
export interface SettingsProblem {
  /** The file at fault. It is left exactly as it is; a later save keeps a copy of it before replacing it. */
  readonly file: string;
  /** The first field at fault, e.g. "windows.sizesMs[0]"; null when the file as a whole cannot be read (not JSON, not an object). */
  readonly field: string | null;
  /** What is wrong, in the validator's words. */
  readonly message: string;
  /**
   * What is in force instead: 'last-good', the settings last loaded or saved without fault (kept beside
   * the file as `<file>.last-good`); 'none', nothing: the engine is not started (never on defaults).
   */
  readonly fallback: 'last-good' | 'none';
}

/** The suffix of the copy of the last settings file that loaded or saved without fault. */
export const LAST_GOOD_SUFFIX = '.last-good';

/**
 * The problem in one paragraph for people: what is wrong, where, and what Stationwatch does meanwhile.
 * `isStartRefused`: said by a start that gives up (headless mode), where no dialog can save settings.
 */
export function describeSettingsProblem(problem: SettingsProblem, isStartRefused = false): string {
  const what = problem.field !== null ? `has an invalid value at “${problem.field}”: ${problem.message}` : `cannot be used: ${problem.message}`;
  const meanwhile = isStartRefused
    ? 'Stationwatch did not start, rather than run on default settings: fix the file (or move it away to start from defaults) and start again.'
    : problem.fallback === 'last-good'
      ? `Stationwatch runs on the last good settings (${problem.file}${LAST_GOOD_SUFFIX}) until the file is fixed and Stationwatch restarted, or the settings are saved again.`
      : 'Stationwatch is not processing any data: fix the file and restart Stationwatch, or save the settings in the settings dialog.';
  const kept = isStartRefused ? 'The file was left as it is.' : 'The file was left as it is; a save keeps a copy of it first.';
  return `Configuration error: the settings file ${problem.file} ${what.replace(/[.\s]+$/, '')}. ${meanwhile} ${kept}`;
}
