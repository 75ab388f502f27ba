import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import type { PlanProgress } from '../../src/core/progress.ts';
import { SHIPPED_PLAN, tempDir } from '../helpers.ts';
import { runInProcess, seedStore } from './support.ts';

// Editing the plan never loses progress: records under ids that still exist come through
// rewording, reordering, additions and removals unchanged; records under ids that left the plan
// stay in the store, are listed by `status` as kept, and come back when the ids do.

type PlanData = {
  sessions: { id: string; title: string; day: number; focus: string[]; keyPoints?: string[]; terms?: string[] }[];
  keyPoints: { id: string; title: string; text: string }[];
  terms: { id: string; term: string; text: string }[];
  [key: string]: unknown;
};

const SHIPPED = parseYaml(readFileSync(SHIPPED_PLAN, 'utf8')) as PlanData;
const PLAN_ID = 'k8s-security-fundamentals';

interface Edit {
  name: string;
  change(plan: PlanData): void;
  /** Ids that left the plan: what `status` must list as kept. */
  orphans: string[];
}

const EDITS: Edit[] = [
  {
    name: 'every title, checklist item and text reworded',
    change: (plan) => {
      for (const session of plan.sessions) {
        session.title = `${session.title} (reworded)`;
        session.focus = session.focus.map((item) => `${item} Reworded.`);
      }
      for (const point of plan.keyPoints) point.text = `In other words: ${point.text}`;
      for (const term of plan.terms) term.text = `That is: ${term.text}`;
    },
    orphans: [],
  },
  {
    name: 'sessions in reverse order, on other days',
    change: (plan) => {
      plan.sessions.reverse();
      plan.sessions.forEach((session, index) => (session.day = index + 1));
      plan.keyPoints.reverse();
      plan.terms.reverse();
    },
    orphans: [],
  },
  {
    name: 'a session, a key point and a term added at the front',
    change: (plan) => {
      plan.keyPoints.unshift({ id: 'new-point', title: 'New point', text: 'Something new.' });
      plan.terms.unshift({ id: 'new-term', term: 'new term', text: 'A new term.' });
      plan.sessions.unshift({ id: 'warm-up', title: 'Warm-up', day: 1, focus: ['Read the intro'], keyPoints: ['new-point'], terms: ['new-term'], duration: '15m' } as PlanData['sessions'][number]);
    },
    orphans: [],
  },
  {
    name: 'a finished session, a key point and a term removed',
    change: (plan) => {
      plan.sessions = plan.sessions.filter((session) => session.id !== 'architecture-cloud-native-gaps');
      plan.keyPoints = plan.keyPoints.filter((point) => point.id !== 'eks-architecture');
      plan.terms = plan.terms.filter((term) => term.id !== 'cloud-controller-manager');
      for (const session of plan.sessions) {
        session.keyPoints = session.keyPoints?.filter((id) => id !== 'eks-architecture');
        session.terms = session.terms?.filter((id) => id !== 'cloud-controller-manager');
      }
    },
    orphans: ['architecture-cloud-native-gaps', 'keypoint:eks-architecture', 'session:architecture-cloud-native-gaps', 'term:cloud-controller-manager'],
  },
  {
    name: 'a finished session renamed (a new id)',
    change: (plan) => {
      const session = plan.sessions.find((candidate) => candidate.id === 'shared-responsibility');
      if (session) session.id = 'shared-model';
    },
    orphans: ['shared-responsibility', 'session:shared-responsibility'],
  },
];

function storeOf(configDir: string): PlanProgress {
  return JSON.parse(readFileSync(join(configDir, 'config.json'), 'utf8')).plans[PLAN_ID] as PlanProgress;
}

async function json(args: string[], configDir: string): Promise<Record<string, unknown>> {
  const result = await runInProcess(['--json', ...args], { K8S_STUDY_CONFIG_DIR: configDir });
  expect(result.status, `${args.join(' ')}: ${result.stderr}`).toBe(0);
  return JSON.parse(result.stdout) as Record<string, unknown>;
}

/** What the user recorded for a session, as `show --json` reports it. */
function recordOf(view: Record<string, unknown>): unknown {
  const checklist = view.checklist as { number: number; done: boolean }[];
  return {
    completedAt: view.completedAt,
    minutesSpent: view.minutesSpent,
    summary: view.summary,
    ticked: checklist.filter((item) => item.done).map((item) => item.number),
  };
}

describe('plan edits keep every record', () => {
  it.each(EDITS.map((edit) => [edit.name, edit] as const))('%s', async (_name, edit) => {
    const configDir = tempDir();
    seedStore(configDir);
    // A review in the log too, so that it is kept as well.
    expect((await runInProcess(['review', 'term:etcd', '--rating', 'good'], { K8S_STUDY_CONFIG_DIR: configDir })).status).toBe(0);
    const before = storeOf(configDir);
    const views = new Map<string, unknown>();
    for (const session of SHIPPED.sessions) views.set(session.id, recordOf(await json(['show', session.id], configDir)));

    const edited = structuredClone(SHIPPED);
    edit.change(edited);
    const planFile = join(tempDir(), 'edited.yaml');
    writeFileSync(planFile, stringifyYaml(edited));

    // Every session still in the plan shows what was recorded for it.
    for (const session of edited.sessions) {
      const expected = views.get(session.id);
      if (expected) expect(recordOf(await json(['--plan', planFile, 'show', session.id], configDir)), session.id).toEqual(expected);
    }
    const status = await json(['--plan', planFile, 'status'], configDir);
    expect(status.orphans).toEqual(edit.orphans);
    const human = await runInProcess(['--plan', planFile, 'status'], { K8S_STUDY_CONFIG_DIR: configDir });
    if (edit.orphans.length > 0) expect(human.stdout).toContain(`Kept, no longer in the plan (${edit.orphans.length}): ${edit.orphans.join(', ')}`);

    // Writes made with the edited plan keep what it no longer names.
    const remaining = edited.sessions.find((session) => !views.get(session.id) || session.id === 'eks-security-architecture') ?? edited.sessions[0];
    expect((await runInProcess(['--plan', planFile, 'note', remaining?.id ?? '1', '--summary', 'written under the edited plan'], { K8S_STUDY_CONFIG_DIR: configDir })).status).toBe(0);
    expect((await runInProcess(['--plan', planFile, 'review', 'term:etcd', '--rating', 'easy'], { K8S_STUDY_CONFIG_DIR: configDir })).status).toBe(0);
    const after = storeOf(configDir);
    for (const [id, record] of Object.entries(before.sessions)) {
      if (id === remaining?.id) expect(after.sessions[id]).toEqual({ ...record, summary: 'written under the edited plan' });
      else expect(after.sessions[id], id).toEqual(record);
    }
    for (const [id, item] of Object.entries(before.reviewItems)) {
      if (id !== 'term:etcd') expect(after.reviewItems[id], id).toEqual(item);
    }
    expect(after.reviewLog.slice(0, before.reviewLog.length)).toEqual(before.reviewLog);

    // Back on the original plan, every session shows what it showed before (bar the new note).
    for (const session of SHIPPED.sessions) {
      if (session.id === remaining?.id) continue;
      expect(recordOf(await json(['show', session.id], configDir)), session.id).toEqual(views.get(session.id));
    }
    // Only a note written for a session the original plan lacks is kept aside now.
    const isNew = !SHIPPED.sessions.some((session) => session.id === remaining?.id);
    expect((await json(['status'], configDir)).orphans).toEqual(isNew ? [remaining?.id] : []);
  });
});
