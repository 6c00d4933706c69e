// A small Dockerfile reader: instructions with positions, continuation lines, and exec-form detection.
import type { DockerInstruction } from '../model/types';
import { lineRange } from '../util/text';

export function parseDockerfile(text: string): DockerInstruction[] {
  const lines = text.split(/\r?\n|\r/);
  const out: DockerInstruction[] = [];
  let escape = '\\';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const directive = /^#\s*escape\s*=\s*(\S)/i.exec(line);
    if (directive && out.length === 0) escape = directive[1];
    const m = /^(\s*)([A-Za-z]+)(\s+|$)(.*)$/.exec(line);
    if (!m || line.trimStart().startsWith('#')) continue;
    const [, lead, kw, sp] = m;
    const argsStart = lead.length + kw.length + sp.length;
    let args = m[4];
    let last = i;
    while (args.trimEnd().endsWith(escape) && last + 1 < lines.length) {
      args = args.trimEnd().slice(0, -1);
      last++;
      // Comment lines inside a continuation are dropped by Docker.
      if (lines[last].trimStart().startsWith('#')) { args += escape; continue; }
      args += ' ' + lines[last].trim();
    }
    out.push({
      keyword: kw.toUpperCase(),
      args: args.trim(),
      exec: execForm(args),
      range: { start: { line: i, character: lead.length }, end: { line: last, character: lines[last].length } },
      argsRange: lineRange(i, argsStart, last === i ? line.length : line.length),
    });
    i = last;
  }
  return out;
}

function execForm(args: string): string[] | undefined {
  const t = args.trim();
  if (!t.startsWith('[')) return undefined;
  try {
    const v = JSON.parse(t);
    return Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : undefined;
  } catch {
    return undefined;
  }
}

export function isDockerfileName(base: string): boolean {
  return /^(Dockerfile|Containerfile)(\..+)?$/.test(base) || /\.(dockerfile|Dockerfile)$/.test(base);
}
