import { statSync } from 'node:fs';
import { join } from 'node:path';
import { readRegularFile } from './files.ts';
import { resolveStoreFolder, ROOT_FILE } from './locations.ts';

// Fingerprints of files, told without reading them (as make and git do): device, inode, size,
// modification and status-change times. A change written by k8s-study replaces files by rename, so
// it always changes the inode; an edit by hand changes the times.

/** A file's fingerprint, or '-' when it cannot be looked at. */
export function fileStamp(file: string): string {
  try {
    const stat = statSync(file, { bigint: true });
    return `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}`;
  } catch {
    return '-';
  }
}

/**
 * A fingerprint of everything a plan's records are read from: the store's root and the record files
 * it names for the plan (the root is read, small; the record files only looked at). With
 * `journal`, the journal's too.
 */
export function storeStamp(directory: string, planId: string, journal = false): string {
  const folder = resolveStoreFolder(directory);
  const root = join(folder, ROOT_FILE);
  const parts = [fileStamp(root)];
  try {
    const data = JSON.parse(readRegularFile(root, 16 * 1024 * 1024).toString('utf8')) as {
      plans?: Record<string, { sessionFiles?: unknown; sessionsFile?: unknown; itemFiles?: unknown }>;
    };
    const entry = data.plans && Object.hasOwn(data.plans, planId) ? data.plans[planId] : undefined;
    const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
    const names = [entry?.sessionsFile, ...list(entry?.sessionFiles), ...list(entry?.itemFiles)];
    for (const name of names) if (typeof name === 'string') parts.push(fileStamp(join(folder, 'plans', planId, name)));
  } catch {
    // No root, or one the commands will refuse: its own stamp says enough.
  }
  if (journal) parts.push(fileStamp(join(folder, 'journal.jsonl')));
  return parts.join('|');
}
