import { copyFileSync, existsSync } from 'node:fs';
import type { JournalEvent } from '../core/events.ts';
import { dict, type Dict, type SessionRecord } from '../core/records.ts';
import { StudyError } from '../errors.ts';
import type { LegacyConversion } from './store-legacy.ts';
import { ITEMS_PER_SHARD, LAYOUT_BY_ID, newEventId, newMachineId, sessionShardOf, SESSIONS_PER_SHARD, shardCountFor, shardOf, STORE_FORMAT, type Root, type RootPlan, type Store } from './store.ts';

// Bringing a format 1 or 2 store up to format 3, through conf's migrations: conf keeps the store's
// format as `__internal__.migrations.version`, runs each migration newer than that, and calls
// beforeEachMigration first, where the old file is copied beside it (config.json.format-N.bak).
// The migration writes the journal (the review log, each review an event of its own, so identical
// reviews stay two) and the record files, then hands conf the new root, which conf writes in place
// of the old file: the commit point, as for every change. Conf (and the JSON Schema validator it
// loads) is needed only here, once per store.

/** Turns ticks by position into ticks by text, for the sessions of the plan in use. */
export type TickResolver = (sessionId: string, positions: readonly number[]) => string[] | null;

export async function migrateLegacyStore(
  store: Store,
  fromFormat: number,
  converted: LegacyConversion,
  assertHeld: () => void,
  resolveTicks?: { planId: string; resolve: TickResolver },
): Promise<void> {
  const backup = `${store.rootFile}.format-${fromFormat}.bak`;
  const { default: Conf } = await import('conf');
  let backedUp = false;
  try {
    new Conf<Record<string, unknown>>({
      cwd: store.directory,
      configName: 'config',
      configFileMode: 0o600,
      accessPropertiesByDotNotation: false,
      clearInvalidConfig: false,
      projectVersion: `${STORE_FORMAT}.0.0`,
      beforeEachMigration: () => {
        if (backedUp) return;
        // Never over an older backup: the first one is the store as it was before any migration.
        if (!existsSync(backup)) copyFileSync(store.rootFile, backup);
        backedUp = true;
      },
      migrations: {
        [`${STORE_FORMAT}.0.0`]: (conf) => {
          assertHeld();
          conf.store = buildFormat3(store, converted, resolveTicks) as unknown as Record<string, unknown>;
        },
      },
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const kept = backedUp ? ` The store before the attempt is kept in ${backup}.` : '';
    throw new StudyError(
      `store ${store.rootFile} could not be brought up to store format ${STORE_FORMAT} (${code ?? (error as Error).message}); it was left as it is.${kept}`,
    );
  }
}

/** Writes the journal and record files of the converted store; returns the root document that commits them. */
function buildFormat3(store: Store, converted: LegacyConversion, resolveTicks?: { planId: string; resolve: TickResolver }): Record<string, unknown> {
  const generation = 1;
  const at = new Date().toISOString();
  const events: JournalEvent[] = [...converted.events];
  const root: Root = { machine: '', generation, journal: { bytes: 0, events: 0 }, clock: null, plans: dict<RootPlan>() };
  for (const [planId, state] of Object.entries(converted.plans)) {
    events.push({ id: newEventId(), at, plan: planId, kind: 'migrate', what: `brought up to store format ${STORE_FORMAT}`, changes: [] });
    const sessions = dict<SessionRecord>();
    for (const [id, record] of Object.entries(state.sessions)) {
      const texts = record.legacyTicks && resolveTicks?.planId === planId ? resolveTicks.resolve(id, record.legacyTicks) : null;
      if (texts) {
        const { legacyTicks: _positions, ...rest } = record;
        sessions[id] = { ...rest, ticks: texts };
      } else {
        sessions[id] = record;
      }
    }
    // Spread by id: the next change made with the plan at hand spreads them by session (ItemLayout).
    const entry: RootPlan = { ...state.meta, sessionFiles: [], itemFiles: [], itemLayout: LAYOUT_BY_ID.fingerprint };
    entry.sessionFiles = writeSpread(store, planId, 'sessions', sessions, SESSIONS_PER_SHARD, generation, sessionShardOf);
    entry.itemFiles = writeSpread(store, planId, 'items', state.items, ITEMS_PER_SHARD, generation, (id, count) => shardOf(id, count));
    root.plans[planId] = entry;
  }
  for (const planId of Object.keys(root.plans)) store.syncPlanFolder(planId);
  // The journal starts afresh: a format 1 or 2 store has none, so any found is from an attempt cut short.
  const bytes = store.appendEvents({ ...root, journal: { bytes: 0, events: 0 } }, events);
  return {
    __internal__: { migrations: { version: `${STORE_FORMAT}.0.0` } },
    machine: newMachineId(),
    generation,
    journal: { bytes, events: events.length },
    clock: null,
    plans: Object.fromEntries(Object.entries(root.plans)),
  };
}

/** Writes records spread by id over a power of two of files of about `perShard` each; returns their names (none for no records). */
function writeSpread<T>(store: Store, planId: string, kind: string, records: Dict<T>, perShard: number, generation: number, shardOfId: (id: string, count: number) => number): string[] {
  const ids = Object.keys(records);
  if (ids.length === 0) return [];
  const count = shardCountFor(ids.length, perShard);
  const shards: Dict<T>[] = Array.from({ length: count }, () => dict<T>());
  for (const id of ids) shards[shardOfId(id, count)]![id] = records[id]!;
  const names = shards.map((_, index) => `${kind}-${index}-${generation}.json`);
  shards.forEach((shard, index) => store.writeRecordFile(planId, names[index]!, shard));
  return names;
}
