// Builds the benchmark's large plans and stores through k8s-study's own code: the plan is checked
// by the product's loader, sessions are finished with the core function `done` uses, reviews are
// recorded with the one `review` uses (FSRS), and the store is written by the product's store
// module (conf, under its lock). scripts/bench.mjs bundles this file with esbuild and calls it; it
// is not part of the product.
import { shiftDay, studyDay, toInstant } from '../src/core/dates.ts';
import { applyReview } from '../src/core/fsrs.ts';
import { completeSession, setTicks, type Rating } from '../src/core/progress.ts';
import { loadPlanFile } from '../src/io/plan-file.ts';
import { Store } from '../src/io/store.ts';
import { itemOwnersOf, outlineOf } from '../src/core/plan-outline.ts';

/** How long a file must be left alone before a read stamps it as checked (the bench waits that long). */
export { SETTLED_MS } from '../src/io/record-stamps.ts';

/** The size of a generated plan. */
export interface FixtureShape {
  sessions: number;
  days: number;
  /** Checklist items per session. */
  focusItems: number;
  /** Key points each session lists (each its own, so each finished session adds this many items). */
  keyPointsPerSession: number;
  termsPerSession: number;
  /** Terms no session lists: they become review items when the first session is done. */
  unlistedTerms: number;
  /** Short texts, so that 10,000 sessions stay under the 5 MiB limit for plan files. */
  compact?: boolean;
}

export interface FixtureSummary {
  sessions: number;
  reviewItems: number;
  reviewLog: number;
}

const pad = (value: number): string => String(value).padStart(6, '0');

/** A plan in the shipped format with the given shape: ids, titles and texts are made up but plausible. */
export function generatePlanYaml(shape: FixtureShape): string {
  const perDay = Math.ceil(shape.sessions / shape.days);
  const lines = [
    'version: 1',
    `id: bench-${shape.sessions}`,
    `title: Generated plan of ${shape.sessions} sessions`,
    'goal: Measure how k8s-study behaves with a large plan and a long study history.',
    'lab:',
    '  title: Deploy a cluster with everything reviewed',
    'review:',
    '  firstAfter: 1d',
    '  beforeLab: true',
    'sessions:',
  ];
  const focusText = shape.compact ? 'read it and take notes.' : 'read the material and note what the customer is responsible for.';
  for (let index = 0; index < shape.sessions; index += 1) {
    const id = pad(index + 1);
    lines.push(
      `  - id: s-${id}`,
      `    title: Session ${index + 1}${shape.compact ? '' : ' on pod security, network policies and IAM roles'}`,
      `    day: ${Math.floor(index / perDay) + 1}`,
      `    duration: ${index % 3 === 0 ? '1h30m' : '45m'}`,
      '    focus:',
    );
    for (let item = 1; item <= shape.focusItems; item += 1) {
      lines.push(`      - Step ${item}, ${focusText}`);
    }
    const keyPoints = Array.from({ length: shape.keyPointsPerSession }, (_, n) => `k-${id}-${n + 1}`);
    const terms = Array.from({ length: shape.termsPerSession }, (_, n) => `t-${id}-${n + 1}`);
    if (keyPoints.length > 0) lines.push(`    keyPoints: [${keyPoints.join(', ')}]`);
    if (terms.length > 0) lines.push(`    terms: [${terms.join(', ')}]`);
  }
  lines.push('keyPoints:');
  for (let index = 0; index < shape.sessions; index += 1) {
    for (let n = 1; n <= shape.keyPointsPerSession; n += 1) {
      lines.push(`  - {id: k-${pad(index + 1)}-${n}, title: Key point ${n} of session ${index + 1}, text: ${shape.compact ? 'Remember it.' : 'What to remember about it in a sentence or two.'}}`);
    }
  }
  lines.push('terms:');
  for (let index = 0; index < shape.sessions; index += 1) {
    for (let n = 1; n <= shape.termsPerSession; n += 1) {
      lines.push(`  - {id: t-${pad(index + 1)}-${n}, term: term-${index + 1}-${n}, text: ${shape.compact ? 'A component.' : 'A component of the cluster and what it does.'}}`);
    }
  }
  for (let n = 1; n <= shape.unlistedTerms; n += 1) {
    lines.push(`  - {id: u-${pad(n)}, term: extra-${n}, text: A term no session lists.}`);
  }
  return `${lines.join('\n')}\n`;
}

/** A small deterministic generator, so every bench run builds the same fixtures. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** What is recorded in a generated store: sessions finished and reviews logged. */
export interface ProgressShape {
  /** How many sessions, in study order, are done. */
  doneSessions: number;
  /** Reviews logged in all, spread over the review items. */
  reviews: number;
  /** Every item reviewed, the last time now: nothing is due (what `review` with nothing to ask meets). */
  upToDate?: boolean;
}

/**
 * Writes a store in `storeDirectory` holding progress on the plan in `planFile` as of `now`: the
 * first `doneSessions` sessions finished one plan day apart (through the product's completeSession,
 * as `done` does), then `reviews` reviews spread over the review items (through applyReview, as
 * `review` does: FSRS, day-level), and a lab date a month ahead. No schedule start is stored, as
 * for someone who never ran `schedule --start`. The plan is loaded and validated by the product's
 * own plan loader.
 */
export async function recordProgress(planFile: string, storeDirectory: string, shape: ProgressShape, now: Date): Promise<FixtureSummary> {
  const plan = loadPlanFile(planFile);
  const dayStartHour = 4;
  const today = studyDay(now, dayStartHour);
  const lastPlanDay = plan.sessions[Math.max(0, shape.doneSessions - 1)]?.day ?? 1;
  // The last finished plan day was three weeks ago.
  const firstDay = shiftDay(today, -(lastPlanDay + 20));
  const random = seededRandom(plan.sessions.length);

  const store = new Store(storeDirectory);
  return store.update(plan.id, { title: plan.title, file: planFile, at: toInstant(now), layout: itemOwnersOf(outlineOf(plan)) }, (tx) => {
    tx.describe('import', 'bench fixture');
    for (const session of plan.sessions.slice(0, shape.doneSessions)) {
      const completedAt = new Date(`${shiftDay(firstDay, session.day - 1)}T18:30:00`);
      completeSession(outlineOf(plan), tx, session, {
        completedAt,
        at: toInstant(completedAt),
        minutesSpent: session.minutes + Math.round((random() - 0.5) * 20),
        summary: `In my own words: session ${session.number} is about who secures what.`,
        dayStartHour,
      });
      setTicks(tx, session, session.focus.map((_, index) => index + 1), true, toInstant(completedAt));
    }
    const items = Object.entries(tx.allItems());
    let logged = 0;
    items.forEach(([id, created], position) => {
      let item = created;
      const spread = Math.floor((shape.reviews * (position + 1)) / items.length) - Math.floor((shape.reviews * position) / items.length);
      const count = shape.upToDate ? Math.max(1, spread) : spread;
      const start = new Date(`${item.due}T19:00:00`).getTime();
      const span = now.getTime() - start;
      for (let review = 0; review < count; review += 1) {
        // Reviews spread evenly from the first due day to now (up to date: the last one now); mostly
        // good, some lapses.
        const at = shape.upToDate && review === count - 1 ? now : new Date(start + Math.floor((span * review) / count));
        const roll = random();
        const rating: Rating = roll < 0.1 ? 'again' : roll < 0.25 ? 'hard' : roll < 0.9 ? 'good' : 'easy';
        const before = item.due;
        item = applyReview(item, { rating, now: at, at: toInstant(at), dayStartHour, retention: plan.review.retention });
        tx.addReview({ at: toInstant(at), item: id, rating, dueBefore: before });
        logged += 1;
      }
      tx.setItem(id, item);
    });
    tx.setMeta({ ...tx.meta, lab: shiftDay(today, 30) });
    return { sessions: plan.sessions.length, reviewItems: items.length, reviewLog: logged };
  });
}

