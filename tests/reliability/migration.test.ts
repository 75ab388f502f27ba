import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PlanProgress } from '../../src/core/progress.ts';
import { StudyError } from '../../src/errors.ts';
import { CURRENT_FORMAT, readStore, STORE_FORMAT, updateStore, type StoreData, type StoreFormat } from '../../src/io/store.ts';
import { tempDir } from '../helpers.ts';
import { runInProcess, seedStore, STORE_FIXTURE, strayFiles } from './support.ts';

// Store formats. tests/fixtures/store-format-1.json was written by the format-1 build: every later
// build must read it. No format change is due yet, so the migration path (conf migrations, the
// copy of the old file taken first, the refusal of a newer format) runs with a format 2 defined
// here, as the next real one will be: one more entry in CURRENT_FORMAT.migrations.

const PLAN_ID = 'k8s-security-fundamentals';
const FIXTURE_TEXT = readFileSync(STORE_FIXTURE, 'utf8');

/** A format 2 as a real one would look: format 1's migrations plus a step that reshapes data. */
const FORMAT_2: StoreFormat = {
  version: 2,
  migrations: {
    ...CURRENT_FORMAT.migrations,
    '2.0.0': (data) => {
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

describe('the format-1 store', () => {
  it('is what this build writes, and it reads it in full', async () => {
    expect(STORE_FORMAT).toBe(1);
    expect(versionOf(FIXTURE_TEXT)).toBe('1.0.0');
    const configDir = tempDir();
    seedStore(configDir);
    const list = await runInProcess(['--json', 'list'], { K8S_STUDY_CONFIG_DIR: configDir });
    expect(JSON.parse(list.stdout).progress).toMatchObject({ done: 2, total: 5, minutesSpent: 125 });
    const show = await runInProcess(['--json', 'show', '2'], { K8S_STUDY_CONFIG_DIR: configDir });
    expect(JSON.parse(show.stdout)).toMatchObject({ status: 'done', summary: 'Control plane: API server, scheduler, controller manager, etcd.', minutesSpent: 70 });
    // A write in the same format migrates nothing and copies nothing.
    expect((await runInProcess(['check', '4', '1'], { K8S_STUDY_CONFIG_DIR: configDir })).status).toBe(0);
    expect(strayFiles(configDir)).toEqual([]);
    const after = JSON.parse(readFileSync(join(configDir, 'config.json'), 'utf8')) as StoreData;
    const original = JSON.parse(FIXTURE_TEXT) as StoreData;
    expect(after.__internal__).toEqual(original.__internal__);
    for (const [id, record] of Object.entries(original.plans[PLAN_ID]?.sessions ?? {})) expect(after.plans[PLAN_ID]?.sessions[id], id).toEqual(record);
    expect(after.plans[PLAN_ID]?.reviewItems).toEqual(original.plans[PLAN_ID]?.reviewItems);
  });
});

describe('a format migration', () => {
  it('copies the old file beside the store first, migrates once, and writes the new format', async () => {
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
    }, FORMAT_2);
    expect(seen).toEqual(['shared-responsibility', 'architecture-cloud-native-gaps', 'eks-security-architecture']);
    expect(readFileSync(`${file}.format-1.bak`, 'utf8')).toBe(FIXTURE_TEXT);
    const migrated = readFileSync(file, 'utf8');
    expect(versionOf(migrated)).toBe('2.0.0');
    expect((JSON.parse(migrated) as StoreData).plans[PLAN_ID]).toMatchObject({ labDate: '2026-12-20', sessions: (JSON.parse(FIXTURE_TEXT) as StoreData).plans[PLAN_ID]?.sessions });
    expect(statSync(file).mode & 0o777).toBe(0o600);

    // The next write in format 2 migrates nothing more and leaves the copy alone.
    writeFileSync(`${file}.format-1.bak`, 'the copy, marked');
    await updateStore(configDir, () => undefined, FORMAT_2);
    expect(readFileSync(`${file}.format-1.bak`, 'utf8')).toBe('the copy, marked');

    // The format-1 build refuses the migrated store, and leaves it as it is.
    expect(() => readStore(configDir)).toThrow(/written by a newer k8s-study \(store format 2; this one reads up to 1\)/);
    await expect(updateStore(configDir, () => undefined)).rejects.toThrow(StudyError);
    const refused = await runInProcess(['next'], { K8S_STUDY_CONFIG_DIR: configDir });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/Upgrade k8s-study to use it/);
    expect(versionOf(readFileSync(file, 'utf8'))).toBe('2.0.0');
  });

  it('reads an older store in memory without writing it', () => {
    const configDir = tempDir();
    seedStore(configDir);
    const data = readStore(configDir, FORMAT_2);
    expect((data.plans[PLAN_ID] as { labDate?: unknown }).labDate).toBeNull();
    expect(readFileSync(join(configDir, 'config.json'), 'utf8')).toBe(FIXTURE_TEXT);
    expect(strayFiles(configDir)).toEqual([]);
  });

  it('over several steps keeps the copy of the original, not of a half-migrated store', async () => {
    // A store from before formats were recorded (format 0) goes through 1.0.0 and 2.0.0.
    const configDir = tempDir();
    seedStore(configDir);
    const file = join(configDir, 'config.json');
    const original = JSON.parse(FIXTURE_TEXT) as StoreData;
    delete original.__internal__;
    const text = JSON.stringify(original, null, '\t');
    writeFileSync(file, text);
    await updateStore(configDir, () => undefined, FORMAT_2);
    expect(readFileSync(`${file}.format-0.bak`, 'utf8')).toBe(text);
    expect(versionOf(readFileSync(file, 'utf8'))).toBe('2.0.0');
    expect(strayFiles(configDir)).toEqual(['config.json.format-0.bak']);
  });

  it('that fails leaves the data as it was, says where the copy is, and changes nothing else', async () => {
    const configDir = tempDir();
    seedStore(configDir);
    const file = join(configDir, 'config.json');
    const broken: StoreFormat = {
      version: 2,
      migrations: {
        ...CURRENT_FORMAT.migrations,
        '2.0.0': () => {
          throw new Error('cannot reshape this');
        },
      },
    };
    let changed = false;
    await expect(updateStore(configDir, () => (changed = true), broken)).rejects.toThrow(
      new RegExp(`store ${file} could not be brought up to store format 2 \\(.*cannot reshape this\\); it was left as it is\\. The store before the attempt is kept in ${file}\\.format-1\\.bak\\.`),
    );
    expect(changed).toBe(false);
    expect(readFileSync(`${file}.format-1.bak`, 'utf8')).toBe(FIXTURE_TEXT);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(JSON.parse(FIXTURE_TEXT));
    expect(strayFiles(configDir)).toEqual(['config.json.format-1.bak']);
  });
});
