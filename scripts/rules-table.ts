// `npm run docs:rules`: rewrites the rules table in README.md (between the rules markers) from the rule metadata.
import * as fs from 'fs';
import * as path from 'path';
import { ALL_RULES } from '../server/src/rules';
import { FACTORS, factorLabel } from '../server/src/core/factors';

const README = path.join(__dirname, '..', 'README.md');
const START = '<!-- rules:start -->';
const END = '<!-- rules:end -->';

const rows = ['| Factor | Rule | Default | Flags | Fix |', '| --- | --- | --- | --- | --- |'];
for (const f of FACTORS) {
  for (const r of ALL_RULES.filter((x) => x.meta.factor === f.slug)) {
    rows.push(
      `| ${factorLabel(f.n)} | [\`${r.meta.id}\`](docs/rules/${r.meta.id}.md) | ${r.meta.severity} | ${r.meta.description.replace(/\|/g, '\\|')} | ${r.meta.fixable ? 'yes' : ''} |`,
    );
  }
}
const text = fs.readFileSync(README, 'utf8');
const i = text.indexOf(START);
const j = text.indexOf(END);
if (i < 0 || j < i) throw new Error(`README.md needs ${START} and ${END} markers`);
fs.writeFileSync(
  README,
  `${text.slice(0, i + START.length)}\n${ALL_RULES.length} rules across the twelve factors.\n\n${rows.join('\n')}\n${text.slice(j)}`,
);
console.log(`README.md: ${ALL_RULES.length} rules`);
