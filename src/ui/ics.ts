import { createEvents, type DateArray, type EventAttributes } from 'ics';
import { dayAfter, type CalendarEvent } from '../core/calendar.ts';

// iCalendar (RFC 5545) through the `ics` package: escaping, line folding and CRLFs are its job. It is
// patched (patches/ics+3.12.0.patch): its line folding takes 75 octets of UTF-8 per line, in one
// pass; and `validate: false` skips its schema check of every event after the first (a millisecond
// an event, most of the time a large calendar takes), as every event here is built the same way.
// This module is loaded only by `export --format ics`.

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
  // The first event is checked in full (with the calendar's header); the others are built alike.
  const header = { productId: 'k8s-study', calName: calendarName, validate: false } as Parameters<typeof createEvents>[1] & object;
  const { error, value } = createEvents(attributes, header);
  if (error || value === null) throw error ?? new Error('the calendar could not be written');
  return value;
}
