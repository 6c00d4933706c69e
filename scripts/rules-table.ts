// `npm run docs:rules`: rewrites the rules table in README.md (between the rules markers), the settings schema of
// the rules with options (package.json, `twelveFactor.rules`) and the config file's schema (schemas/config.schema.json)
// from the rule metadata.
import * as fs from 'fs';
import * as path from 'path';
import { ALL_RULES } from '../server/src/rules';
import { FACTORS, factorLabel } from '../server/src/core/factors';
import { ruleSettingSchema } from '../server/src/core/options';
import { configSchemaJson } from '../server/src/engine/config';

const README = path.join(__dirname, '..', 'README.md');
const PACKAGE = path.join(__dirname, '..', 'package.json');
const pkg = JSON.parse(fs.readFileSync(PACKAGE, 'utf8'));
// Absolute links, so the table works where the README is shown without the repository (Marketplace, Open VSX, npm).
const repo = String(pkg.repository.url)
  .replace(/^git\+/, '')
  .replace(/\.git$/, '');
const START = '<!-- rules:start -->';
const END = '<!-- rules:end -->';

const rows = ['| Factor | Rule | Default | Flags | Fix |', '| --- | --- | --- | --- | --- |'];
for (const f of FACTORS) {
  for (const r of ALL_RULES.filter((x) => x.meta.factor === f.slug)) {
    rows.push(
      `| ${factorLabel(f.n)} | [\`${r.meta.id}\`](${repo}/blob/HEAD/docs/rules/${r.meta.id}.md) | ${r.meta.severity} | ${r.meta.description.replace(/\|/g, '\\|')} | ${r.meta.fixable ? 'yes' : ''} |`,
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

const setting = pkg.contributes.configuration.properties['twelveFactor.rules'];
setting.properties = Object.fromEntries(
  ALL_RULES.flatMap((r) => {
    const schema = ruleSettingSchema(r.meta);
    return schema ? [[r.meta.id, schema]] : [];
  }),
);
fs.writeFileSync(PACKAGE, `${JSON.stringify(pkg, null, 2)}\n`);
console.log(`package.json: options of ${Object.keys(setting.properties).length} rules`);

const CONFIG_SCHEMA = path.join(__dirname, '..', 'schemas', 'config.schema.json');
fs.writeFileSync(CONFIG_SCHEMA, `${JSON.stringify(configSchemaJson(ALL_RULES), null, 2)}\n`);
console.log('schemas/config.schema.json');
