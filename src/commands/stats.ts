import { isReview, type JournalEvent, type ReviewEvent } from '../core/events.ts';
import type { Dict, SessionRecord } from '../core/records.ts';
import { dueDays } from '../core/overview.ts';
import { buildStats } from '../core/stats.ts';
import type { Context } from '../context.ts';
import { DEFAULT_STATS_WEEKS } from '../options.ts';
import { renderStats, type StatsResult } from '../ui/stats.ts';
import { present } from './shared.ts';
import { readStoredPlans } from './every-plan.ts';

export interface StatsOptions {
  /** Every plan of the store, not only the current one. */
  all?: boolean;
  /** How many weeks the heatmap and the recall cover (parsed by the option's parser). */
  weeks?: number;
}

/** What `stats` shows: study days, the review forecast and recall per week, of the current plan or of all. */
export async function computeStats(context: Context, options: StatsOptions): Promise<StatsResult> {
  const today = context.today();
  const plans = options.all ? await readStoredPlans(context) : null;
  const chosen = plans ?? [{ id: context.plan().id, title: context.plan().title, plan: context.plan(), state: context.readState() }];
  const weeks = options.weeks ?? DEFAULT_STATS_WEEKS;
  const report = buildStats({
    sessions: chosen.flatMap((entry) => withClockedAt(entry.state.sessions, () => context.store.readHistory(entry.id))),
    reviews: chosen.flatMap((entry) => context.store.readHistory(entry.id, { reviewsOnly: true }).filter((event): event is ReviewEvent => isReview(event))),
    dueDays: chosen.flatMap((entry) => dueDays(entry.plan, entry.state, today)),
    today,
    dayStartHour: context.dayStartHour,
    weeks,
  });
  return { plans: chosen.map((entry) => ({ id: entry.id, title: entry.title })), weeks, ...report };
}

/**
 * The session records, each with clocked minutes not yet counted into a finished session given the
 * instant they were last clocked: a later tick or note changes the record, not the day its time was
 * studied. That instant is the changed record's own (`changedAt` of the change that last moved its
 * clocked minutes, as the journal keeps it), which sync and import carry as they are, so every
 * machine dates the minutes alike.
 */
function withClockedAt(sessions: Dict<SessionRecord>, history: () => JournalEvent[]): (SessionRecord & { clockedAt?: string })[] {
  const clocking = Object.entries(sessions).filter(([, record]) => record.clockedMinutes > 0 && !record.completedAt);
  if (clocking.length === 0) return Object.values(sessions);
  const clockedAt = new Map<string, string>();
  for (const event of history()) {
    // A merge or an import restates whole records, dated by their last change of any kind; the
    // changes they carry from elsewhere are in the journal by themselves.
    if (event.kind === 'review' || event.kind === 'merge' || event.kind === 'import') continue;
    for (const change of event.changes) {
      if (!change.key.startsWith('session:')) continue;
      const [before, after] = [change.before as SessionRecord | null, change.after as SessionRecord | null];
      if (after && (before?.clockedMinutes ?? 0) !== after.clockedMinutes) clockedAt.set(change.key.slice('session:'.length), after.changedAt);
    }
  }
  return Object.entries(sessions).map(([id, record]) => (clockedAt.has(id) && record.clockedMinutes > 0 && !record.completedAt ? { ...record, clockedAt: clockedAt.get(id)! } : record));
}

/** `stats [--all] [--weeks N]`: a heatmap of study days, the review forecast, recall per week. */
export async function runStats(context: Context, options: StatsOptions): Promise<void> {
  present(context, await computeStats(context, options), (result) => result, renderStats);
}
