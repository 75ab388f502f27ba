import { plural, type View } from './layout.ts';

/** What one plan received from the other machines. */
export interface SyncReceived {
  plan: { id: string; title: string };
  /** Events brought in (each change and review answer made on another machine). */
  events: number;
  reviews: number;
  /** Sessions and review items set or removed here by the merge. */
  records: number;
}

/** What `sync` did; `sync --json` prints it. */
export interface SyncResult {
  remote: string;
  /** This store's machine: its id in the sync repository and its name (the host's). */
  machine: { id: string; label: string };
  /** The remote was set (or changed) by this run. */
  setUp: boolean;
  /** This store took a new machine id (`--new-machine-id`). */
  newMachineId: boolean;
  /** Events made on this machine that this run published. */
  sent: number;
  /** Whether this machine's events are now on the remote (false: nothing needed sending). */
  pushed: boolean;
  received: SyncReceived[];
  /** The other machines the remote holds. */
  machines: { id: string; label: string }[];
}

/** The human view of `sync`. */
export function renderSync(result: SyncResult, { theme }: View): string[] {
  const lines = [
    `${theme.heading(result.setUp ? 'Sync set up' : 'Synced')} with ${result.remote}`,
    theme.dim(`This machine: ${result.machine.label} (${result.machine.id})${result.newMachineId ? ', a new id' : ''}`),
  ];
  lines.push(result.sent > 0 ? `  Sent ${plural(result.sent, 'change')} made here.` : '  Nothing new to send from here.');
  const total = result.received.reduce((sum, entry) => sum + entry.events, 0);
  if (total === 0) {
    lines.push(`  Nothing new from ${result.machines.length === 0 ? 'other machines (none has synced yet)' : plural(result.machines.length, 'other machine')}.`);
  } else {
    lines.push(`  Received ${plural(total, 'change')} from ${plural(result.machines.length, 'other machine')}:`);
    for (const entry of result.received.filter((received) => received.events > 0)) {
      const reviews = entry.reviews > 0 ? ` (${plural(entry.reviews, 'review answer')})` : '';
      lines.push(`    ${entry.plan.title}: ${plural(entry.events, 'change')}${reviews}, ${plural(entry.records, 'record')} updated`);
    }
  }
  if (result.machines.length > 0) lines.push(theme.dim(`Other machines: ${result.machines.map((machine) => `${machine.label} (${machine.id.slice(0, 8)})`).join(', ')}`));
  return lines;
}
