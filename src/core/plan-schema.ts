import * as z from 'zod/mini';

// The one definition of the plan format (version 1). It validates plan files and generates the
// JSON Schema shipped in data/plan.schema.json, so the two can never disagree.

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** The last plan day a session may have: ten years of study, so every date the plan makes stays in range. */
export const MAX_PLAN_DAY = 3650;
/** The longest session: 100 hours. */
export const MAX_SESSION_MINUTES = 6000;
const DURATION = /^(?=.*\d)\s*(?:\d+(?:\.\d+)?\s*h)?\s*(?:\d+\s*m(?:in)?)?\s*$/;

const slug = z.string().check(z.regex(SLUG, { error: 'must be a lowercase slug such as "shared-responsibility"' }));
const text = z.string().check(z.trim(), z.minLength(1, { error: 'must not be empty' }));
const duration = z.union([
  z.string().check(z.regex(DURATION, { error: 'must be a duration such as 1h, 90m, 1.5h or 1h30m' })),
  z.int().check(z.positive({ error: 'must be a positive number of minutes' }), z.lte(MAX_SESSION_MINUTES, { error: 'must be at most 6000 minutes (100 hours)' })),
]);

export const sessionSchema = z.strictObject({
  id: slug,
  title: text,
  day: z.int().check(z.positive({ error: 'must be a positive whole number' }), z.lte(MAX_PLAN_DAY, { error: `must be at most ${MAX_PLAN_DAY} (ten years of study days)` })),
  duration,
  focus: z.array(text),
  keyPoints: z.optional(z.array(slug)),
  terms: z.optional(z.array(slug)),
});

export const keyPointSchema = z.strictObject({ id: slug, title: text, text });
export const termSchema = z.strictObject({ id: slug, term: text, text });
export const topicSchema = z.strictObject({ title: text, text });

export const reviewSchema = z.strictObject({
  firstAfter: z.optional(z.string().check(z.regex(/^\s*\d{1,4}\s*d\s*$/, { error: 'must be a day count such as 1d or 2d' }))),
  summary: z.optional(text),
  notesAfter: z.optional(text),
  beforeLabText: z.optional(text),
  beforeLab: z.optional(z.boolean()),
  retention: z.optional(z.number({ error: 'must be a number from 0.7 to 0.99 (the share you mean to recall, e.g. 0.9)' }).check(z.gte(0.7, { error: 'must be a number from 0.7 to 0.99 (the share you mean to recall, e.g. 0.9)' }), z.lte(0.99, { error: 'must be a number from 0.7 to 0.99 (the share you mean to recall, e.g. 0.9)' }))),
});

export const planSchema = z.strictObject({
  version: z.literal(1, { error: 'must be 1 (the only plan format version)' }),
  id: slug,
  title: text,
  goal: z.optional(text),
  scheduleNote: z.optional(text),
  lab: z.optional(z.strictObject({ title: text, text: z.optional(text) })),
  review: z.optional(reviewSchema),
  sessions: z.array(sessionSchema).check(z.minLength(1, { error: 'must list at least one session' })),
  keyPoints: z.optional(z.array(keyPointSchema)),
  terms: z.optional(z.array(termSchema)),
  topics: z.optional(z.array(topicSchema)),
});

/** The plan file as written (after schema validation, before cross-checks). */
export type PlanFile = z.infer<typeof planSchema>;

/** The JSON Schema of the plan format, for editors (`# yaml-language-server: $schema=...`). */
export function planJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(planSchema, { io: 'input' }),
    $id: 'https://k8s-study.invalid/plan.schema.json',
    title: 'k8s-study plan (format version 1)',
  };
}
