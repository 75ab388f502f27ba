import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PlanProgress } from '../../src/core/progress.ts';
import { StudyError } from '../../src/errors.ts';
import { CURRENT_FORMAT, readStore, STORE_FORMAT, updateStore, type StoreData, type StoreFormat } from '../../src/io/store.ts';
import { tempDir } from '../helpers.ts';
import { runInProcess, seedStore, STORE_FIXTURE, strayFiles } from './support.ts';

// Store formats. tests/fixtures/store-format-1.json was written by the format-1 build; format 2 added
// a read index before the plans. Every later build must read and upgrade the fixture, keeping a copy
// of it first. The rest of the migration path (several steps, a failing step, refusing a newer
// format) runs with a next format defined here, as the next real one will be: one more entry in
// CURRENT_FORMAT.migrations.

const PLAN_ID = 'k8s-security-fundamentals';
const FIXTURE_TEXT = readFileSync(STORE_FIXTURE, 'utf8');
const FIXTURE = JSON.parse(FIXTURE_TEXT) as StoreData;
const NEXT = STORE_FORMAT + 1;

/** The next format as a real one would look: this build's migrations plus a step that reshapes data. */
const NEXT_FORMAT: StoreFormat = {
  version: NEXT,
  migrations: {
    ...CURRENT_FORMAT.migrations,
    [`${NEXT}.0.0`]: (data) => {
      for (const progress of Object.values(data.plans)) {
        const record = progress as Partial<PlanProgress> & { labDate?: unknown };
        record.labDate = record.lab ?? null;
        delete record.lab;
      }
    },
  },
};

function versionOf(text: string): string | undefined {
  return (JSON.parse(text) as StoreData).__internal__?.migrations?.version;
}

describe('the format-1 store (tests/fixtures/store-format-1.json)', () => {
  it('is read in full as it is', async () => {
    expect(versionOf(FIXTURE_TEXT)).toBe('1.0.0');
    const configDir = tempDir();
    seedStore(configDir);
    const list = await runInProcess(['--json', 'list'], { K8S_STUDY_CONFIG_DIR: configDir });
    expect(JSON.parse(list.stdout).progress).toMatchObject({ done: 2, total: 5, minutesSpent: 125 });
    const show = await runInProcess(['--json', 'show', '2'], { K8S_STUDY_CONFIG_DIR: configDir });
    expect(JSON.parse(show.stdout)).toMatchObject({ status: 'done', summary: 'Control plane: API server, scheduler, controller manager, etcd.', minutesSpent: 70 });
    const due = await runInProcess(['--json', 'due'], { K8S_STUDY_CONFIG_DIR: configDir });
    expect(JSON.parse(due.stdout).due).toHaveLength(11);
    // Reading changes nothing on disk.
    expect(readFileSync(join(configDir, 'config.json'), 'utf8')).toBe(FIXTURE_TEXT);
  });

  it(`is upgraded to format ${STORE_FORMAT} by the first change, after a copy of it is kept`, async () => {
    const configDir = tempDir();
    seedStore(configDir);
    const file = join(configDir, 'config.json');
    expect((await runInProcess(['check', '4', '1'], { K8S_STUDY_CONFIG_DIR: configDir })).status).toBe(0);
    expect(readFileSync(`${file}.format-1.bak`, 'utf8')).toBe(FIXTURE_TEXT);
    const upgraded = readFileSync(file, 'utf8');
    expect(versionOf(upgraded)).toBe(`${STORE_FORMAT}.0.0`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    // Every record came through, with the one change made.
    const before = FIXTURE.plans[PLAN_ID] as PlanProgress;
    const after = (JSON.parse(upgraded) as StoreData).plans[PLAN_ID] as PlanProgress;
    for (const [id, record] of Object.entries(before.sessions)) expect(after.sessions[id], id).toEqual(record);
    expect(after.sessions['additional-security-components']).toEqual({ checked: [1] });
    expect(after.reviewItems).toEqual(before.reviewItems);
    expect(after.reviewLog).toEqual(before.reviewLog);
    // The next change upgrades nothing and leaves the copy alone.
    writeFileSync(`${file}.format-1.bak`, 'the copy, marked');
    expect((await runInProcess(['note', '4', '--summary', 'later'], { K8S_STUDY_CONFIG_DIR: configDir })).status).toBe(0);
    expect(readFileSync(`${file}.format-1.bak`, 'utf8')).toBe('the copy, marked');
    expect(strayFiles(configDir)).toEqual([]);
  });
});

describe('the migration path, with a next format', () => {
  it('migrates once and writes the new format; this build then refuses it, untouched', async () => {
    const configDir = tempDir();
    seedStore(configDir);
    const file = join(configDir, 'config.json');
    const seen = await updateStore(configDir, (data) => {
      const progress = data.plans[PLAN_ID] as PlanProgress & { labDate?: unknown };
      // The change runs on the migrated data.
      expect(progress.labDate).toBeNull();
      expect('lab' in progress).toBe(false);
      progress.labDate = '2026-12-20';
      return Object.keys(progress.sessions);
    }, { format: NEXT_FORMAT });
    expect(seen).toEqual(['shared-responsibility', 'architecture-cloud-native-gaps', 'eks-security-architecture']);
    expect(readFileSync(`${file}.format-1.bak`, 'utf8')).toBe(FIXTURE_TEXT);
    const migrated = readFileSync(file, 'utf8');
    expect(versionOf(migrated)).toBe(`${NEXT}.0.0`);
    expect((JSON.parse(migrated) as StoreData).plans[PLAN_ID]).toMatchObject({ labDate: '2026-12-20', sessions: FIXTURE.plans[PLAN_ID]?.sessions });

    expect(() => readStore(configDir)).toThrow(new RegExp(`written by a newer k8s-study \\(store format ${NEXT}; this one reads up to ${STORE_FORMAT}\\)`));
    await expect(updateStore(configDir, () => undefined)).rejects.toThrow(StudyError);
    const refused = await runInProcess(['next'], { K8S_STUDY_CONFIG_DIR: configDir });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/Upgrade k8s-study to use it/);
    expect(readFileSync(file, 'utf8')).toBe(migrated);
  });

  it('reads an older store in memory without writing it', () => {
    const configDir = tempDir();
    seedStore(configDir);
    const data = readStore(configDir, NEXT_FORMAT);
    expect((data.plans[PLAN_ID] as { labDate?: unknown }).labDate).toBeNull();
    expect(readFileSync(join(configDir, 'config.json'), 'utf8')).toBe(FIXTURE_TEXT);
  });

  it('over several steps keeps the copy of the original, not of a half-migrated store', async () => {
    // A store from before formats were recorded (format 0) goes through every step.
    const configDir = tempDir();
    seedStore(configDir);
    const file = join(configDir, 'config.json');
    const original = structuredClone(FIXTURE);
    delete original.__internal__;
    const text = JSON.stringify(original, null, '\t');
    writeFileSync(file, text);
    await updateStore(configDir, () => undefined, { format: NEXT_FORMAT });
    expect(readFileSync(`${file}.format-0.bak`, 'utf8')).toBe(text);
    expect(versionOf(readFileSync(file, 'utf8'))).toBe(`${NEXT}.0.0`);
  });

  it('that fails leaves the data as it was, says where the copy is, and runs no change', async () => {
    const configDir = tempDir();
    seedStore(configDir);
    const file = join(configDir, 'config.json');
    const broken: StoreFormat = {
      version: NEXT,
      migrations: {
        ...CURRENT_FORMAT.migrations,
        [`${NEXT}.0.0`]: () => {
          throw new Error('cannot reshape this');
        },
      },
    };
    let changed = false;
    await expect(updateStore(configDir, () => (changed = true), { format: broken })).rejects.toThrow(
      new RegExp(`store ${file} could not be brought up to store format ${NEXT} \\(.*cannot reshape this\\); it was left as it is\\. The store before the attempt is kept in ${file}\\.format-1\\.bak\\.`),
    );
    expect(changed).toBe(false);
    expect(readFileSync(`${file}.format-1.bak`, 'utf8')).toBe(FIXTURE_TEXT);
    expect((JSON.parse(readFileSync(file, 'utf8')) as StoreData).plans).toEqual(FIXTURE.plans);
  });
});
