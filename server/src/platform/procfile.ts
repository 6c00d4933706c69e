// Procfile: `<process type>: <command>` per line.
import type { ProcfileEntry } from '../core/model';
import { lineRange } from '../util/text';

export function parseProcfile(text: string): ProcfileEntry[] {
  const out: ProcfileEntry[] = [];
  text.split(/\r?\n|\r/).forEach((line, i) => {
    // The command's trailing blanks trimmed after the match: a lazy `(.*?)\s*$` retried `\s*$` at every character.
    const m = /^([A-Za-z0-9_-]+)(\s*:\s*)([^]*)$/.exec(line);
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
