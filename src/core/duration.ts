/**
 * Parses a session duration: `1h`, `90m`, `1.5h`, `1h30m`. Returns whole minutes, or null when the
 * text is not a positive duration.
 */
export function parseDuration(text: string): number | null {
  const match = /^\s*(?:(\d+(?:\.\d+)?)\s*h)?\s*(?:(\d+)\s*m(?:in)?)?\s*$/i.exec(text);
  if (!match || (match[1] === undefined && match[2] === undefined)) return null;
  const minutes = Math.round(Number(match[1] ?? 0) * 60) + Number(match[2] ?? 0);
  return minutes > 0 ? minutes : null;
}

/** Parses a day count such as `1d` or `2d` (review intervals); null when invalid. */
export function parseDayCount(text: string): number | null {
  const match = /^\s*(\d{1,4})\s*d\s*$/i.exec(text);
  return match ? Number(match[1]) : null;
}

/** Formats minutes for people: `45 min`, `1 h`, `1 h 30 min`. */
export function formatMinutes(minutes: number): string {
  const rounded = Math.round(minutes);
  if (rounded < 60) return `${rounded} min`;
  const hours = Math.floor(rounded / 60);
  const rest = rounded % 60;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}
