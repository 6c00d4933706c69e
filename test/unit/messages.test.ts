// Diagnostic messages are one short sentence saying what is wrong and where; the why and the fix live in the rule's
// `why` (shown on hover) and its docs page. Checked on every finding of the example project and the rule fixtures.
// Rules report messages by id from `meta.messages`; the ids a rule's source names and the ones it declares must match.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { scan } from '../helpers/engine';
import type { Finding } from '../../server/src/core/types';
import { messageMarkdown } from '../../server/src/lsp/convert';
import { ALL_RULES } from '../../server/src/rules';
import { formatMessage, placeholders, sarifTemplate } from '../../server/src/core/messages';

const ROOT = path.join(__dirname, '..', '..');
const RULES = path.join(ROOT, 'server', 'src', 'rules');
const LANG = path.join(ROOT, 'server', 'src', 'lang');

/**
 * What a rule's source says about message ids, its `messages: { … }` block left out: the ids it names (string literals
 * in a `messageId: …` / `messageId = …` expression) and every quoted word (an id may come from a value the rule computes,
 * as unpinned-base-image's `'latest'`). The shared start-up helper (model/startSites.ts) takes a rule's message from it.
 */
function sourceIds(ruleId: string): { named: Set<string>; quoted: Set<string> } {
  // The rule file and its source checks, one per language (lang/<language>/checks/<rule id>.ts).
  const checks = fs
    .readdirSync(LANG)
    .map((language) => path.join(LANG, language, 'checks', `${ruleId}.ts`))
    .filter((f) => fs.existsSync(f));
  const text = [path.join(RULES, `${ruleId}.ts`), ...checks]
    .map((f) => fs.readFileSync(f, 'utf8'))
    .join('\n')
    .replace(/\n {4}messages: \{\n[\s\S]*?\n {4}\},/, '');
  const named = new Set<string>();
  for (const m of text.matchAll(/\bmessageId\s*[:=]\s*([^,;\n]*(?:\?[^,;\n]*)?)/g))
    for (const q of m[1].replace(/[!=]==\s*'\w+'/g, '').matchAll(/'(\w+)'/g)) named.add(q[1]);
  return { named, quoted: new Set([...text.matchAll(/'(\w+)'/g)].map((m) => m[1])) };
}
const MAX = 120;

/** examples/shop and test/fixtures/rules/<factor>/<rule>/{positive,negative,py-positive,py-negative}. */
function folders(): string[] {
  const out = [path.join(ROOT, 'examples', 'shop')];
  const rules = path.join(ROOT, 'test', 'fixtures', 'rules');
  for (const factor of fs.readdirSync(rules).sort()) {
    for (const rule of fs.readdirSync(path.join(rules, factor)).sort()) {
      for (const kind of ['positive', 'negative', 'py-positive', 'py-negative']) {
        const dir = path.join(rules, factor, rule, kind);
        if (fs.existsSync(dir)) out.push(dir);
      }
    }
  }
  return out;
}

/**
 * Where a message would start a second sentence, if anywhere: a `.`, `!` or `?` followed by a space and a capital.
 * Quoted text (`code`, "json", 'value') and the abbreviations e.g. / i.e. are not sentence text. A quote opens after
 * a space or bracket only, so the apostrophe of "script's" is not one.
 */
function secondSentence(message: string): string | undefined {
  const prose = message
    .replace(/`[^`]*`/g, '`…`')
    .replace(/"[^"]*"/g, '"…"')
    .replace(/(^|[\s([{])'[^']*'(?=[\s.,:;)\]}]|$)/g, "$1'…'")
    .replace(/\b(e\.g|i\.e|etc)\./g, '$1');
  return /[.!?]\s+[A-Z]/.exec(prose)?.[0];
}

describe('diagnostic messages', () => {
  let findings: { folder: string; finding: Finding }[] = [];

  before(async function () {
    this.timeout(120_000);
    for (const folder of folders()) {
      const s = await scan(folder);
      findings.push(...s.findings.map((finding) => ({ folder: path.relative(ROOT, folder), finding })));
    }
  });
  after(() => {
    findings = [];
  });

  it('are found: the example project and every positive fixture report something', () => {
    assert.ok(findings.some((f) => f.folder === path.join('examples', 'shop')));
    assert.ok(findings.length > 300, `only ${findings.length} findings`);
  });

  it('name a message the rule declares, with every placeholder filled', () => {
    const byId = new Map(ALL_RULES.map((r) => [r.meta.id, r]));
    const bad: string[] = [];
    for (const { folder, finding: f } of findings) {
      const messages = byId.get(f.ruleId)?.meta.messages;
      if (!messages || !Object.prototype.hasOwnProperty.call(messages, f.messageId))
        bad.push(`${folder} ${f.ruleId}: unknown message '${f.messageId}'`);
      else if (f.message.includes('{{'))
        bad.push(`${folder} ${f.ruleId} ${f.messageId}: unfilled placeholder in ${f.message}`);
    }
    assert.deepStrictEqual(bad, []);
  });

  it(`are at most ${MAX} characters`, () => {
    const long = findings
      .filter((f) => f.finding.message.length > MAX)
      .map((f) => `${f.folder} ${f.finding.ruleId} (${f.finding.message.length}): ${f.finding.message}`);
    assert.deepStrictEqual(long, []);
  });

  it('are one sentence, ending with a full stop', () => {
    const bad = findings
      .filter((f) => secondSentence(f.finding.message) !== undefined || !f.finding.message.endsWith('.'))
      .map((f) => `${f.folder} ${f.finding.ruleId}: ${f.finding.message}`);
    assert.deepStrictEqual(bad, []);
  });

  it('render in a Markdown hover as written: code spans stay code, names and paths are not formatting', () => {
    assert.strictEqual(
      messageMarkdown("Secret SESSION_SECRET ('f3Kq…c1') in .env."),
      "Secret SESSION\\_SECRET \\('f3Kq…c1'\\) in \\.env\\.",
    );
    assert.strictEqual(
      messageMarkdown("`carts` is changed by `router.post('/:id')` (line 11)."),
      "`carts` is changed by `router.post('/:id')` \\(line 11\\)\\.",
    );
    assert.strictEqual(
      messageMarkdown('A lone ` backtick, *.log and <name>.'),
      'A lone \\` backtick, \\*\\.log and \\<name\\>\\.',
    );
  });

  it('tells sentences from quoted text, apostrophes and abbreviations', () => {
    assert.strictEqual(secondSentence("Hardcoded Stripe secret key 'sk_l…89'."), undefined);
    assert.strictEqual(secondSentence("The 'start' script's process (src/index.js) never handles SIGTERM."), undefined);
    assert.strictEqual(secondSentence('Run `a. B` here, e.g. Redis, in "x. Y".'), undefined);
    assert.strictEqual(secondSentence("Hardcoded secret in 'jwtSecret'. Read it from the environment."), '. R');
    assert.strictEqual(secondSentence('Port 3000 is hardcoded. Bind to PORT (factor VII).'), '. B');
  });
});

describe('rule message tables', () => {
  it('every rule declares its messages: one sentence each, ending with a full stop, placeholders named {{likeThis}}', () => {
    const bad: string[] = [];
    for (const r of ALL_RULES) {
      const entries = Object.entries(r.meta.messages ?? {});
      if (!entries.length) bad.push(`${r.meta.id} declares no messages`);
      for (const [id, template] of entries) {
        if (!/^[a-z][A-Za-z0-9]*$/.test(id)) bad.push(`${r.meta.id} ${id}: ids are camelCase`);
        if (secondSentence(template) !== undefined || !template.endsWith('.'))
          bad.push(`${r.meta.id} ${id}: not one sentence: ${template}`);
        if (template.replace(/\{\{\w+\}\}/g, '').includes('{{'))
          bad.push(`${r.meta.id} ${id}: malformed placeholder: ${template}`);
        if (template.replace(/\{\{\w+\}\}/g, 'x').length > MAX)
          bad.push(`${r.meta.id} ${id}: longer than ${MAX} characters before its values`);
      }
    }
    assert.deepStrictEqual(bad, []);
  });

  it("every message id a rule's source names is declared, and every declared message is reported somewhere", () => {
    const bad: string[] = [];
    for (const r of ALL_RULES) {
      const declared = new Set(Object.keys(r.meta.messages));
      const { named, quoted } = sourceIds(r.meta.id);
      for (const id of named)
        if (!declared.has(id)) bad.push(`${r.meta.id} reports '${id}', which it does not declare`);
      for (const id of declared) if (!quoted.has(id)) bad.push(`${r.meta.id} declares '${id}', which no report names`);
    }
    assert.deepStrictEqual(bad, []);
    // The scan finds what it should: most rules name their ids right in `messageId: '…'`.
    assert.ok(ALL_RULES.filter((r) => sourceIds(r.meta.id).named.size > 0).length > 40);
  });

  it('become SARIF message strings: placeholders numbered in order of first use, other braces doubled', () => {
    assert.strictEqual(sarifTemplate('{{a}} runs {{b}} ({{a}}).'), '{0} runs {1} ({0}).');
    assert.strictEqual(sarifTemplate('Use `${X}` not {x} in {{file}}.'), 'Use `${{X}}` not {{x}} in {0}.');
    assert.strictEqual(sarifTemplate('Plain.'), 'Plain.');
  });

  it('are filled in one pass: values as given, a missing value leaves its placeholder, an unknown id throws', () => {
    const meta = { id: 'x/y', messages: { a: '{{file}} is not ignored ({{n}}).', b: 'Plain.' } };
    assert.strictEqual(
      formatMessage(meta, { messageId: 'a', data: { file: '.env', n: 2 } }),
      '.env is not ignored (2).',
    );
    assert.strictEqual(
      formatMessage(meta, { messageId: 'a', data: { file: '{{n}}', n: 2 } }),
      '{{n}} is not ignored (2).',
    );
    assert.strictEqual(formatMessage(meta, { messageId: 'a', data: { file: '$&' } }), '$& is not ignored ({{n}}).');
    assert.strictEqual(formatMessage(meta, { messageId: 'b' }), 'Plain.');
    assert.throws(() => formatMessage(meta, { messageId: 'toString' }), /x\/y has no message 'toString'/);
    assert.deepStrictEqual(placeholders(meta.messages.a), ['file', 'n']);
  });
});
