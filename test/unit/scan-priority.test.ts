// Open documents jump the scan's queue: a prioritized file is analysed before the others (also when asked for in
// the middle of a scan), and its own findings are ready, with settings and suppressions applied, at once.
import * as assert from 'assert';
import * as path from 'path';
import { Engine } from '../../server/src/engine/engine';
import { discover } from '../../server/src/model/discover';
import { ALL_RULES } from '../../server/src/rules';
import { silentLogger } from '../../server/src/core/types';
import { tempProject } from '../helpers/engine';

const KEY = 'sk_live_4eC39HqLyjWDarjtT1zdp7dc';

function workspace(n: number): string {
  const files: Record<string, string> = {
    'package.json': JSON.stringify({ name: 'app', scripts: { start: 'node server.js' }, dependencies: {} }),
    'server.js': "require('http').createServer().listen(3000);\n",
    'pay.js': `const stripe = '${KEY}';\nconst other = '${KEY.replace('4', '5')}'; // twelve-factor-disable-line config/hardcoded-secret -- test key\nmodule.exports = { stripe, other };\n`,
  };
  for (let i = 0; i < n; i++) files[`lib/m${i}.js`] = `module.exports = ${i};\n`;
  return tempProject(files);
}

describe('scan priority (first diagnostics of open documents)', () => {
  it('analyses a prioritized file first, and one asked for mid-scan next; each is handed to onEarly at once', async () => {
    const root = workspace(250);
    const engine = new Engine({ root, rules: ALL_RULES, logger: silentLogger });
    const pay = path.join(root, 'pay.js');
    const libs = [...Array(250).keys()].map((i) => path.join(root, `lib/m${i}.js`));
    const analysed = () => libs.filter((p) => engine.analysis(p)).length;
    engine.prioritize(pay);
    const early: { path: string; analysed: number }[] = [];
    let asked: { path: string; analysed: number } | undefined;
    await engine.scan(
      (done) => {
        if (done < 100 || asked) return;
        // A file the scan has not reached yet, as a document opened while it runs.
        const p = libs.find((l) => !engine.analysis(l))!;
        asked = { path: p, analysed: analysed() };
        engine.prioritize(p);
      },
      (p) => early.push({ path: p, analysed: analysed() }),
    );
    assert.ok(asked, 'the scan reported progress at 100 files');
    assert.deepStrictEqual(early, [
      { path: pay, analysed: 0 },
      { path: asked.path, analysed: asked.analysed + 1 },
    ]);
  });

  it('hands an open source file to onEarly before the walk of the workspace, and an excluded one not', async () => {
    const root = workspace(5);
    const events: string[] = [];
    const engine = new Engine({
      root,
      rules: ALL_RULES,
      logger: silentLogger,
      discover: (dir, opts) => {
        events.push('walk');
        return discover(dir, opts);
      },
    });
    engine.exclude = ['lib/**'];
    engine.prioritize(path.join(root, 'pay.js'));
    engine.prioritize(path.join(root, 'lib/m1.js'));
    engine.prioritize(path.join(root, 'package.json'));
    await engine.scan(undefined, (p) => events.push(path.relative(root, p)));
    assert.deepStrictEqual(events, ['pay.js', 'walk']);
    assert.strictEqual(engine.earlyFindings(path.join(root, 'pay.js')).length, 1);
  });

  it('re-analyses a file taken before the walk when a project config the walk found changes its rules', async () => {
    const root = tempProject({
      'package.json': JSON.stringify({ name: 'root', private: true, workspaces: ['packages/*'] }),
      'twelve-factor.config.json': JSON.stringify({ rules: { 'config/hardcoded-secret': 'off' } }),
      'packages/api/package.json': JSON.stringify({ name: 'api', scripts: { start: 'node x.js' } }),
      'packages/api/twelve-factor.config.json': JSON.stringify({ rules: { 'config/hardcoded-secret': 'error' } }),
      'packages/api/x.js': 'const a = 1;\n',
    });
    const buffers = new Map<string, string>();
    const overlay = (p: string) => buffers.get(p);
    const secrets = (e: Engine) => e.findings().filter((f) => f.ruleId === 'config/hardcoded-secret').length;
    const engine = new Engine({ root, rules: ALL_RULES, logger: silentLogger, overlay });
    await engine.scan();
    // An unsaved secret in the open document, then a rescan that takes it before the walk (root config only).
    const p = path.join(root, 'packages/api/x.js');
    buffers.set(p, `const stripeKey = '${KEY}';\n`);
    engine.prioritize(p);
    await engine.scan();
    const fresh = new Engine({ root, rules: ALL_RULES, logger: silentLogger, overlay });
    await fresh.scan();
    assert.strictEqual(secrets(fresh), 1);
    assert.strictEqual(secrets(engine), secrets(fresh));
  });

  it("earlyFindings gives the file's own findings as findings() does: settings, suppressions, redaction", async () => {
    const root = workspace(3);
    const engine = new Engine({
      root,
      rules: ALL_RULES,
      logger: silentLogger,
      ruleSettings: { 'config/hardcoded-secret': 'error' },
    });
    await engine.scan();
    const pay = path.join(root, 'pay.js');
    const early = engine.earlyFindings(pay);
    assert.strictEqual(early.length, 1, 'the suppressed line is left out');
    assert.strictEqual(early[0].severity, 'error');
    assert.ok(!early[0].message.includes(KEY));
    const all = engine.findings().filter((f) => f.path === pay);
    for (const f of early) assert.ok(all.some((g) => g.fingerprint === f.fingerprint && g.message === f.message));
  });
});
