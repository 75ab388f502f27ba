import { dayAfter, type CalendarEvent } from '../core/calendar.ts';

// iCalendar (RFC 5545), written here: every entry is an all-day event of the same few properties,
// a few lines each. It writes what the `ics` package (with k8s-study's fix of its line folding)
// writes for the same entries, byte for byte, which tests/ui/ics.test.ts checks against that
// package: the package itself took a third of a large export's time building and checking each
// event through its general pipeline. This module is loaded only by `export --format ics`.

const CRLF = '\r\n';
/** RFC 5545 §3.1: a content line is at most 75 octets of UTF-8, its line break excluded. */
const MAX_OCTETS = 75;
const FOLD = '\r\n\t';
// eslint-disable-next-line no-control-regex -- every ASCII character, controls included: each is one octet
const ASCII = /^[\x00-\x7f]*$/;

/**
 * A content line folded as RFC 5545 §3.1 asks: longer than 75 octets of UTF-8, it is cut into
 * physical lines of at most 75, each continuation starting with one whitespace character (which
 * counts). A fold falls between two code points only, never inside a UTF-8 sequence or a surrogate
 * pair. One pass over the line: linear in its length.
 */
export function foldLine(line: string): string {
  const parts: string[] = [];
  // Most lines are ASCII, an octet a character: cut every 75 characters (74 after a fold), no counting.
  if (ASCII.test(line)) {
    if (line.length <= MAX_OCTETS) return line;
    parts.push(line.slice(0, MAX_OCTETS));
    for (let from = MAX_OCTETS; from < line.length; from += MAX_OCTETS - 1) parts.push(line.slice(from, from + MAX_OCTETS - 1));
    return parts.join(FOLD);
  }
  let start = 0; // where the current physical line's text starts (UTF-16 index)
  let octets = 0; // UTF-8 octets of the current physical line so far, its leading whitespace included
  let index = 0;
  while (index < line.length) {
    const code = line.charCodeAt(index);
    let units = 1;
    // The rest of the BMP takes 3 octets; so does a lone surrogate, which UTF-8 writes as U+FFFD.
    let size = 3;
    if (code < 0x80) size = 1;
    else if (code < 0x800) size = 2;
    else if (code >= 0xd800 && code <= 0xdbff && index + 1 < line.length) {
      const next = line.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        size = 4;
        units = 2;
      }
    }
    if (octets + size > MAX_OCTETS) {
      parts.push(line.slice(start, index));
      start = index;
      octets = 1;
    }
    octets += size;
    index += units;
  }
  parts.push(line.slice(start));
  return parts.join(FOLD);
}

/** A TEXT value (RFC 5545 §3.3.11): backslash, line break, semicolon and comma escaped. */
const text = (value: string): string => value.replace(/\\/g, '\\\\').replace(/\r?\n/g, '\\n').replace(/;/g, '\\;').replace(/,/g, '\\,');
/** Any other value: only its line breaks escaped. */
const plain = (value: string): string => value.replace(/\r?\n/g, '\\n');

const line = (content: string): string => `${foldLine(content)}${CRLF}`;
/** A DATE value: YYYYMMDD. */
const date = (day: string): string => day.replaceAll('-', '');
const pad = (number: number): string => String(number).padStart(2, '0');
/** A DATE-TIME in UTC: YYYYMMDDTHHMMSSZ. */
const utcStamp = (at: Date): string =>
  `${at.getUTCFullYear()}${pad(at.getUTCMonth() + 1)}${pad(at.getUTCDate())}T${pad(at.getUTCHours())}${pad(at.getUTCMinutes())}${pad(at.getUTCSeconds())}Z`;

/** The calendar entries as one iCalendar document; `stamp` is the export's instant (DTSTAMP). */
export function renderIcs(events: readonly CalendarEvent[], calendarName: string, stamp: Date): string {
  const dtstamp = line(`DTSTAMP:${utcStamp(stamp)}`);
  const parts = [`BEGIN:VCALENDAR${CRLF}VERSION:2.0${CRLF}CALSCALE:GREGORIAN${CRLF}`, line('PRODID:k8s-study'), line('METHOD:PUBLISH')];
  if (calendarName) parts.push(line(`X-WR-CALNAME:${plain(calendarName)}`));
  parts.push(`X-PUBLISHED-TTL:PT1H${CRLF}`);
  for (const event of events) {
    parts.push(
      `BEGIN:VEVENT${CRLF}`,
      line(`UID:${plain(event.uid)}`),
      event.title ? line(`SUMMARY:${text(event.title)}`) : '',
      dtstamp,
      `DTSTART;VALUE=DATE:${date(event.day)}${CRLF}DTEND;VALUE=DATE:${date(dayAfter(event.day))}${CRLF}`,
      event.description ? line(`DESCRIPTION:${text(event.description)}`) : '',
      `STATUS:CONFIRMED${CRLF}`,
      line(`CATEGORIES:k8s-study,${plain(event.kind)}`),
      `TRANSP:TRANSPARENT${CRLF}END:VEVENT${CRLF}`,
    );
  }
  parts.push(`END:VCALENDAR${CRLF}`);
  return parts.join('');
}
