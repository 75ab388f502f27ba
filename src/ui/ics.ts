import { createEvents, type DateArray, type EventAttributes } from 'ics';
import { dayAfter, type CalendarEvent } from '../core/calendar.ts';

// iCalendar (RFC 5545) through the `ics` package: escaping, line folding and CRLFs are its job. Its
// line folding is patched (patches/ics+3.12.0.patch): 75 octets of UTF-8 per line, in one pass.
// This module is imported lazily, by `export --format ics` only.

function dateArray(day: string): DateArray {
  const [year, month, date] = day.split('-').map(Number);
  return [year ?? 0, month ?? 1, date ?? 1];
}

/** The calendar entries as one iCalendar document; `stamp` is the export's instant (DTSTAMP). */
export function renderIcs(events: readonly CalendarEvent[], calendarName: string, stamp: Date): string {
  const attributes = events.map((event): EventAttributes & { timestamp: number } => ({
    uid: event.uid,
    title: event.title,
    description: event.description,
    start: dateArray(event.day),
    end: dateArray(dayAfter(event.day)),
    categories: ['k8s-study', event.kind],
    status: 'CONFIRMED',
    transp: 'TRANSPARENT',
    // Without it, ics stamps the real clock: the export would differ on every run.
    timestamp: stamp.getTime(),
  }));
  const { error, value } = createEvents(attributes, { productId: 'k8s-study', calName: calendarName });
  if (error || value === null) throw error ?? new Error('the calendar could not be written');
  return value;
}
