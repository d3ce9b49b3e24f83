/** What the tone announces: a new critical alarm, or lost contact with the server. */
export type AlertTone = 'critical' | 'connection-lost';

/** One note of a tone: frequency (Hz), start and length (s) after the tone begins. */
interface Note {
  readonly hz: number;
  readonly at: number;
  readonly seconds: number;
}

/**
 * Two short high beeps for a critical alarm; a falling pair for a lost connection, so the two can be
 * told apart without looking. Made with the Web Audio API: no sound file to ship or load.
 */
export const TONES: Readonly<Record<AlertTone, readonly Note[]>> = {
  critical: [
    { hz: 880, at: 0, seconds: 0.15 },
    { hz: 880, at: 0.22, seconds: 0.15 },
  ],
  'connection-lost': [
    { hz: 660, at: 0, seconds: 0.2 },
    { hz: 440, at: 0.25, seconds: 0.3 },
  ],
};

/** Plays the alert tones; the AudioContext is made on first use and resumed by a user gesture (autoplay rules). */
export interface AlertSound {
  play(tone: AlertTone): void;
  /** Call from a click or key press: browsers start audio only after the user interacted with the page. */
  unlock(): void;
}

/** The tones on this window's Web Audio API; a browser without it plays nothing. */
export function createAlertSound(win: Window & typeof globalThis): AlertSound {
  let context: AudioContext | null = null;
  const audio = (): AudioContext | null => {
    if (context === null && typeof win.AudioContext === 'function') context = new win.AudioContext();
    return context;
  };
  return {
    play(tone) {
      const ctx = audio();
      if (ctx === null) return;
      if (ctx.state === 'suspended') void ctx.resume().catch(() => undefined);
      const start = ctx.currentTime + 0.02;
      for (const note of TONES[tone]) {
        const oscillator = ctx.createOscillator();
        const gain = ctx.createGain();
        oscillator.type = 'sine';
        oscillator.frequency.value = note.hz;
        // A short ramp in and out: no click at the edges of the beep.
        gain.gain.setValueAtTime(0, start + note.at);
        gain.gain.linearRampToValueAtTime(0.25, start + note.at + 0.01);
        gain.gain.linearRampToValueAtTime(0, start + note.at + note.seconds);
        oscillator.connect(gain).connect(ctx.destination);
        oscillator.start(start + note.at);
        oscillator.stop(start + note.at + note.seconds + 0.02);
      }
    },
    unlock() {
      const ctx = audio();
      if (ctx !== null && ctx.state === 'suspended') void ctx.resume().catch(() => undefined);
    },
  };
}
