import { formatMinutes } from './duration.ts';
import { plural } from './text.ts';
import { shiftDay, studyDay, timeOfInstant, type Day } from './dates.ts';
import type { Plan } from './plan.ts';
import { detailOf } from './plan-outline.ts';
import { describeSession } from './progress.ts';
import type { PlanState } from './records.ts';
import { dueRule, reviewItemTitle } from './reviews.ts';
import { buildSchedule } from './schedule.ts';

/** One all-day calendar entry, before it is written as iCalendar. */
export interface CalendarEvent {
  /** Stable across exports, so a calendar app updates the entry instead of adding a second one. */
  uid: string;
  kind: 'session' | 'review' | 'lab';
  day: Day;
  title: string;
  description: string;
  done: boolean;
}

function uidOf(plan: Plan, ...parts: string[]): string {
  return ['k8s-study', plan.id, ...parts].join(':');
}

/**
 * The plan as calendar entries: each session on its scheduled date, each day with reviews (those
 * due then, and those made then), and the lab. Ordered by day, then sessions, reviews, lab.
 * `reviews` are the answers as the history gives them (their instants checked).
 */
export function buildCalendarEvents(plan: Plan, state: PlanState, reviews: readonly { at: string; item: string }[], today: Day, dayStartHour: number): CalendarEvent[] {
  const events: CalendarEvent[] = [];
  const schedule = buildSchedule(plan, state, today, dayStartHour);
  for (const day of schedule.days) {
    for (const scheduled of day.sessions) {
      const session = plan.sessions[scheduled.number - 1];
      if (!session) continue;
      const view = describeSession(detailOf(plan, session), state.sessions[session.id]);
      const lines = [`Day ${view.day} of ${plan.title}, ${formatMinutes(view.minutes)} planned.`];
      if (view.completedAt) lines.push(`Done ${view.completedAt.slice(0, 10)}${view.minutesSpent === null ? '' : ` in ${formatMinutes(view.minutesSpent)}`}.`);
      lines.push('', ...view.checklist.map((item) => `${item.done ? '[x]' : '[ ]'} ${item.text}`));
      if (view.keyPoints.length > 0) lines.push('', 'Key points:', ...view.keyPoints.map((point) => `- ${point.title}`));
      if (view.summary) lines.push('', 'My summary:', view.summary);
      lines.push('', `k8s-study show ${view.number}`);
      events.push({
        uid: uidOf(plan, 'session', view.id),
        kind: 'session',
        day: day.date,
        title: `${view.status === 'done' ? '✔ ' : ''}Study ${view.number}. ${view.title}`,
        description: lines.join('\n'),
        done: view.status === 'done',
      });
    }
  }

  const dueOn = new Map<Day, string[]>();
  const dueOf = dueRule(plan, state.meta.lab, today);
  const items = state.items;
  for (const id in items) {
    const described = reviewItemTitle(plan, id);
    if (!described) continue;
    const day = dueOf(items[id]!);
    const list = dueOn.get(day) ?? [];
    list.push(`${described.title} (${id})`);
    dueOn.set(day, list);
  }
  // Each day's answers, and the items they were on (an item answered twice is one item reviewed).
  const reviewedOn = new Map<Day, { answers: number; items: Set<string> }>();
  // Answers written within one minute with one offset fall on one study day (its start is a whole
  // hour, zones are whole minutes apart): the day is worked out once a minute, not once an answer.
  // A checked instant of 25 characters is 2026-12-01T09:30:00+01:00 or 2026-12-01T09:30:00.1234Z:
  // its minute, then what follows the seconds, say which minute of which offset.
  const dayOfMinute = new Map<string, Day>();
  for (const entry of reviews) {
    const minute = entry.at.length === 25 ? `${entry.at.slice(0, 16)}${entry.at.slice(19)}` : null;
    let day = minute === null ? undefined : dayOfMinute.get(minute);
    if (day === undefined) {
      const time = timeOfInstant(entry.at);
      if (Number.isNaN(time)) continue;
      day = studyDay(new Date(time), dayStartHour);
      if (minute !== null) dayOfMinute.set(minute, day);
    }
    const reviewed = reviewedOn.get(day);
    if (reviewed) {
      reviewed.answers += 1;
      reviewed.items.add(entry.item);
    } else reviewedOn.set(day, { answers: 1, items: new Set([entry.item]) });
  }
  for (const day of new Set([...dueOn.keys(), ...reviewedOn.keys()])) {
    const due = (dueOn.get(day) ?? []).sort();
    const answered = reviewedOn.get(day);
    const reviewed = answered ? plural(answered.items.size, 'item') : '';
    const lines: string[] = [];
    if (due.length > 0) lines.push(`Due for review (${plan.title}):`, ...due.map((item) => `- ${item}`), '', 'k8s-study review');
    if (answered) {
      const answers = answered.answers === answered.items.size ? '' : ` (${plural(answered.answers, 'answer')})`;
      lines.unshift(`Reviewed ${reviewed}${answers}.`, ...(due.length > 0 ? [''] : []));
    }
    events.push({
      uid: uidOf(plan, 'review', day),
      kind: 'review',
      day,
      title: due.length > 0 ? `Review ${plural(due.length, 'item')}: ${plan.title}` : `✔ Reviewed ${reviewed}: ${plan.title}`,
      description: lines.join('\n'),
      done: due.length === 0,
    });
  }

  if (state.meta.lab) {
    const lines = [plan.lab?.text ?? null, plan.review.beforeLabText, `Prepared with ${plan.title}.`].filter((line): line is string => line !== null);
    events.push({
      uid: uidOf(plan, 'lab'),
      kind: 'lab',
      day: state.meta.lab,
      title: `Lab: ${plan.lab?.title ?? plan.title}`,
      description: lines.join('\n\n'),
      done: false,
    });
  }
  const kindOrder = { session: 0, review: 1, lab: 2 };
  // Sessions are already in study order; the sort is stable. Days are YYYY-MM-DD: their code-unit
  // order is calendar order (a locale's comparison costs a microsecond each, for nothing).
  return events.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0) || kindOrder[a.kind] - kindOrder[b.kind]);
}

/** The day after, for an all-day entry's exclusive end. */
export function dayAfter(day: Day): Day {
  return shiftDay(day, 1);
}
