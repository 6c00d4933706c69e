// Diagnostic messages are one short sentence saying what is wrong and where; the why and the fix live in the rule's
// `why` (shown on hover) and its docs page. Checked on every finding of the example project and the rule fixtures.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { scan } from '../helpers/engine';
import type { Finding } from '../../server/src/core/types';
import { messageMarkdown } from '../../server/src/lsp/convert';

const ROOT = path.join(__dirname, '..', '..');
const MAX = 120;

/** examples/shop and test/fixtures/rules/<factor>/<rule>/{positive,negative}. */
function folders(): string[] {
  const out = [path.join(ROOT, 'examples', 'shop')];
  const rules = path.join(ROOT, 'test', 'fixtures', 'rules');
  for (const factor of fs.readdirSync(rules).sort()) {
    for (const rule of fs.readdirSync(path.join(rules, factor)).sort()) {
      for (const kind of ['positive', 'negative']) {
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
  after(() => { findings = []; });

  it('are found: the example project and every positive fixture report something', () => {
    assert.ok(findings.some((f) => f.folder === path.join('examples', 'shop')));
    assert.ok(findings.length > 300, `only ${findings.length} findings`);
  });

  it(`are at most ${MAX} characters`, () => {
    const long = findings.filter((f) => f.finding.message.length > MAX).map((f) => `${f.folder} ${f.finding.ruleId} (${f.finding.message.length}): ${f.finding.message}`);
    assert.deepStrictEqual(long, []);
  });

  it('are one sentence, ending with a full stop', () => {
    const bad = findings
      .filter((f) => secondSentence(f.finding.message) !== undefined || !f.finding.message.endsWith('.'))
      .map((f) => `${f.folder} ${f.finding.ruleId}: ${f.finding.message}`);
    assert.deepStrictEqual(bad, []);
  });

  it('render in a Markdown hover as written: code spans stay code, names and paths are not formatting', () => {
    assert.strictEqual(messageMarkdown("Secret SESSION_SECRET ('f3Kq…c1') in .env."), "Secret SESSION\\_SECRET \\('f3Kq…c1'\\) in \\.env\\.");
    assert.strictEqual(messageMarkdown('`carts` is changed by `router.post(\'/:id\')` (line 11).'), "`carts` is changed by `router.post('/:id')` \\(line 11\\)\\.");
    assert.strictEqual(messageMarkdown('A lone ` backtick, *.log and <name>.'), 'A lone \\` backtick, \\*\\.log and \\<name\\>\\.');
  });

  it('tells sentences from quoted text, apostrophes and abbreviations', () => {
    assert.strictEqual(secondSentence("Hardcoded Stripe secret key 'sk_l…89'."), undefined);
    assert.strictEqual(secondSentence("The 'start' script's process (src/index.js) never handles SIGTERM."), undefined);
    assert.strictEqual(secondSentence('Run `a. B` here, e.g. Redis, in "x. Y".'), undefined);
    assert.strictEqual(secondSentence("Hardcoded secret in 'jwtSecret'. Read it from the environment."), '. R');
    assert.strictEqual(secondSentence('Port 3000 is hardcoded. Bind to PORT (factor VII).'), '. B');
  });
});
