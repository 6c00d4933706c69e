// Procfile: `<process type>: <command>` per line.
import type { ProcfileEntry } from '../core/model';
import { lineRange } from '../util/text';
import type { TextSpan } from '../util/types';
import { shellComments } from './shell';

const ENTRY = /^([A-Za-z0-9_-]+)(\s*:\s*)([^]*)$/;

export function parseProcfile(text: string): ProcfileEntry[] {
  const out: ProcfileEntry[] = [];
  text.split(/\r?\n|\r/).forEach((line, i) => {
    // The command's trailing blanks trimmed after the match: a lazy `(.*?)\s*$` retried `\s*$` at every character.
    const m = ENTRY.exec(line);
    if (!m) return;
    const command = m[3].trimEnd();
    const cmdStart = m[1].length + m[2].length;
    out.push({
      type: m[1],
      command,
      line: i,
      range: lineRange(i, 0, line.length),
      commandRange: lineRange(i, cmdStart, cmdStart + command.length),
    });
  });
  return out;
}

/**
 * Comments of a Procfile, as offsets: a line that starts with `#` (no entry: Procfile readers skip it), and the shell
 * comment that ends an entry's command (the platform runs it with a shell).
 */
export function procfileComments(text: string): TextSpan[] {
  const out: TextSpan[] = [];
  for (const m of text.matchAll(/[^\r\n]+/g)) {
    const line = m[0];
    const at = m.index ?? 0;
    const entry = ENTRY.exec(line);
    if (entry) {
      const from = at + entry[1].length + entry[2].length;
      for (const c of shellComments(entry[3])) out.push({ start: from + c.start, end: from + c.end });
    } else {
      const hash = line.search(/\S/);
      if (line[hash] === '#') out.push({ start: at + hash, end: at + line.length });
    }
  }
  return out;
}
