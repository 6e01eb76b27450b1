const DAY_MS = 86_400_000;

/** Whole days from `from` to `to`, counted on UTC calendar dates (LastAccessedDate has no time). */
export function calendarDaysBetween(from: string | Date, to: Date): number {
  const start = new Date(from);
  const a = Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate());
  const b = Date.UTC(to.getUTCFullYear(), to.getUTCMonth(), to.getUTCDate());
  return Math.round((b - a) / DAY_MS);
}

/** Elapsed days (fractional) from `from` to `to`. A string is read with Date.parse: no Date object per call. */
export function elapsedDays(from: string | Date, to: Date): number {
  return (to.getTime() - (typeof from === 'string' ? Date.parse(from) : from.getTime())) / DAY_MS;
}
