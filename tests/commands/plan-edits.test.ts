import { describe, expect, it } from 'vitest';
import { readStoreOnDisk, tempDir } from '../helpers.ts';
import { flat, json, ok, shippedPlanData, writePlan, type PlanData, type SessionJson } from './support.ts';

// Editing the plan never loses progress: a checklist tick belongs to its line's text, not its
// position; records under ids the plan no longer has are kept, listed by `status`, and come back
// when the ids do.


const S1 = 'shared-responsibility';
const S2 = 'architecture-cloud-native-gaps';

/** A store with a bit of everything on the shipped plan. */
async function studied(): Promise<string> {
  const configDir = tempDir();
  await ok(['check', '1', '1', '2'], { configDir });
  await ok(['done', '1', '--summary', 'AWS runs the control plane', '--minutes', '55'], { configDir });
  await ok(['done', '2', '--summary', 'gaps in cloud-native integration', '--minutes', '70'], { configDir });
  await ok(['check', '3', '2'], { configDir });
  await ok(['note', '4', '--summary', 'GuardDuty and Detective'], { configDir });
  await ok(['review', 'term:etcd', '--rating', 'good'], { configDir, now: '2026-12-02T09:00' });
  return configDir;
}

/** What `show --json` says was recorded for a session, ticks as the texts of the lines ticked. */
function recorded(view: SessionJson): unknown {
  return {
    status: view.status,
    completedAt: view.completedAt,
    minutesSpent: view.minutesSpent,
    summary: view.summary,
    ticked: view.checklist.filter((item) => item.done).map((item) => item.text).sort(),
  };
}

async function recordsOf(configDir: string, plan: PlanData, planFile?: string): Promise<Map<string, unknown>> {
  const records = new Map<string, unknown>();
  for (const session of plan.sessions) {
    const args = planFile ? ['--plan', planFile, 'show', session.id] : ['show', session.id];
    records.set(session.id, recorded(await json<SessionJson>(args, { configDir })));
  }
  return records;
}

function edited(change: (plan: PlanData) => void): { plan: PlanData; file: string } {
  const plan = shippedPlanData();
  change(plan);
  return { plan, file: writePlan(plan) };
}

const sessionOf = (plan: PlanData, id: string): PlanData['sessions'][number] => plan.sessions.find((session) => session.id === id)!;

describe('editing the plan', () => {
  it('reordering focus lines keeps each tick on its line', async () => {
    const configDir = await studied();
    const { file } = edited((plan) => sessionOf(plan, S1).focus.reverse());
    const shown = await json<SessionJson>(['--plan', file, 'show', '1'], { configDir });
    expect(shown.checklist.map((item) => [item.number, item.done])).toEqual([
      [1, false],
      [2, true],
      [3, true],
    ]);
    expect(recorded(shown)).toEqual(recorded(await json<SessionJson>(['show', '1'], { configDir })));
    expect((await json<{ orphans: string[] }>(['--plan', file, 'status'], { configDir })).orphans).toEqual([]);
    // Ticking under the reordered plan ticks the line shown under that number.
    await ok(['--plan', file, 'check', '1', '1'], { configDir });
    expect((await json<SessionJson>(['show', '1'], { configDir })).checklist.every((item) => item.done)).toBe(true);
  });

  it('rewording a line drops only that tick, and status lists it as kept', async () => {
    const configDir = await studied();
    const original = shippedPlanData();
    const reworded = sessionOf(original, S1).focus[1]!;
    const { file } = edited((plan) => {
      sessionOf(plan, S1).focus[1] = 'Note what the customer is responsible for.';
    });
    const shown = await json<SessionJson>(['--plan', file, 'show', '1'], { configDir });
    expect(shown.checklist.map((item) => item.done)).toEqual([true, false, false]);
    expect(shown).toMatchObject({ status: 'done', summary: 'AWS runs the control plane', minutesSpent: 55 });
    const status = await json<{ orphans: string[] }>(['--plan', file, 'status'], { configDir });
    expect(status.orphans).toEqual([`${S1}: tick "${reworded}"`]);
    expect(flat(await ok(['--plan', file, 'status'], { configDir }))).toContain(`Kept, no longer in the plan (1): ${S1}: tick "${reworded}"`);

    // A tick made under the edited plan keeps the one left behind; back on the original plan, it is there again.
    await ok(['--plan', file, 'check', '1', '3'], { configDir });
    expect((await json<SessionJson>(['show', '1'], { configDir })).checklist.map((item) => item.done)).toEqual([true, true, true]);
    expect((await json<{ orphans: string[] }>(['status'], { configDir })).orphans).toEqual([]);
  });

  it('removing a session keeps its record, lists it, and shows it again when the session comes back', async () => {
    const configDir = await studied();
    const before = readStoreOnDisk(configDir);
    const records = await recordsOf(configDir, shippedPlanData());
    const { plan, file } = edited((data) => {
      data.sessions = data.sessions.filter((session) => session.id !== S2);
    });
    const status = await json<{ orphans: string[]; progress: { done: number; total: number } }>(['--plan', file, 'status'], { configDir });
    expect(status.orphans).toEqual([S2, `session:${S2}`]);
    expect(status.progress).toMatchObject({ done: 1, total: 4 });
    expect(flat(await ok(['--plan', file, 'status'], { configDir }))).toContain(`Kept, no longer in the plan (2): ${S2}, session:${S2}`);
    expect(await recordsOf(configDir, plan, file)).toEqual(new Map([...records].filter(([id]) => id !== S2)));

    // Changes made under the edited plan leave the removed session's records as they were.
    await ok(['--plan', file, 'done', '3', '--no-summary'], { configDir });
    await ok(['--plan', file, 'note', '1', '--summary', 'rewritten under the edited plan'], { configDir });
    await ok(['--plan', file, 'review', 'keypoint:eks-architecture', '--rating', 'easy'], { configDir, now: '2026-12-02T09:00' });
    const after = readStoreOnDisk(configDir);
    expect(after.sessions[S2]).toEqual(before.sessions[S2]);
    for (const [id, item] of Object.entries(before.items)) {
      if (item.source === S2 && id !== 'keypoint:eks-architecture') expect(after.items[id], id).toEqual(item);
    }
    expect(after.items['keypoint:eks-architecture']?.card).not.toBeNull();

    // Back on the shipped plan, session 2 is as it was.
    expect(recorded(await json<SessionJson>(['show', '2'], { configDir }))).toEqual(records.get(S2));
    expect((await json<{ orphans: string[] }>(['status'], { configDir })).orphans).toEqual([]);
  });

  it('rewording every title and text, reversing the sessions and adding one at the front change no record', async () => {
    const configDir = await studied();
    const records = await recordsOf(configDir, shippedPlanData());
    const { plan, file } = edited((data) => {
      for (const session of data.sessions) session.title = `${session.title} (reworded)`;
      for (const point of data.keyPoints) point.text = `In other words: ${point.text}`;
      for (const term of data.terms) term.text = `That is: ${term.text}`;
      data.sessions.reverse();
      data.sessions.forEach((session, index) => (session.day = index + 1));
      data.sessions.unshift({ id: 'warm-up', title: 'Warm-up', day: 1, duration: '15m', focus: ['Read the intro'] });
    });
    const now = await recordsOf(configDir, plan, file);
    for (const [id, record] of records) expect(now.get(id), id).toEqual(record);
    expect(now.get('warm-up')).toEqual({ status: 'todo', completedAt: null, minutesSpent: null, summary: null, ticked: [] });
    expect((await json<{ orphans: string[] }>(['--plan', file, 'status'], { configDir })).orphans).toEqual([]);
    // Numbers follow the edited plan: session 1 is now the warm-up, the first session studied is last.
    expect(await json(['--plan', file, 'show', '1'], { configDir })).toMatchObject({ id: 'warm-up', number: 1 });
    expect(await json(['--plan', file, 'show', '6'], { configDir })).toMatchObject({ id: S1, number: 6, summary: 'AWS runs the control plane' });
    expect(await json(['--plan', file, 'next'], { configDir })).toMatchObject({ session: { id: 'warm-up' } });
  });

  it('renaming a finished session (a new id) keeps the old record aside, listed', async () => {
    const configDir = await studied();
    const { file } = edited((plan) => {
      sessionOf(plan, S1).id = 'shared-model';
    });
    expect((await json<{ orphans: string[] }>(['--plan', file, 'status'], { configDir })).orphans).toEqual([S1, `session:${S1}`]);
    expect(await json(['--plan', file, 'show', 'shared-model'], { configDir })).toMatchObject({ status: 'todo', summary: null });
    // Under the shipped plan again, nothing was lost.
    expect(await json(['show', S1], { configDir })).toMatchObject({ status: 'done', summary: 'AWS runs the control plane', minutesSpent: 55 });
  });
});
