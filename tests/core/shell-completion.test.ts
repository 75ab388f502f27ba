import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { completionScript, SHELLS, type CompletionSpec, type OptionSpec } from '../../src/core/shell-completion.ts';

// Completion scripts are generated from a description of the command line and the plan's sessions.
// Session titles are plan text: in a script they must stay inside their quotes, whatever they hold.

const ODD = `It's "odd": $(touch pwned) \`id\` [x] \\back\u001b]0;t\u0007 end`;
/** ODD as the scripts show it: control characters as spaces, on one line. */
const ODD_SHOWN = `It's "odd": $(touch pwned) \`id\` [x] \\back ]0;t end`;
const LONG = `Very long ${'title '.repeat(30)}`;

const session: OptionSpec['value'] = { kind: 'session' };
const spec: CompletionSpec = {
  program: 'k8s-study',
  globalOptions: [
    { flags: ['--plan'], description: 'the plan file [default: the shipped plan]', value: { kind: 'file' } },
    { flags: ['--json'], description: 'print JSON', value: null },
  ],
  topOptions: [{ flags: ['-V', '--version'], description: 'print the version', value: null }],
  commands: [
    { name: 'list', aliases: ['ls'], description: 'every session by day', options: [], args: [] },
    {
      name: 'done',
      aliases: [],
      description: "mark a session done: when it's finished",
      options: [
        { flags: ['--at'], description: 'when: YYYY-MM-DD, today...', value: { kind: 'date' } },
        { flags: ['-m', '--minutes'], description: 'time spent', value: { kind: 'other' } },
      ],
      args: [{ name: 'session', value: session!, variadic: false }],
    },
    {
      name: 'check',
      aliases: [],
      description: 'tick checklist items',
      options: [{ flags: ['--uncheck'], description: 'clear instead', value: null }],
      args: [
        { name: 'session', value: session!, variadic: false },
        { name: 'n', value: { kind: 'other' }, variadic: true },
      ],
    },
    {
      name: 'review',
      aliases: [],
      description: 'review due items',
      options: [
        { flags: ['--rating'], description: 'the rating', value: { kind: 'choice', choices: ['again', 'hard', 'good', 'easy'] } },
        { flags: ['--session'], description: 'a session', value: { kind: 'session' } },
      ],
      args: [{ name: 'item', value: { kind: 'item' }, variadic: false }],
    },
    { name: 'show', aliases: [], description: 'a session or an item', options: [], args: [{ name: 'session|item', value: { kind: 'session-or-item' }, variadic: false }] },
    { name: 'completion', aliases: [], description: 'print a completion script', options: [], args: [{ name: 'shell', value: { kind: 'choice', choices: ['bash', 'zsh', 'fish'] }, variadic: false }] },
  ],
  sessions: [
    { value: '1', title: ODD },
    { value: '2', title: LONG },
    { value: 'alpha', title: ODD },
    { value: 'beta', title: LONG },
  ],
  items: [
    { value: 'session:alpha', title: ODD },
    { value: 'keypoint:alpha', title: 'Alpha point' },
    { value: 'term:etcd', title: 'etcd' },
    { value: 'term:etc-other', title: 'another' },
  ],
  planId: 'tiny',
};

/** The words of a bash/zsh single-quoted string ('...' joined with \' between). */
function shUnquote(word: string): string {
  const match = /^(?:'[^']*'|\\')+$/.exec(word);
  if (!match) throw new Error(`not a single-quoted shell word: ${word}`);
  return word.replace(/'([^']*)'|\\(')/g, (_all, quoted: string | undefined, quote: string | undefined) => quoted ?? quote ?? '');
}

/** The text of a fish single-quoted string, where \' and \\ are escapes. */
function fishUnquote(word: string): string {
  const match = /^'((?:[^'\\]|\\['\\])*)'$/.exec(word);
  if (!match) throw new Error(`not a fish single-quoted word: ${word}`);
  return (match[1] ?? '').replace(/\\(['\\])/g, '$1');
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

describe('completion scripts', () => {
  it.each(SHELLS)('%s: names every command, alias and option, and no control character', (shell) => {
    const script = completionScript(shell, spec);
    for (const word of ['list', 'ls', 'done', 'check', 'review', 'completion', 'again', 'easy']) expect(script).toContain(word);
    // fish names options without their dashes: `-l plan`, `-s V`.
    const options = ['plan', 'json', 'at', 'minutes', 'uncheck', 'rating', 'version'].map((name) => (shell === 'fish' ? `-l ${name}` : `--${name}`));
    for (const option of options) expect(script).toContain(option);
    expect(script).toContain('the plan "tiny"');
    expect(script).not.toMatch(CONTROL);
  });

  it('zsh: each session with its title, quoted, on one line, cut at 80 characters', () => {
    const script = completionScript('zsh', spec);
    const block = /sessions=\(\n([\s\S]*?)\n {2}\)/.exec(script)?.[1] ?? '';
    const entries = block.split('\n').map((line) => shUnquote(line.trim()));
    const cut = `${LONG.trim().replace(/\s+/g, ' ').slice(0, 79)}…`;
    expect(entries).toEqual([`1:${ODD_SHOWN}`, `2:${cut}`, `alpha:${ODD_SHOWN}`, `beta:${cut}`]);
    expect(script).toContain(shQuoteForTest("done:mark a session done: when it's finished"));
    // In an _arguments spec, brackets and colons of a description are escaped.
    expect(script).toContain("'--plan=[the plan file \\[default\\: the shipped plan\\]]:file:_files'");
  });

  it('fish: each session with its title, quoted as fish reads it', () => {
    const script = completionScript('fish', spec);
    const rules = script.split('\n').filter((line) => line.startsWith("complete -c k8s-study -n '__k8s_study_at done 0'"));
    const parsed = rules.map((line) => {
      const match = /-a ('(?:[^'\\]|\\.)*') -d ('(?:[^'\\]|\\.)*')$/.exec(line);
      if (!match) throw new Error(`unexpected rule: ${line}`);
      return [fishUnquote(match[1]!), fishUnquote(match[2]!)];
    });
    expect(parsed).toEqual([
      ['1', ODD_SHOWN],
      ['2', expect.stringMatching(/^Very long title .*…$/)],
      ['alpha', ODD_SHOWN],
      ['beta', expect.stringMatching(/^Very long title .*…$/)],
    ]);
    // check takes a session first, then any number of item numbers (no completion for those).
    expect(script).toContain("complete -c k8s-study -n '__k8s_study_at check 0' -a '1'");
    // review takes an item; show a session or an item.
    expect(script).toContain("complete -c k8s-study -n '__k8s_study_at review 0' -a 'term:etcd' -d 'etcd'");
    expect(script).toContain("complete -c k8s-study -n '__k8s_study_at show 0' -a 'term:etcd' -d 'etcd'");
    expect(script).toContain("complete -c k8s-study -n '__k8s_study_at show 0' -a 'beta'");
    expect(script).toContain("complete -c k8s-study -n '__k8s_study_at review' -l session -r -f -a '1 2 alpha beta' -d 'a session'");
  });

  it('zsh: each review item, its colon escaped, with its title', () => {
    const script = completionScript('zsh', spec);
    const block = /items=\(\n([\s\S]*?)\n {2}\)/.exec(script)?.[1] ?? '';
    expect(block.split('\n').map((line) => shUnquote(line.trim()))).toEqual([`session\\:alpha:${ODD_SHOWN}`, 'keypoint\\:alpha:Alpha point', 'term\\:etcd:etcd', 'term\\:etc-other:another']);
    expect(script).toMatch(/'review'\) _arguments .*'1:item:_k8s_study_items'/);
    expect(script).toMatch(/'show'\) _arguments .*'1:session\|item:_k8s_study_targets'/);
  });

  it('says which plan the sessions come from, and nothing when there is no plan', () => {
    for (const shell of SHELLS) expect(completionScript(shell, { ...spec, planId: null, sessions: [], items: [] })).not.toContain('with the sessions of the plan');
  });
});

/** The bash/zsh quoting of a word (to look for it in a script). */
function shQuoteForTest(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

describe('the bash script, run by bash', () => {
  const script = completionScript('bash', spec);

  /** What bash offers for the words typed so far (the last one being completed). */
  function complete(...words: string[]): string[] {
    const assignments = `COMP_WORDS=(${words.map(shQuoteForTest).join(' ')}); COMP_CWORD=${words.length - 1}`;
    const result = spawnSync('bash', ['--norc', '--noprofile', '-c', `${script}\n${assignments}\n_k8s_study\nprintf '%s\\n' "\${COMPREPLY[@]}"`], { encoding: 'utf8', cwd: '/' });
    expect(result.stderr).toBe('');
    return result.stdout.split('\n').filter((line) => line !== '');
  }

  it.each<[string[], string[]]>([
    [['k8s-study', ''], ['list', 'ls', 'done', 'check', 'review', 'show', 'completion']],
    [['k8s-study', 'd'], ['done']],
    [['k8s-study', 'done', ''], ['1', '2', 'alpha', 'beta']],
    [['k8s-study', 'done', 'a'], ['alpha']],
    [['k8s-study', '--plan', 'my.yaml', 'done', ''], ['1', '2', 'alpha', 'beta']],
    [['k8s-study', 'done', '--at', 't'], ['today', 'tomorrow']],
    [['k8s-study', 'done', '-m', '4'], []],
    [['k8s-study', 'done', '--'], ['--at', '--minutes', '--plan', '--json']],
    [['k8s-study', '--'], ['--plan', '--json', '--version']],
    [['k8s-study', 'review', '--rating', 'g'], ['good']],
    [['k8s-study', 'check', 'alpha', ''], []],
    [['k8s-study', 'completion', ''], ['bash', 'zsh', 'fish']],
    // Review items, whole when bash keeps the colon in the word...
    [['k8s-study', 'review', 'term:e'], ['term:etcd', 'term:etc-other']],
    [['k8s-study', 'review', ''], ['session:alpha', 'keypoint:alpha', 'term:etcd', 'term:etc-other']],
    // ...and the part after the colon when bash splits the word there (its default COMP_WORDBREAKS).
    [['k8s-study', 'review', 'term', ':', 'etc'], ['etcd', 'etc-other']],
    [['k8s-study', 'review', 'term', ':'], ['etcd', 'etc-other']],
    [['k8s-study', 'review', 'term', ':', 'etcd', ''], []],
    [['k8s-study', 'review', '--session', 'a'], ['alpha']],
    // show takes a session or an item.
    [['k8s-study', 'show', 'a'], ['alpha']],
    [['k8s-study', 'show', ''], ['1', '2', 'alpha', 'beta', 'session:alpha', 'keypoint:alpha', 'term:etcd', 'term:etc-other']],
    [['k8s-study', 'show', 'session', ':', ''], ['alpha']],
  ])('%j → %j', (words, offered) => {
    expect(complete(...words)).toEqual(offered);
  });
});
