// What CI platforms read: SARIF for GitHub code scanning (validated against the SARIF 2.1.0 schema), GitHub workflow
// annotations, GitLab Code Quality, the Markdown job summary, the JSON report against its schema, and the thresholds.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import Ajv from 'ajv';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import MarkdownIt from 'markdown-it';
import { FIXTURES, tempProject } from '../helpers/engine';
import { ALL_RULES } from '../../server/src/rules';
import { SECURITY_RULES } from '../../server/src/report/ruleMetadata';

const REPO = path.join(__dirname, '..', '..');
const CLI = path.join(REPO, 'bin', 'twelve-factor');
const APP = path.join(FIXTURES, 'lsp', 'app');
const SHOP = path.join(REPO, 'examples', 'shop');
const CLEAN = path.join(REPO, 'examples', 'clean-service');
const { version: VERSION } = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as {
  version: string;
};
const SECRET = 'sk_live_4eC39HqLyjWDarjtT1zdp7dcTTx';
const DOCS = 'https://github.com/twelve-factor-lint/twelve-factor/blob/';

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** The SARIF 2.1.0 schema as Microsoft's SARIF SDK ships it (draft-04; one of its patterns is not valid with /u). */
const validSarif = (() => {
  const ajv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const file = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
  return ajv.compile(JSON.parse(fs.readFileSync(file, 'utf8')));
})();

const validReport = (() => {
  const ajv = new Ajv({ allErrors: true, strict: true });
  addFormats(ajv);
  return ajv.compile(JSON.parse(fs.readFileSync(path.join(REPO, 'schemas', 'report.schema.json'), 'utf8')));
})();

function assertSarif(text: string): SarifLog {
  const log = JSON.parse(text) as SarifLog;
  assert.ok(validSarif(log), JSON.stringify(validSarif.errors?.slice(0, 5), null, 1));
  return log;
}

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  partialFingerprints: Record<string, string>;
  locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string } } }[];
  suppressions?: { kind: string }[];
}
interface SarifRule {
  id: string;
  helpUri: string;
  help: { text: string; markdown: string };
  properties: { tags: string[]; precision: string; 'problem.severity': string; 'security-severity'?: string };
}
interface SarifLog {
  runs: {
    tool: { driver: { rules: SarifRule[] } };
    automationDetails: { id: string };
    originalUriBaseIds: { SRCROOT: { uri: string } };
    invocations: {
      executionSuccessful: boolean;
      toolExecutionNotifications: {
        level: string;
        message: { text: string };
        locations?: { physicalLocation: { artifactLocation: { uri: string } } }[];
      }[];
    }[];
    results: SarifResult[];
  }[];
}

const uriOf = (r: SarifResult) => r.locations[0].physicalLocation.artifactLocation.uri;

const SERVER = [
  "const express = require('express');",
  `const key = '${SECRET}';`,
  '// twelve-factor-disable-next-line port-binding/hardcoded-port -- the platform maps it',
  'express().listen(3000);',
  '',
].join('\n');

/** A repository with two apps; `.git` a folder, or a file as in a worktree or submodule. */
function monorepo(gitFile = false): string {
  const app = (name: string) => ({
    [`apps/${name}/package.json`]: `{"name":"${name}","dependencies":{"express":"^4.0.0"}}`,
    [`apps/${name}/server.js`]: SERVER,
    [`apps/${name}/blob.js`]: Buffer.from([0, 1, 2, 0, 255, 0]),
  });
  return tempProject({
    ...(gitFile ? { '.git': 'gitdir: /elsewhere/.git/worktrees/x\n' } : { '.git/HEAD': 'ref: refs/heads/main\n' }),
    ...app('web'),
    ...app('api'),
  });
}

describe('CI output', function () {
  this.timeout(30000);

  describe('SARIF for GitHub code scanning', () => {
    it('is valid SARIF 2.1.0 for a fixture app, examples/shop and a clean project', () => {
      for (const dir of [APP, SHOP, CLEAN]) {
        const log = assertSarif(run('check', dir, '--format', 'sarif').out);
        assert.ok(dir === CLEAN || log.runs[0].results.length > 0, dir);
      }
    });

    it('paths start at the repository root found from .git, and --sarif-root overrides it', () => {
      for (const gitFile of [false, true]) {
        const repo = monorepo(gitFile);
        const r = run('check', path.join(repo, 'apps', 'web'), '--format', 'sarif');
        assert.strictEqual(r.code, 1, r.err);
        const run0 = assertSarif(r.out).runs[0];
        assert.strictEqual(run0.originalUriBaseIds.SRCROOT.uri, `file://${repo}/`);
        const uris = run0.results.map(uriOf);
        assert.ok(uris.includes('apps/web/server.js'), uris.join(' '));
        for (const res of run0.results) {
          assert.match(uriOf(res), /^apps\/web\//);
          assert.strictEqual(res.locations[0].physicalLocation.artifactLocation.uriBaseId, 'SRCROOT');
        }
        // One category per scanned folder, so uploads for two apps do not close each other's alerts.
        assert.strictEqual(run0.automationDetails.id, 'twelve-factor/apps/web/');
      }
      const repo = monorepo();
      const api = assertSarif(run('check', path.join(repo, 'apps', 'api'), '--format', 'sarif').out).runs[0];
      assert.strictEqual(api.automationDetails.id, 'twelve-factor/apps/api/');
      const own = run(
        'check',
        path.join(repo, 'apps', 'web'),
        '--format',
        'sarif',
        '--sarif-root',
        path.join(repo, 'apps'),
      );
      const run0 = assertSarif(own.out).runs[0];
      assert.ok(run0.results.every((res) => uriOf(res).startsWith('web/')));
      assert.strictEqual(run0.automationDetails.id, 'twelve-factor/web/');
      const atRoot = assertSarif(
        run(
          'check',
          path.join(repo, 'apps', 'web'),
          '--format',
          'sarif',
          '--sarif-root',
          path.join(repo, 'apps', 'web'),
        ).out,
      );
      assert.strictEqual(atRoot.runs[0].automationDetails.id, 'twelve-factor/');
      assert.ok(atRoot.runs[0].results.some((res) => uriOf(res) === 'server.js'));
      const outside = run('check', path.join(repo, 'apps', 'web'), '--sarif-root', path.join(repo, 'apps', 'api'));
      assert.strictEqual(outside.code, 2);
      assert.match(outside.err, /^twelve-factor: --sarif-root .*apps\/api does not contain .*apps\/web\n$/);
    });

    it('each rule has a versioned https helpUri to its docs page and help without relative links', () => {
      const rules = assertSarif(run('check', SHOP, '--format', 'sarif').out).runs[0].tool.driver.rules;
      assert.ok(rules.length > 30, `${rules.length} rules`);
      const md = new MarkdownIt({ html: true });
      for (const rule of rules) {
        assert.strictEqual(rule.helpUri, `${DOCS}v${VERSION}/docs/rules/${rule.id}.md`);
        assert.ok(fs.existsSync(path.join(REPO, 'docs', 'rules', `${rule.id}.md`)), rule.id);
        assert.ok(rule.help.text.includes(rule.helpUri), rule.id);
        for (const href of linksIn(md, rule.help.markdown))
          assert.match(href, /^(https:|mailto:)/, `${rule.id}: ${href}`);
      }
      // The pages that do link to each other now link to the same version's page.
      const secret = rules.find((x) => x.id === 'config/secret-in-example')!;
      assert.ok(secret.help.markdown.includes(`(${DOCS}v${VERSION}/docs/rules/config/hardcoded-secret.md)`));
    });

    it('credential rules are security rules with a security-severity; every rule has precision and problem.severity', () => {
      const rules = assertSarif(run('check', SHOP, '--format', 'sarif').out).runs[0].tool.driver.rules;
      const ids = rules.map((x) => x.id);
      for (const id of [
        'config/hardcoded-secret',
        'config/secret-in-example',
        'config/secret-in-dockerfile',
        'config/secret-exposed-to-client',
      ])
        assert.ok(ids.includes(id), `examples/shop reports ${id}`);
      for (const rule of rules) {
        const { tags, precision } = rule.properties;
        assert.ok(['very-high', 'high', 'medium', 'low'].includes(precision), rule.id);
        assert.ok(['error', 'warning', 'recommendation'].includes(rule.properties['problem.severity']), rule.id);
        if (rule.id in SECURITY_RULES) {
          assert.ok(tags.includes('security') && tags.some((t) => /^external\/cwe\/cwe-\d+$/.test(t)), rule.id);
          const score = rule.properties['security-severity'];
          assert.match(score ?? '', /^\d+\.\d$/, rule.id);
          assert.ok(Number(score) > 0 && Number(score) <= 10, rule.id);
        } else {
          assert.ok(!tags.includes('security') && rule.properties['security-severity'] === undefined, rule.id);
        }
      }
      assert.ok(Number(rules.find((x) => x.id === 'config/hardcoded-secret')!.properties['security-severity']) >= 7);
    });

    it('a finding silenced by a disable comment is kept as suppressed, with its reason and the fingerprint it has without one', () => {
      const repo = monorepo();
      const web = path.join(repo, 'apps', 'web');
      const results = assertSarif(run('check', web, '--format', 'sarif').out).runs[0].results;
      const port = results.filter((x) => x.ruleId === 'port-binding/hardcoded-port');
      assert.strictEqual(port.length, 1);
      // The comment's reason after `--` is the justification code scanning shows.
      assert.deepStrictEqual(port[0].suppressions, [{ kind: 'inSource', justification: 'the platform maps it' }]);
      assert.ok(results.filter((x) => x !== port[0]).every((x) => x.suppressions === undefined));
      // Not a finding for anything else: the JSON report, the exit code and the other formats leave it out.
      const json = JSON.parse(run('check', web, '--format', 'json', '--max-severity', 'hint').out);
      assert.ok(!json.findings.some((f: { ruleId: string }) => f.ruleId === 'port-binding/hardcoded-port'));
      assert.ok(!run('check', web, '--format', 'github').out.includes('hardcoded-port'));
      // Without the comment the same finding is reported, under the same fingerprint.
      fs.writeFileSync(path.join(web, 'server.js'), SERVER.replace(/^\/\/ twelve-factor-disable.*\n/m, ''));
      const plain = assertSarif(run('check', web, '--format', 'sarif').out).runs[0].results;
      const unsuppressed = plain.find((x) => x.ruleId === 'port-binding/hardcoded-port')!;
      assert.strictEqual(unsuppressed.suppressions, undefined);
      assert.deepStrictEqual(unsuppressed.partialFingerprints, port[0].partialFingerprints);
    });

    it('the invocation lists skipped files and says whether the run was complete', () => {
      const repo = monorepo();
      const run0 = assertSarif(run('check', path.join(repo, 'apps', 'web'), '--format', 'sarif').out).runs[0];
      const [invocation] = run0.invocations;
      assert.strictEqual(invocation.executionSuccessful, true);
      const blob = invocation.toolExecutionNotifications.find(
        (n) => n.locations?.[0].physicalLocation.artifactLocation.uri === 'apps/web/blob.js',
      );
      assert.ok(blob, JSON.stringify(invocation));
      assert.strictEqual(blob.level, 'note');
      assert.match(blob.message.text, /^Skipped blob\.js: binary/);
    });

    it('never shows a secret in full', () => {
      const out = run('check', path.join(monorepo(), 'apps', 'web'), '--format', 'sarif').out;
      assert.ok(!out.includes(SECRET));
    });
  });

  describe('other formats', () => {
    it('github: one workflow annotation per finding, repository-relative, with the rule as title', () => {
      const repo = monorepo();
      const r = run('check', path.join(repo, 'apps', 'web'), '--format', 'github', '--max-severity', 'hint');
      assert.strictEqual(r.code, 1, r.err);
      const lines = r.out.trimEnd().split('\n');
      const json = JSON.parse(run('check', path.join(repo, 'apps', 'web'), '--format', 'json').out);
      assert.strictEqual(lines.length, json.findings.length);
      for (const line of lines)
        assert.match(
          line,
          /^::(error|warning|notice) file=apps\/web\/[^,]+,line=\d+,endLine=\d+(,col=\d+,endColumn=\d+)?,title=[a-z-]+\/[a-z-]+::\S.*$/,
        );
      assert.ok(
        lines.includes(
          "::error file=apps/web/server.js,line=2,endLine=2,col=13,endColumn=50,title=config/hardcoded-secret::Hardcoded Stripe secret key 'sk_l…Tx'.",
        ),
        lines.join('\n'),
      );
      assert.ok(!r.out.includes(SECRET));
    });

    it('codeclimate: the GitLab Code Quality fields, repository-relative paths, unique fingerprints per app', () => {
      const repo = monorepo();
      const issues = (app: string) => {
        const r = run('check', path.join(repo, 'apps', app), '--format', 'codeclimate');
        assert.strictEqual(r.code, 1, r.err);
        assert.ok(!r.out.includes(SECRET));
        return JSON.parse(r.out) as {
          description: string;
          check_name: string;
          fingerprint: string;
          severity: string;
          categories: string[];
          location: { path: string; lines: { begin: number } };
        }[];
      };
      const web = issues('web');
      assert.ok(web.length > 0);
      for (const i of web) {
        assert.ok(i.description && i.check_name && i.fingerprint, JSON.stringify(i));
        assert.ok(['info', 'minor', 'major', 'critical', 'blocker'].includes(i.severity));
        assert.match(i.location.path, /^apps\/web\//);
        assert.ok(Number.isInteger(i.location.lines.begin) && i.location.lines.begin >= 1);
      }
      const secret = web.find((i) => i.check_name === 'config/hardcoded-secret')!;
      assert.deepStrictEqual(
        { ...secret, fingerprint: '' },
        {
          type: 'issue',
          check_name: 'config/hardcoded-secret',
          description: "Hardcoded Stripe secret key 'sk_l…Tx'.",
          categories: ['Security'],
          fingerprint: '',
          severity: 'major',
          location: { path: 'apps/web/server.js', lines: { begin: 2, end: 2 } },
        },
      );
      // The two apps have the same files: GitLab merges a pipeline's reports, so their fingerprints must differ.
      const all = [...web, ...issues('api')].map((i) => i.fingerprint);
      assert.strictEqual(new Set(all).size, all.length);
    });

    it('markdown: the checklist table and each finding linked to its rule page, for a job summary', () => {
      const r = run('check', APP, '--format', 'markdown');
      assert.strictEqual(r.code, 1, r.err);
      assert.match(r.out, /^# Twelve-Factor report\n\nScanned `test\/fixtures\/lsp\/app` in \d+ ms: \d+ findings\.\n/);
      assert.match(r.out, /^\| \[III\. Config\]\(https:\/\/12factor\.net\/config\) \| ❌ fail \| \d+ \|$/m);
      assert.ok(
        r.out.includes(
          `- **error** \`src/payments.js:3\` Hardcoded Stripe secret key 'sk\\_l…Tx'. ([config/hardcoded-secret](${DOCS}v${VERSION}/docs/rules/config/hardcoded-secret.md))`,
        ),
        r.out,
      );
      assert.ok(!r.out.includes(SECRET));
    });

    it('json: a version, and per finding its docs URL and whether it has a fix, as the schema in the repo says', () => {
      for (const dir of [APP, SHOP, CLEAN]) {
        const report = JSON.parse(run('check', dir, '--format', 'json', '--max-severity', 'hint').out) as {
          version: string;
          findings: { ruleId: string; docsUrl: string }[];
        };
        assert.ok(validReport(report), `${dir}: ${JSON.stringify(validReport.errors?.slice(0, 5))}`);
        assert.strictEqual(report.version, VERSION);
        for (const f of report.findings) assert.strictEqual(f.docsUrl, `${DOCS}v${VERSION}/docs/rules/${f.ruleId}.md`);
      }
      const shop = JSON.parse(run('check', SHOP, '--format', 'json').out) as {
        findings: { ruleId: string; fixable: boolean }[];
      };
      const fixable = (id: string) => shop.findings.filter((f) => f.ruleId === id).map((f) => f.fixable);
      // Moves the port to process.env.PORT; a session store has no fix of its own, only "disable" and the docs.
      assert.deepStrictEqual(fixable('port-binding/hardcoded-port'), [true]);
      assert.deepStrictEqual(fixable('processes/in-memory-session-store'), [false]);
      assert.ok(!ALL_RULES.find((x) => x.meta.id === 'processes/in-memory-session-store')!.meta.fixable);
    });
  });

  describe('thresholds', () => {
    const oneWarning = () =>
      tempProject({
        'package.json': '{"name":"x","dependencies":{"express":"^4.0.0"}}',
        'index.js': "require('express')().listen(3000);\n",
      });

    it('--max-warnings N: exit 1 only with more than N warnings, saying so on stderr', () => {
      const dir = oneWarning();
      const warnings = (
        JSON.parse(run('check', dir, '--format', 'json').out).findings as { severity: string }[]
      ).filter((f) => f.severity === 'warning').length;
      assert.ok(warnings >= 1);
      assert.strictEqual(run('check', dir, '--max-warnings', String(warnings)).code, 0);
      const over = run('check', dir, '--format', 'json', `--max-warnings=${warnings - 1}`);
      assert.strictEqual(over.code, 1);
      assert.strictEqual(
        over.err,
        `twelve-factor: ${warnings} warning${warnings === 1 ? '' : 's'}, more than --max-warnings ${warnings - 1}.\n`,
      );
      JSON.parse(over.out);
      const bad = run('check', dir, '--max-warnings', '-1');
      assert.strictEqual(bad.code, 2);
      assert.match(bad.err, /^twelve-factor: --max-warnings must be a whole number, not '-1'$/m);
    });

    it('--quiet reports errors only, in every format, and its hidden warnings count for nothing', () => {
      const dir = oneWarning();
      const quiet = JSON.parse(run('check', dir, '--format', 'json', '--quiet').out);
      assert.deepStrictEqual(quiet.findings, []);
      assert.ok(quiet.checklist.every((c: { findings: number }) => c.findings === 0));
      // Statuses follow what --quiet shows: a factor whose only finding is a warning passes.
      assert.ok(
        quiet.checklist.every((c: { status: string }) => c.status !== 'warn'),
        JSON.stringify(quiet.checklist),
      );
      assert.strictEqual(run('check', dir, '--quiet', '--max-warnings', '0').code, 0);
      assert.strictEqual(run('check', dir, '--quiet', '--format', 'github').out, '');
      const app = JSON.parse(run('check', APP, '--format', 'json', '--quiet').out);
      assert.ok(app.findings.length > 0);
      assert.ok(app.findings.every((f: { severity: string }) => f.severity === 'error'));
      const text = run('check', APP, '--quiet');
      assert.strictEqual(text.code, 1);
      assert.doesNotMatch(text.out, /warning {2}/);
      const sarif = assertSarif(run('check', APP, '--quiet', '--format', 'sarif').out);
      assert.ok(sarif.runs[0].results.every((x) => x.level === 'error'));
    });
  });
});

/** Every link and image destination in `markdown`, as a CommonMark parser reads them (HTML attributes too). */
function linksIn(md: InstanceType<typeof MarkdownIt>, markdown: string): string[] {
  const hrefs: string[] = [];
  const walk = (tokens: ReturnType<InstanceType<typeof MarkdownIt>['parse']>) => {
    for (const t of tokens) {
      const href = t.attrGet('href') ?? t.attrGet('src');
      if (href !== null) hrefs.push(String(href));
      if (t.type === 'html_inline' || t.type === 'html_block')
        for (const m of t.content.matchAll(/\s(?:href|src)\s*=\s*["']([^"']*)["']/gi)) hrefs.push(m[1]);
      if (t.children) walk(t.children);
    }
  };
  walk(md.parse(markdown, {}));
  return hrefs;
}
