import { openContext, type Context, type Streams } from './context.ts';
import { keepView, type FastCommand, type FastInvocation, type ViewSlot } from './fast.ts';

// The fast path, part two: runs a command that only reads (the same functions the full program
// calls) and keeps what it printed in the cache of views. Resolves 'declined' when the full program
// must take the command line instead (an error to report, a plan not validated yet): then nothing
// was written.

async function runCommand(context: Context, command: FastCommand): Promise<void> {
  switch (command.name) {
    case 'next':
      return (await import('./commands/next.ts')).runNext(context);
    case 'due':
      return (await import('./commands/due.ts')).runDue(context, { upcoming: command.upcoming });
    case 'list':
      return (await import('./commands/list.ts')).runList(context);
    case 'show':
      return (await import('./commands/show.ts')).runShow(context, command.session);
    case 'status':
      return (await import('./commands/status.ts')).runStatus(context);
    case 'lab':
      return (await import('./commands/lab.ts')).runLab(context, undefined, {});
  }
}

export async function runReadCommand(invocation: FastInvocation, env: NodeJS.ProcessEnv, streams: Streams, slot: ViewSlot | null): Promise<'done' | 'declined'> {
  let printed = '';
  let complained = false;
  const recording: Streams = {
    stdout: { isTTY: streams.stdout.isTTY, columns: streams.stdout.columns, write: (text) => void (printed += text) },
    stderr: { isTTY: streams.stderr.isTTY, write: () => void (complained = true) },
    get stdin() {
      return streams.stdin;
    },
  };
  let planId: string;
  try {
    const context = await openContext(env, invocation.globals, recording);
    await runCommand(context, invocation.command);
    planId = context.plan().id;
  } catch {
    return 'declined';
  }
  // A warning on standard error is the full program's to give (and would be lost from a cached view).
  if (complained) return 'declined';
  if (slot) keepView(slot, planId, printed);
  streams.stdout.write(printed);
  return 'done';
}
