// Procfile: `<process type>: <command>` per line.
import type { ProcfileEntry } from '../model/types';
import { lineRange } from '../util/text';

export function parseProcfile(text: string): ProcfileEntry[] {
  const out: ProcfileEntry[] = [];
  text.split(/\r?\n|\r/).forEach((line, i) => {
    const m = /^([A-Za-z0-9_-]+)(\s*:\s*)(.*?)\s*$/.exec(line);
    if (!m) return;
    const cmdStart = m[1].length + m[2].length;
    out.push({
      type: m[1],
      command: m[3],
      line: i,
      range: lineRange(i, 0, line.length),
      commandRange: lineRange(i, cmdStart, cmdStart + m[3].length),
    });
  });
  return out;
}
