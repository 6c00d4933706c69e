// Shell commands that bring code in from elsewhere (git pull/clone, svn/hg, a download piped or substituted into an
// interpreter): running one at start-up or while the app runs means what runs is not the release that was built.
import { allCommands, parseShell, positionalArgs, type ShellCommand } from './shell';

const INTERPRETERS = new Set([
  'sh',
  'bash',
  'zsh',
  'dash',
  'ash',
  'ksh',
  'node',
  'python',
  'python3',
  'perl',
  'ruby',
  'php',
]);

/**
 * Commands that bring code in from elsewhere: `git pull`, `git clone`, `git submodule update`, `svn checkout`,
 * `hg pull`, and a download piped into an interpreter (`curl … | sh`). `commands` is one flat list, so a pipe's
 * reader is the next command.
 */
export function codeFetches(commands: ShellCommand[]): ShellCommand[] {
  const out: ShellCommand[] = [];
  commands.forEach((c, i) => {
    const sub = positionalArgs(c.args, ['-C', '-c', '--git-dir', '--work-tree', '--namespace'])[0];
    if (
      c.program === 'git' &&
      (sub === 'pull' || sub === 'clone' || (sub === 'submodule' && c.args.includes('update')))
    )
      out.push(c);
    else if (c.program === 'svn' && ['checkout', 'co', 'update', 'up', 'export'].includes(sub ?? '')) out.push(c);
    else if (c.program === 'hg' && ['pull', 'clone'].includes(sub ?? '')) out.push(c);
    else if (
      (c.program === 'curl' || c.program === 'wget') &&
      c.after === '|' &&
      INTERPRETERS.has(commands[i + 1]?.program ?? '')
    )
      out.push(c);
  });
  return out;
}

/**
 * `bash <(curl …)`, `sh -c "$(wget -qO- …)"`, `eval "$(curl …)"`: a download run as code, on the raw line. The
 * offset of the shell word, or undefined. It is the leftmost match of
 * `/(^|[\s;&|(])(sh|bash|zsh|dash|ksh|eval|source|\.)\s+[^;&|]*?(<\(|\$\(|`)\s*(curl|wget)\b/`, found without its
 * lazy scan from every shell word (`. . . .` was quadratic): a word is followed by a download in its own segment
 * (up to `;`, `&` or `|`) iff the first download after it comes before the first separator, and when it is not,
 * no other word before that separator is.
 */
export function substitutedDownload(line: string): number | undefined {
  const word = /(^|[\s;&|(])(?:sh|bash|zsh|dash|ksh|eval|source|\.)\s/g;
  const download = /(?:<\(|\$\(|`)\s*(?:curl|wget)\b/g;
  const separator = /[;&|]/g;
  let dl: RegExpExecArray | null | undefined;
  let sep: RegExpExecArray | null | undefined;
  for (let w = word.exec(line); w; w = word.exec(line)) {
    const from = word.lastIndex; // after the first blank
    // Both searches only move forward, so the line is read once.
    if (dl === undefined || (dl && dl.index < from)) {
      download.lastIndex = from;
      dl = download.exec(line);
    }
    if (!dl) return undefined;
    if (sep === undefined || (sep && sep.index < from)) {
      separator.lastIndex = from;
      sep = separator.exec(line);
    }
    if (!sep || sep.index >= dl.index) return w.index + w[1].length;
    word.lastIndex = sep.index;
  }
  return undefined;
}

/** Code-fetching commands of a command line, `sh -c` bodies included; a download run through `$(…)` as well. */
export function fetchesIn(line: string): string[] {
  const out: string[] = [];
  const visit = (list: ShellCommand[], text: string) => {
    for (const c of codeFetches(list))
      out.push(c.after === '|' ? text.slice(c.start, list[list.indexOf(c) + 1].end) : c.text);
    for (const c of list) if (c.nested && c.nestedText !== undefined) visit(c.nested, c.nestedText);
  };
  visit(parseShell(line), line);
  if (!out.length) {
    const at = substitutedDownload(line);
    if (at !== undefined) {
      // Up to the first `&&`, `;` or `||`, blanks before it dropped (a `\s*` before the operator rescanned blank runs).
      const rest = line.slice(at);
      const op = rest.search(/&&|;|\|\|/);
      out.push(op < 0 ? rest : rest.slice(0, op).trimEnd());
    }
  }
  return out;
}

/**
 * Fetches in a command line built from a template whose unknown words are `placeholder`, where the source is fixed:
 * `git clone https://…/presets.git ${dir}`, `git -C ${dir} pull`. Not `git clone ${repoUrl}`: cloning what a user
 * asked for is a feature. Each fetch as written, the placeholders shown as `…`.
 */
export function fixedSourceFetches(template: string, placeholder: string): string[] {
  const shown = (c: ShellCommand) => c.text.split(placeholder).join('…');
  return codeFetches(allCommands(parseShell(template)))
    .filter((c) => {
      const [sub, source] = positionalArgs(c.args, [
        '-C',
        '-c',
        '--git-dir',
        '--work-tree',
        '--namespace',
        '--depth',
        '-b',
        '--branch',
      ]);
      if (c.program === 'curl' || c.program === 'wget') return !c.text.includes(placeholder);
      if (/^(clone|checkout|co|export)$/.test(sub ?? '')) return !!source && !source.includes(placeholder);
      return !(sub ?? '').includes(placeholder); // git pull, git submodule update, svn update, hg pull
    })
    .map(shown);
}
