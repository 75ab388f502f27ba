import type { Prompts } from '../src/io/prompts.ts';
import { currentTestPrompts } from './helpers.ts';

// The test double of src/io/prompts.ts (the only module that talks to Inquirer), for in-process runs:
//   vi.mock('../../src/io/prompts.ts', () => import('../prompts-double.ts'));
// then `cli(args, { terminal: true, prompts: scriptedPrompts([...]) })` answers with those prompts.

function current(): Prompts {
  const prompts = currentTestPrompts();
  if (!prompts) throw new Error('a prompt was asked, but the test gave no prompts to answer with');
  return prompts;
}

export const terminalPrompts: Prompts = {
  checkboxes: (message, choices) => current().checkboxes(message, choices),
  text: (message, options) => current().text(message, options),
  duration: (message, options) => current().duration(message, options),
  choose: (message, choices) => current().choose(message, choices),
  key: (message, choices) => current().key(message, choices),
  editor: (message, options) => current().editor(message, options),
  confirm: (message, options) => current().confirm(message, options),
};
