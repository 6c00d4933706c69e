import * as assert from 'assert';
import * as path from 'path';
import { FIXTURES, applyFix, copyFixture, fixFor, read, scan } from '../../../helpers/engine';

const ID = 'admin-processes/undeclared-admin-script';
const dir = (k: string) => path.join(FIXTURES, 'rules', ID, k);

describe(ID, () => {
  it('flags scripts/, bin/ and tasks/ files nothing runs (not the helpers they import)', async () => {
    const s = await scan(dir('positive'));
    assert.deepStrictEqual(s.where(ID).sort(), ['bin/backfill.mjs:1', 'scripts/seed.ts:1', 'tasks/reindex.js:2']);
    assert.ok(s.findings.filter((f) => f.ruleId === ID).every((f) => f.severity === 'info'));
  });

  it('accepts scripts run by package.json scripts (any word), bin, Procfile, Dockerfile RUN, CI, Makefile, imports, configs and tests', async () => {
    const s = await scan(dir('negative'));
    assert.deepStrictEqual(s.where(ID), []);
  });

  it("fix declares a TypeScript script with the project's runner", async () => {
    const root = copyFixture(`rules/${ID}/positive`);
    const s = await scan(root);
    const f = s.findings.find((x) => x.ruleId === ID && x.path.endsWith('seed.ts'))!;
    const fix = fixFor(s, f, /Declare it as the 'seed' script/);
    assert.ok(!fix.preferred && !fix.fixAll);
    applyFix(fix);
    assert.deepStrictEqual(JSON.parse(read(root, 'package.json')).scripts, {
      start: 'node src/server.js',
      build: 'node scripts/build.js',
      seed: 'tsx scripts/seed.ts',
    });
    const again = await scan(root);
    assert.deepStrictEqual(again.where(ID).sort(), ['bin/backfill.mjs:1', 'tasks/reindex.js:2']);
  });

  it('fix declares a JS script with node', async () => {
    const root = copyFixture(`rules/${ID}/positive`);
    const s = await scan(root);
    const f = s.findings.find((x) => x.ruleId === ID && x.path.endsWith('reindex.js'))!;
    applyFix(fixFor(s, f, /Declare it as the 'reindex' script \("node tasks\/reindex\.js"\)/));
    const again = await scan(root);
    assert.deepStrictEqual(again.where(ID).sort(), ['bin/backfill.mjs:1', 'scripts/seed.ts:1']);
  });
});

describe(`${ID} suppression`, () => {
  it('the generic disable fix silences it (the finding is on the first line of code)', async () => {
    const root = copyFixture(`rules/${ID}/positive`);
    const s = await scan(root);
    const f = s.findings.find((x) => x.ruleId === ID && x.path.endsWith('reindex.js'))!;
    applyFix(fixFor(s, f, /Disable/));
    assert.match(
      read(root, 'tasks/reindex.js'),
      /^\/\/ Rebuilds the search index from the orders table\.\n\/\/ twelve-factor-disable-next-line admin-processes\/undeclared-admin-script\nrequire/,
    );
    const again = await scan(root);
    assert.ok(!again.where(ID).some((w) => w.startsWith('tasks/reindex.js')));
  });
});
