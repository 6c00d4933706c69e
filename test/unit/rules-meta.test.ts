// Every rule is wired up the same way: id matches its factor and file, docs exist, README lists it.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { execFileSync } from 'child_process';
import { ALL_RULES } from '../../server/src/rules';
import { FACTORS, factorBySlug, factorLabel } from '../../server/src/core/factors';
import { docsPath } from '../../server/src/core/docs';
import { ruleSettingSchema } from '../../server/src/core/options';

const ROOT = path.join(__dirname, '..', '..');

describe('rule metadata', () => {
  it('ids are unique and <factor-slug>/<rule-name>', () => {
    const ids = ALL_RULES.map((r) => r.meta.id);
    assert.strictEqual(new Set(ids).size, ids.length);
    for (const r of ALL_RULES) {
      assert.match(r.meta.id, /^[a-z-]+\/[a-z0-9-]+$/);
      assert.strictEqual(r.meta.id.split('/')[0], r.meta.factor, r.meta.id);
      assert.ok(FACTORS.some((f) => f.slug === r.meta.factor));
      assert.ok(['error', 'warning', 'info', 'hint'].includes(r.meta.severity));
      assert.ok(r.meta.description.length > 10, `${r.meta.id} needs a description`);
      assert.ok(r.sources?.length || r.checkProject, `${r.meta.id} checks nothing`);
    }
  });

  it('each rule has a why for the hover: one or two sentences that name its factor', () => {
    for (const r of ALL_RULES) {
      const why = r.meta.why?.trim() ?? '';
      assert.ok(why.length > 40, `${r.meta.id} needs a why`);
      const roman = factorLabel(factorBySlug(r.meta.factor).n).split('.')[0];
      assert.match(
        why,
        new RegExp(`\\bfactors? ([IVX]+, )*${roman}\\b`),
        `${r.meta.id}: the why names factor ${roman}`,
      );
      // Sentence ends outside backticks; `e.g.` is no sentence end.
      const ends =
        why
          .replace(/`[^`]*`/g, '``')
          .replace(/\b(e\.g|i\.e)\./g, '$1')
          .match(/[.!?](\s|$)/g) ?? [];
      assert.ok(ends.length >= 1 && ends.length <= 2, `${r.meta.id}: the why has ${ends.length} sentences`);
    }
  });

  it('each rule lives in server/src/rules/<factor>/<rule>.ts', () => {
    for (const r of ALL_RULES) {
      assert.ok(
        fs.existsSync(path.join(ROOT, 'server', 'src', 'rules', `${r.meta.id}.ts`)),
        `missing server/src/rules/${r.meta.id}.ts`,
      );
    }
  });

  it('each rule has a docs page with the required sections, and the README lists it', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    for (const r of ALL_RULES) {
      const p = docsPath(r.meta.id);
      assert.ok(fs.existsSync(p), `missing ${path.relative(ROOT, p)}`);
      const doc = fs.readFileSync(p, 'utf8');
      assert.ok(doc.startsWith(`# ${r.meta.id}`), `${r.meta.id}: title`);
      for (const section of ['## What it flags', '## Why', '## Bad', '## Good', '## Fix', '## Suppress']) {
        assert.ok(doc.includes(section), `${r.meta.id}: missing "${section}"`);
      }
      assert.ok(readme.includes(`\`${r.meta.id}\``), `README does not list ${r.meta.id}`);
    }
  });

  it('has a test file per rule', () => {
    for (const r of ALL_RULES) {
      assert.ok(
        fs.existsSync(path.join(ROOT, 'test', 'unit', 'rules', `${r.meta.id}.test.ts`)),
        `missing test/unit/rules/${r.meta.id}.test.ts`,
      );
    }
  });
});

describe('fixtures', () => {
  it('are all committed: a fixture .gitignore must not hide fixture files from git', () => {
    // Fixtures hold .env files that their own .gitignore ignores; a clean checkout would silently lack them.
    const out = execFileSync(
      'git',
      ['ls-files', '--others', '--ignored', '--exclude-standard', '--', 'test/fixtures', 'examples'],
      { cwd: ROOT, encoding: 'utf8' },
    );
    assert.strictEqual(out.trim(), '', `force-add these (git add -f):\n${out}`);
  });

  it('options: an object schema whose every property has a default and a description, documented on the rule page, and in the settings schema', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    const settings = pkg.contributes.configuration.properties['twelveFactor.rules'].properties ?? {};
    const withOptions = ALL_RULES.filter((r) => r.meta.options);
    assert.ok(withOptions.length >= 1);
    for (const r of withOptions) {
      const schema = r.meta.options!;
      assert.strictEqual(schema.type, 'object', r.meta.id);
      assert.strictEqual(schema.additionalProperties, false, `${r.meta.id}: a misspelt option must not pass`);
      const page = fs.readFileSync(docsPath(r.meta.id), 'utf8');
      assert.match(page, /\n## Options\n/, `${r.meta.id} documents its options`);
      for (const [name, prop] of Object.entries(schema.properties)) {
        assert.ok(prop.default !== undefined && prop.description, `${r.meta.id} ${name}: default and description`);
        assert.ok(page.includes(`\`${name}\``), `${r.meta.id}'s page names \`${name}\``);
      }
      assert.deepStrictEqual(settings[r.meta.id], ruleSettingSchema(r.meta), `${r.meta.id}: run npm run docs:rules`);
    }
    assert.deepStrictEqual(
      Object.keys(settings).sort(),
      withOptions.map((r) => r.meta.id).sort(),
      'run npm run docs:rules',
    );
  });
});
