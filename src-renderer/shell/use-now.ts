import { useEffect, useState } from 'react';

/** Wall-clock time that re-renders the caller every `everyMs` (clocks, ages, durations). */
export function useNow(everyMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
