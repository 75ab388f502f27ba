import { join, resolve } from 'node:path';
import { toInstant } from '../core/dates.ts';
import { isReview, type JournalEvent } from '../core/events.ts';
import { DEFAULT_RETENTION, itemOwnersOf, outlineOf } from '../core/plan-outline.ts';
import type { Plan } from '../core/plan.ts';
import { isRecord } from '../core/records.ts';
import {
  asForeign,
  baselineChanges,
  foreignEventProblem,
  isMachineId,
  ownEvents,
  replayStreams,
  streamsOf,
  SYNC_FORMAT,
} from '../core/sync-merge.ts';
import { plural, sanitizeLine } from '../core/text.ts';
import type { Context } from '../context.ts';
import { StudyError, UsageError } from '../errors.ts';
import { makeFolders } from '../io/files.ts';
import { GitMissing } from '../io/git.ts';
import { acquireLock, LockError } from '../io/lock.ts';
import { newEventId } from '../io/random.ts';
import { EVENTS_FILE, machineLabel, MACHINES_FOLDER, MARKER_FILE, META_FILE, SyncRepository } from '../io/sync-repo.ts';
import { renderSync, type SyncReceived, type SyncResult } from '../ui/sync.ts';
import { present } from './shared.ts';
import { planAt } from './every-plan.ts';

// `sync`: keeps this store in step with the other machines through a git remote. See docs/sync.md.
//
//   1. the remote is asked what it holds (nothing is changed when it cannot be reached, holds a
//      newer format, is not a k8s-study sync repository, or already holds this machine's id with
//      changes this store never made: a copied store folder);
//   2. its branch is merged into the sync folder (each machine writes only its own folder there);
//   3. the events made here since the last sync are added to this machine's file and committed;
//   4. the other machines' events this store lacks are merged into its records (one commit of the
//      store per plan, under the store's lock);
//   5. the branch is pushed; when another machine pushed in between, all again from 1.
// A run stopped anywhere leaves the store consistent and the folder repaired by the next run, which
// finishes the job.

export interface SyncOptions {
  remote?: string;
  newMachineId?: boolean;
}

/** How many times a sync starts again when other machines keep pushing before it can. */
const ATTEMPTS = 8;

/** What this machine says about itself in its folder of the sync repository. */
interface MachineMeta {
  format: number;
  machine: string;
  label: string;
  plans: Record<string, { title: string }>;
}

const MARKER_TEXT = `${JSON.stringify({ format: SYNC_FORMAT, about: 'k8s-study sync repository: each machine writes only machines/<its id>/' }, null, 2)}\n`;

const pause = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

/** A remote as git takes it: a URL or host:path as typed, a path made absolute (git runs in another folder). */
function remoteLocation(typed: string): string {
  const url = typed.trim();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) return url;
  const colon = url.indexOf(':');
  const slash = url.indexOf('/');
  if (colon > 0 && (slash < 0 || colon < slash)) return url;
  return resolve(url);
}

/** Parses a machine's events file: every line an event it made, each checked like any other input. */
function parseEvents(text: string, where: string, suggest: Context['suggest']): JournalEvent[] {
  const events: JournalEvent[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    let event: unknown;
    try {
      event = JSON.parse(line);
    } catch {
      throw refusal(`${where} line ${index + 1} is not JSON`, suggest);
    }
    const problem = foreignEventProblem(event);
    if (problem) throw refusal(`${where} line ${index + 1} has an event k8s-study cannot use (${problem})`, suggest);
    events.push(event as JournalEvent);
  });
  return events;
}

function refusal(problem: string, suggest: Context['suggest']): StudyError {
  return new StudyError(`sync stopped: ${sanitizeLine(problem)}; nothing from it was merged. Run ${suggest('sync')} again once the machine that wrote it has synced with a mended k8s-study.`);
}

/** The format a machine's meta.json (or the marker) gives, or null when it is not a document of ours. */
function formatOf(text: string | null): number | null {
  if (text === null) return null;
  try {
    const data = JSON.parse(text) as unknown;
    return isRecord(data) && Number.isSafeInteger(data.format) ? (data.format as number) : null;
  } catch {
    return null;
  }
}

export async function runSync(context: Context, options: SyncOptions): Promise<void> {
  const { store } = context;
  const remedy = `Move it aside and set it up again with ${context.suggest('sync --remote URL')}: your progress is kept in the store, not in that folder`;
  const repo = new SyncRepository(store.directory, context.env, remedy);
  try {
    await repo.version();
  } catch (error) {
    if (!(error instanceof GitMissing)) throw error;
    throw new StudyError(`sync needs the git command, and there is none on PATH; nothing was changed. Install git (for example: apt install git, or brew install git), then run ${context.suggest('sync')} again`);
  }
  try {
    makeFolders(store.directory);
  } catch (error) {
    throw new StudyError(`the store folder ${store.directory} cannot be created (${(error as Error).message})`);
  }
  let lock;
  try {
    lock = await acquireLock(join(store.directory, 'sync.lock'), { onWaiting: () => context.err('waiting for another k8s-study sync of this store to finish…') });
  } catch (error) {
    if (error instanceof LockError) throw new StudyError(`sync cannot start: ${error.message}`);
    throw error;
  }
  try {
    const result = await synchronize(context, repo, options);
    present(context, result, (value) => value, renderSync);
  } finally {
    lock.release();
  }
}

async function synchronize(context: Context, repo: SyncRepository, options: SyncOptions): Promise<SyncResult> {
  const { store } = context;
  repo.removeLeftovers();
  const unreachable = (url: string, why: string, merged = false): StudyError =>
    new StudyError(
      `the remote ${sanitizeLine(url)} cannot be reached (git: ${sanitizeLine(why)}); ${merged ? "what the other machines had sent was merged here, but this machine's changes were not sent" : 'nothing was changed'}. Check the address, or run ${context.suggest('sync')} again when it can be reached (your progress here is kept and everything works without it)`,
    );
  let setUp = false;
  /** Undoes this run's setting of the remote, when the remote then turns out unusable. */
  let undoSetUp = async (): Promise<void> => {};
  if (options.remote !== undefined) {
    const url = remoteLocation(options.remote);
    const current = repo.exists() ? await repo.remoteUrl() : null;
    if (current !== url) {
      const probe = await repo.listRemote(url);
      if (!probe.ok) throw unreachable(url, probe.why);
      checkBranches(url, probe.heads, context);
      if (current === null) {
        await repo.create(url);
        undoSetUp = async () => repo.remove();
      } else {
        await repo.setRemoteUrl(url);
        undoSetUp = async () => repo.setRemoteUrl(current);
      }
      setUp = true;
    }
  } else if (!repo.exists()) {
    throw new UsageError(`sync has no remote yet: set it once with ${context.suggest('sync --remote URL')} (a bare git repository on a shared disk, made with "git init --bare", or any git remote)`);
  }
  const remote = await repo.remoteUrl();
  if (remote === null) throw repo.broken('it has no remote');
  const machine = await store.machineId({ renew: options.newMachineId });
  repo.machine = machine;
  await repo.recover();
  const label = machineLabel();

  let sent = 0;
  let pushed = false;
  const received = new Map<string, SyncReceived>();
  let machines: { id: string; label: string }[] = [];
  let merged = false;
  for (let attempt = 1; ; attempt += 1) {
    const journal = store.readEvents();
    try {
      const listed = await repo.listRemote();
      if (!listed.ok) throw unreachable(remote, listed.why, merged);
      checkBranches(remote, listed.heads, context);
      if (listed.heads.length > 0) {
        const fetched = await repo.fetch();
        if (!fetched.ok) throw unreachable(remote, fetched.why, merged);
        await checkRemote(context, repo, remote, machine, journal);
      }
      checkOwnFile(context, repo.read(`${MACHINES_FOLDER}/${machine}/${EVENTS_FILE}`), machine, journal, 'the sync folder');
    } catch (error) {
      // A remote set by this run that cannot be used is not kept: the folder is as it was.
      if (!merged) await undoSetUp();
      throw error;
    }
    await repo.merge();
    sent += await publish(context, repo, machine, label, journal);
    for (const entry of await mergeOthers(context, repo, machine)) {
      const known = received.get(entry.plan.id);
      received.set(entry.plan.id, known ? { ...known, events: known.events + entry.events, reviews: known.reviews + entry.reviews, records: known.records + entry.records } : entry);
    }
    merged = true;
    machines = otherMachines(repo, machine);
    if (!(await repo.ahead())) break;
    const push = await repo.push();
    if (push.ok) {
      pushed = true;
      break;
    }
    // Rejected: another machine pushed first (merge theirs and try again), or the remote went away.
    const again = await repo.listRemote();
    if (!again.ok) throw unreachable(remote, again.why, true);
    if (attempt >= ATTEMPTS) throw new StudyError(`the remote ${sanitizeLine(remote)} kept changing while this machine synced (git: ${sanitizeLine(push.why)}); what it had was merged here. Run ${context.suggest('sync')} again`);
    await pause(50 + Math.floor(Math.random() * 250 * attempt));
  }
  return {
    remote,
    machine: { id: machine, label },
    setUp,
    newMachineId: Boolean(options.newMachineId),
    sent,
    pushed,
    received: [...received.values()].filter((entry) => entry.events > 0),
    machines,
  };
}

/** Only a repository holding nothing, or k8s-study's branch alone, is one sync writes to. */
function checkBranches(url: string, heads: readonly string[], context: Context): void {
  const foreign = heads.filter((ref) => ref !== 'refs/heads/main');
  if (foreign.length > 0) {
    throw new StudyError(
      `the remote ${sanitizeLine(url)} is not a k8s-study sync repository (it has ${sanitizeLine(foreign[0]!)}); nothing was changed. Give sync an empty repository of its own, e.g. made with "git init --bare", then run ${context.suggest('sync --remote URL')}`,
    );
  }
}

/** What the remote holds must be k8s-study's, in a format this build reads, and not hold this machine's id with changes it never made. */
async function checkRemote(context: Context, repo: SyncRepository, url: string, machine: string, journal: readonly JournalEvent[]): Promise<void> {
  const notOurs = (what: string): StudyError =>
    new StudyError(`the remote ${sanitizeLine(url)} is not a k8s-study sync repository (it holds ${sanitizeLine(what)}); nothing was changed. Give sync an empty repository of its own, e.g. made with "git init --bare", then run ${context.suggest('sync --remote URL')}`);
  const newer = (format: number, where: string): StudyError =>
    new StudyError(`the remote ${sanitizeLine(url)} holds data from a newer k8s-study (sync format ${format} in ${sanitizeLine(where)}; this one reads up to ${SYNC_FORMAT}); nothing was changed. Upgrade k8s-study on this machine, then run ${context.suggest('sync')} again`);
  const files = await repo.remoteFiles();
  const ids = new Set<string>();
  for (const file of files) {
    if (file === MARKER_FILE) continue;
    const parts = file.split('/');
    if (parts.length !== 3 || parts[0] !== MACHINES_FOLDER || !isMachineId(parts[1])) throw notOurs(file);
    ids.add(parts[1]!);
  }
  const marker = files.includes(MARKER_FILE) ? formatOf(await repo.remoteFile(MARKER_FILE)) : SYNC_FORMAT;
  if (marker === null) throw notOurs(MARKER_FILE);
  if (marker > SYNC_FORMAT) throw newer(marker, MARKER_FILE);
  for (const id of ids) {
    const where = `${MACHINES_FOLDER}/${id}/${META_FILE}`;
    const format = formatOf(await repo.remoteFile(where));
    if (format !== null && format > SYNC_FORMAT) throw newer(format, where);
  }
  if (ids.has(machine)) checkOwnFile(context, await repo.remoteFile(`${MACHINES_FOLDER}/${machine}/${EVENTS_FILE}`), machine, journal, `the remote ${url}`);
}

/**
 * What the event says that a machine publishes once, the first time it syncs, for the records its
 * journal does not account for (a store upgraded from a format without a journal): it is made for
 * the sync folder only, so this store's journal never holds it.
 */
const BASELINE_WHAT = 'records this machine held before it first synced';

/** This machine's published events must all be in this store's journal (but its baseline); else the store is a copy of another machine's. */
function checkOwnFile(context: Context, text: string | null, machine: string, journal: readonly JournalEvent[], where: string): void {
  if (text === null) return;
  const known = new Set(journal.map((event) => event.id));
  const strangers = text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .filter((line) => {
      try {
        const event = JSON.parse(line) as { id?: unknown; kind?: unknown; what?: unknown };
        if (event.kind === 'import' && event.what === BASELINE_WHAT) return false;
        return typeof event.id !== 'string' || !known.has(event.id);
      } catch {
        return true;
      }
    });
  if (strangers.length > 0) {
    throw new StudyError(
      `${sanitizeLine(where)} already holds ${plural(strangers.length, 'change')} of this machine's id (${machine}) that this store never made: this store folder was copied from another machine, or restored from an older copy; nothing was changed. Give this store an id of its own with ${context.suggest('sync --new-machine-id')} (what it has is kept and merged like any other machine's)`,
    );
  }
}

/** Adds the events made here since the last sync to this machine's file (the first time, with what its events do not account for), and commits. */
async function publish(context: Context, repo: SyncRepository, machine: string, label: string, journal: readonly JournalEvent[]): Promise<number> {
  const { store } = context;
  const folder = `${MACHINES_FOLDER}/${machine}`;
  const eventsPath = `${folder}/${EVENTS_FILE}`;
  const existing = repo.read(eventsPath);
  const published = new Set<string>();
  for (const line of (existing ?? '').split('\n')) {
    if (line.trim() === '') continue;
    const id = (JSON.parse(line) as { id?: unknown }).id;
    if (typeof id === 'string') published.add(id);
  }
  const own = ownEvents(journal);
  const fresh = own.filter((event) => !published.has(event.id));
  const made = fresh.length;
  const { plans } = store.readRoot();
  if (existing === null) {
    // The first time this machine publishes: records its events do not account for go with them.
    const at = toInstant(context.now());
    for (const planId of Object.keys(plans).sort()) {
      const state = store.readPlan(planId);
      const { retention } = await planFacts(context, planId);
      const changes = baselineChanges({
        machine,
        records: { sessions: state.sessions, items: state.items, meta: { lab: state.meta.lab, startDate: state.meta.startDate } },
        own: own.filter((event) => event.plan === planId),
        dayStartHour: context.dayStartHour,
        retention,
      });
      if (changes.length > 0) fresh.push({ id: newEventId(), at, plan: planId, kind: 'import', what: BASELINE_WHAT, changes });
    }
  }
  const text = (existing ?? '') + fresh.map((event) => `${JSON.stringify(event)}\n`).join('');
  if (existing === null || fresh.length > 0) repo.write(eventsPath, text);
  const meta: MachineMeta = { format: SYNC_FORMAT, machine, label, plans: Object.fromEntries(Object.entries(plans).map(([id, entry]) => [id, { title: entry.title }])) };
  const metaText = `${JSON.stringify(meta, null, 2)}\n`;
  if (repo.read(`${folder}/${META_FILE}`) !== metaText) repo.write(`${folder}/${META_FILE}`, metaText);
  if (repo.read(MARKER_FILE) === null) repo.write(MARKER_FILE, MARKER_TEXT);
  await repo.commit([eventsPath, `${folder}/${META_FILE}`, MARKER_FILE], `${label}: ${plural(fresh.length, 'change')}`);
  return made;
}

/** What a plan's merge needs from its plan file, when it is at hand: its title, retention and how its items are spread. */
async function planFacts(context: Context, planId: string): Promise<{ plan: Plan | null; retention: number }> {
  let plan: Plan | null = null;
  try {
    if (context.outline().id === planId) plan = context.plan();
  } catch {
    // The current plan cannot be read: the store's own plans are merged all the same.
  }
  if (!plan) {
    const { plans } = context.store.readRoot();
    const meta = Object.hasOwn(plans, planId) ? plans[planId] : undefined;
    plan = (await planAt(context, planId, meta?.file ?? null)).plan;
  }
  return { plan, retention: plan?.review.retention ?? DEFAULT_RETENTION };
}

/** The other machines of the sync folder, with their names. */
function otherMachines(repo: SyncRepository, machine: string): { id: string; label: string }[] {
  return repo
    .machines()
    .filter((id) => id !== machine && isMachineId(id))
    .sort()
    .map((id) => {
      let label = id;
      try {
        const meta = JSON.parse(repo.read(`${MACHINES_FOLDER}/${id}/${META_FILE}`) ?? '{}') as Partial<MachineMeta>;
        if (typeof meta.label === 'string' && meta.label !== '') label = sanitizeLine(meta.label).slice(0, 64);
      } catch {
        // A machine that says nothing about itself is named by its id.
      }
      return { id, label };
    });
}

/** A machine's events file as published: its events, each checked. */
function machineEvents(context: Context, repo: SyncRepository, id: string, label: string): JournalEvent[] {
  const where = `${MACHINES_FOLDER}/${id}/${EVENTS_FILE}`;
  return parseEvents(repo.read(where) ?? '', `machine ${label}'s ${where}`, context.suggest);
}

/**
 * Merges every other machine's events into this store's records: for each plan where some are new
 * here, one commit of the store that logs them and sets the records as every machine's events make
 * them (sync-merge.ts).
 */
async function mergeOthers(context: Context, repo: SyncRepository, machine: string): Promise<SyncReceived[]> {
  const { store } = context;
  const files: { machine: string; label: string; events: JournalEvent[]; titles: Record<string, string> }[] = [];
  for (const { id, label } of [...otherMachines(repo, machine), { id: machine, label: 'this machine' }]) {
    const events = machineEvents(context, repo, id, label);
    const titles: Record<string, string> = {};
    try {
      const meta = JSON.parse(repo.read(`${MACHINES_FOLDER}/${id}/${META_FILE}`) ?? '{}') as Partial<MachineMeta>;
      for (const [planId, entry] of Object.entries(isRecord(meta.plans) ? meta.plans : {})) if (isRecord(entry) && typeof entry.title === 'string') titles[planId] = sanitizeLine(entry.title);
    } catch {
      // No titles: a plan new here is named by its id until it is used.
    }
    files.push({ machine: id, label, events, titles });
  }
  // Every plan another machine has changed is replayed: its records are then what every machine's
  // events make them, whatever the order they arrived in.
  const planIds = [
    ...new Set([
      ...files.filter((file) => file.machine !== machine).flatMap((file) => file.events.map((event) => event.plan)),
      ...store.readEvents().filter((event) => event.origin !== undefined).map((event) => event.plan),
    ]),
  ].sort();
  const results: SyncReceived[] = [];
  for (const planId of planIds) {
    const { plan, retention } = await planFacts(context, planId);
    const { plans } = store.readRoot();
    const stored = Object.hasOwn(plans, planId) ? plans[planId]!.title : '';
    const title = plan?.title || stored || files.map((file) => file.titles[planId]).find(Boolean) || planId;
    const outline = plan ? outlineOf(plan) : null;
    const identity = { title, file: null, at: toInstant(context.now()), ...(outline ? { layout: itemOwnersOf(outline) } : {}) };
    const outcome = await store.update(planId, identity, (tx) => {
      const journal = store.readEvents({ plan: planId });
      const streams = streamsOf(
        machine,
        journal,
        files.map((file) => ({ machine: file.machine, events: file.events.filter((event) => event.plan === planId) })),
      );
      const logged = new Set(journal.map((event) => event.id));
      const added = streams
        .filter((stream) => stream.machine !== machine)
        .flatMap((stream) => stream.events.filter((event) => !logged.has(event.id) && Boolean(logged.add(event.id))).map((event) => asForeign(event, stream.machine)));
      const replayed = replayStreams({
        records: { sessions: tx.allSessions(), items: tx.allItems(), meta: { lab: tx.meta.lab, startDate: tx.meta.startDate } },
        streams,
        dayStartHour: context.dayStartHour,
        retention,
      });
      const from = [...new Set(added.map((event) => files.find((file) => file.machine === event.origin)?.label ?? event.origin))];
      tx.describe('merge', added.length > 0 ? `merged ${plural(added.length, 'change')} from ${from.join(', ')}` : "brought in line with the other machines' changes");
      for (const event of added) tx.addForeignEvent(event);
      for (const [id, record] of Object.entries(replayed.sessions)) tx.setSession(id, record);
      for (const [id, record] of Object.entries(replayed.items)) tx.setItem(id, record);
      tx.setMeta({ ...tx.meta, lab: replayed.meta.lab, startDate: replayed.meta.startDate });
      return { events: added.length, reviews: added.filter(isReview).length, records: Object.keys(replayed.sessions).length + Object.keys(replayed.items).length };
    });
    if (outcome.events > 0 || outcome.records > 0) results.push({ plan: { id: planId, title }, ...outcome });
  }
  return results;
}
