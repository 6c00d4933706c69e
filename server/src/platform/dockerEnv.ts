// `ENV` and `ARG` variables of a Dockerfile with the file offsets of their values, for findings and edits. The
// parser (dockerfile-ast) splits, unquotes and unescapes them; this module only adds stages and offsets.
import type { Dockerfile } from '../core/model';
import { LineIndex } from '../util/text';

export interface DockerVar {
  keyword: 'ENV' | 'ARG';
  key: string;
  /** Unquoted value; undefined for `ARG NAME` without a default. */
  value?: string;
  /** File offsets of the value as written (quotes included). */
  valueStart: number;
  valueEnd: number;
  /** Index of the FROM stage the instruction belongs to (-1 before the first FROM). */
  stage: number;
}

export function dockerVars(df: Dockerfile, text: string): DockerVar[] {
  const lines = new LineIndex(text);
  const out: DockerVar[] = [];
  let stage = -1;
  for (const ins of df.instructions) {
    if (ins.keyword === 'FROM') stage++;
    if (ins.keyword !== 'ENV' && ins.keyword !== 'ARG') continue;
    const keyword = ins.keyword;
    for (const v of ins.vars ?? []) {
      if (v.valueRange) {
        out.push({
          keyword,
          key: v.key,
          value: v.value,
          valueStart: lines.offset(v.valueRange.start),
          valueEnd: lines.offset(v.valueRange.end),
          stage,
        });
      } else if (keyword === 'ARG') {
        const at = lines.offset(ins.range.end);
        out.push({ keyword, key: v.key, valueStart: at, valueEnd: at, stage });
      }
    }
  }
  return out;
}
