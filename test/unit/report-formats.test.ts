// The CI formats in-process, on findings made up to reach what a scan rarely does: relative links in every form,
// annotation text that needs GitHub's escapes, an incomplete scan, Markdown syntax in a message.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import MarkdownIt from 'markdown-it';
import { absoluteLinks } from '../../server/src/util/markdownLinks';
import { docsMarkdown, docsWebUrl } from '../../server/src/core/docs';
import { toMarkdown, toSarif, type Report } from '../../server/src/report/formats';
import { toCodeClimate, toGithub } from '../../server/src/report/ci';
import { ALL_RULES } from '../../server/src/rules';
import type { ReportedFinding } from '../../server/src/core/types';

const BASE = 'https://example.com/o/r/blob/v1.2.3/docs/rules/config/x.md';

function finding(over: Partial<ReportedFinding> = {}): ReportedFinding {
  return {
    ruleId: 'port-binding/hardcoded-port',
    path: '/repo/app/server.js',
    range: { start: { line: 3, character: 4 }, end: { line: 3, character: 8 } },
    message: 'Port 3000 is hardcoded.',
    messageId: 'literal',
    severity: 'warning',
    fingerprint: '0123456789abcdef',
    ...over,
  };
}

function report(over: Partial<Report> = {}): Report {
  return {
    root: '/repo/app',
    repoRoot: '/repo',
    findings: [finding()],
    checklist: [],
    rules: ALL_RULES,
    durationMs: 1,
    version: '1.2.3',
    ...over,
  };
}

describe('absoluteLinks', () => {
  const cases: [string, string][] = [
    [
      'See [the rule](hardcoded-secret.md).',
      'See [the rule](https://example.com/o/r/blob/v1.2.3/docs/rules/config/hardcoded-secret.md).',
    ],
    [
      '[up](../logs/logging.md#why "Logs")',
      '[up](https://example.com/o/r/blob/v1.2.3/docs/rules/logs/logging.md#why "Logs")',
    ],
    ['[angle](<./a b.md>)', '[angle](<https://example.com/o/r/blob/v1.2.3/docs/rules/config/a%20b.md>)'],
    ['[anchor](#options)', `[anchor](${BASE}#options)`],
    ['![logo](../../images/logo.png)', '![logo](https://example.com/o/r/blob/v1.2.3/docs/images/logo.png)'],
    ['[id]: ../x.md "title"', '[id]: https://example.com/o/r/blob/v1.2.3/docs/rules/x.md "title"'],
    [
      '<a href="y.md">y</a> <img src=\'z.png\'>',
      '<a href="https://example.com/o/r/blob/v1.2.3/docs/rules/config/y.md">y</a> <img src=\'https://example.com/o/r/blob/v1.2.3/docs/rules/config/z.png\'>',
    ],
    // Left alone: absolute URLs of any scheme, code spans, and text that only looks like a link.
    [
      '[web](https://12factor.net/config) [mail](mailto:a@b.c)',
      '[web](https://12factor.net/config) [mail](mailto:a@b.c)',
    ],
    [
      '`[t](x.md)` and ``a`[t](y.md)`` then [t](z.md)',
      '`[t](x.md)` and ``a`[t](y.md)`` then [t](https://example.com/o/r/blob/v1.2.3/docs/rules/config/z.md)',
    ],
    [
      'a ` lone backtick [t](z.md)',
      'a ` lone backtick [t](https://example.com/o/r/blob/v1.2.3/docs/rules/config/z.md)',
    ],
    ['call(x) and f(a)(b)', 'call(x) and f(a)(b)'],
  ];
  for (const [input, expected] of cases)
    it(`rewrites ${JSON.stringify(input)}`, () => assert.strictEqual(absoluteLinks(input, BASE), expected));

  it('leaves fenced code blocks as they are, ``` and ~~~, until their closing fence', () => {
    const md = ['```md', '[a](a.md)', '~~~', '[b](b.md)', '```', '~~~~', '[c](c.md)', '~~~~', '[d](d.md)'].join('\n');
    const out = absoluteLinks(md, BASE).split('\n');
    assert.deepStrictEqual(out.slice(0, 8), md.split('\n').slice(0, 8));
    assert.strictEqual(out[8], '[d](https://example.com/o/r/blob/v1.2.3/docs/rules/config/d.md)');
  });

  it('every rule page comes out with only absolute links, as a CommonMark parser reads them', () => {
    const md = new MarkdownIt({ html: true });
    let rewritten = 0;
    for (const rule of ALL_RULES) {
      const page = docsMarkdown(rule.meta.id);
      assert.ok(page, rule.meta.id);
      const out = absoluteLinks(page, docsWebUrl(rule.meta.id, '1.2.3'));
      if (out !== page) rewritten++;
      const hrefs: string[] = [];
      const walk = (tokens: ReturnType<typeof md.parse>) => {
        for (const t of tokens) {
          const href = t.attrGet('href') ?? t.attrGet('src');
          if (href !== null) hrefs.push(String(href));
          if (t.children) walk(t.children);
        }
      };
      walk(md.parse(out, {}));
      for (const href of hrefs) assert.match(href, /^(https:|mailto:)/, `${rule.meta.id}: ${href}`);
      // Nothing changed but link destinations.
      const destinationsOut = (s: string) => s.replace(/\]\([^)\s]*/g, '](');
      assert.strictEqual(destinationsOut(out), destinationsOut(page), rule.meta.id);
    }
    assert.ok(rewritten >= 4, `${rewritten} pages have relative links`);
  });
});

describe('toGithub', () => {
  it("escapes properties and message as GitHub's toolkit does, and shows control characters", () => {
    const out = toGithub(
      report({
        findings: [
          finding({ path: '/repo/app/we,ird:na%me.js', message: "Port '50%' is hardcoded\nhere::\x1b[31m." }),
          finding({
            ruleId: 'config/hardcoded-secret',
            severity: 'info',
            range: { start: { line: 0, character: 2 }, end: { line: 2, character: 1 } },
          }),
        ],
      }),
    );
    assert.strictEqual(
      out,
      "::warning file=app/we%2Cird%3Ana%25me.js,line=4,endLine=4,col=5,endColumn=9,title=port-binding/hardcoded-port::Port '50%25' is hardcoded\\nhere::\\x1b[31m.\n" +
        // A range over several lines: GitHub takes no columns then.
        '::notice file=app/server.js,line=1,endLine=3,title=config/hardcoded-secret::Port 3000 is hardcoded.\n',
    );
  });
});

describe('toCodeClimate', () => {
  it('keeps the fingerprint when the scan is of the repository root, and scopes it to the folder otherwise', () => {
    const [atRoot] = JSON.parse(
      toCodeClimate(report({ root: '/repo', findings: [finding({ path: '/repo/server.js' })] })),
    );
    assert.strictEqual(atRoot.fingerprint, '0123456789abcdef');
    const [inApp] = JSON.parse(toCodeClimate(report()));
    assert.match(inApp.fingerprint, /^[0-9a-f]{32}$/);
    assert.strictEqual(inApp.location.path, 'app/server.js');
  });
});

describe('toSarif', () => {
  const validate = (() => {
    const ajv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    const file = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
    return ajv.compile(JSON.parse(fs.readFileSync(file, 'utf8')));
  })();
  /** Against the SARIF 2.1.0 schema; a plain boolean, so the log keeps its type. */
  const validSarif = (log: unknown): boolean => validate(log);

  it('an unreadable file or a rule failure makes the execution unsuccessful, each with an error notification', () => {
    const log = JSON.parse(
      toSarif(
        report({
          skipped: [
            { path: '/repo/app/locked.js', rel: 'locked.js', reason: 'unreadable', message: 'permission denied' },
            { path: '/elsewhere/x.js', rel: '../../elsewhere/x.js', reason: 'outside-workspace', message: 'outside' },
          ],
          ruleFailures: 2,
        }),
      ),
    );
    assert.ok(validSarif(log), JSON.stringify(validate.errors));
    const [invocation] = log.runs[0].invocations;
    assert.strictEqual(invocation.executionSuccessful, false);
    assert.deepStrictEqual(
      invocation.toolExecutionNotifications.map((n: { level: string; message: { text: string } }) => [
        n.level,
        n.message.text,
      ]),
      [
        ['error', 'Skipped locked.js: permission denied.'],
        ['note', 'Skipped ../../elsewhere/x.js: outside.'],
        ['error', '2 rule failures; the other findings are kept.'],
      ],
    );
    // Outside the repository root: an absolute URI rather than a relative one that climbs out of it.
    assert.deepStrictEqual(invocation.toolExecutionNotifications[1].locations[0].physicalLocation.artifactLocation, {
      uri: 'file:///elsewhere/x.js',
    });
    assert.strictEqual(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri, 'app/server.js');
  });

  it('a rule without a docs page still gets help and a helpUri', () => {
    const rule = { ...ALL_RULES[0], meta: { ...ALL_RULES[0].meta, id: 'config/not-a-rule' } };
    const log = JSON.parse(toSarif(report({ rules: [rule], findings: [finding({ ruleId: 'config/not-a-rule' })] })));
    assert.ok(validSarif(log), JSON.stringify(validate.errors));
    const [r] = log.runs[0].tool.driver.rules;
    assert.strictEqual(
      r.helpUri,
      'https://github.com/twelve-factor-lint/twelve-factor/blob/v1.2.3/docs/rules/config/not-a-rule.md',
    );
    assert.ok(r.help.markdown.includes(`(${r.helpUri})`));
  });
});

describe('toMarkdown', () => {
  it('escapes what a message or file name could make into a link, HTML, emphasis or a table cell', () => {
    const out = toMarkdown(
      report({
        checklist: [
          {
            factor: 7,
            slug: 'port-binding',
            name: 'Port binding',
            summary: '',
            url: 'https://12factor.net/port-binding',
            status: 'warn',
            counts: { error: 0, warning: 1, info: 0, hint: 0 },
            findings: [
              {
                ruleId: 'port-binding/hardcoded-port',
                message: 'Port <img src=x> in [a](http://x) *b* | c `d`',
                severity: 'warning',
                uri: path.join('/repo/app', 'odd`name.js'),
                range: finding().range,
                docsUrl: '',
              },
            ],
            manualChecks: [],
          },
        ],
      }),
    );
    assert.match(out, /^Scanned `app` in 1 ms: 1 finding\.$/m);
    assert.ok(
      out.includes(
        '- **warning** `` odd`name.js:4 `` Port \\<img src=x\\> in \\[a\\](http://x) \\*b\\* \\| c \\`d\\` ([port-binding/hardcoded-port](https://github.com/twelve-factor-lint/twelve-factor/blob/v1.2.3/docs/rules/port-binding/hardcoded-port.md))',
      ),
      out,
    );
  });
});
