import * as assert from 'assert';
import * as path from 'path';
import { FIXTURES, applyFix, copyFixture, read, scan } from '../../../helpers/engine';

const ID = 'disposability/shell-form-cmd';
const dir = (k: string) => path.join(FIXTURES, 'rules', ID, k);

/** Applies the rule's own fix in `project`, checks a rescan is clean there, returns the new Dockerfile and the fix. */
async function applyOwnFix(project: string): Promise<{ text: string; title: string; preferred: boolean }> {
  const root = copyFixture(`rules/${ID}/positive`);
  const s = await scan(root);
  const f = s.findings.find((x) => x.ruleId === ID && s.engine.rel(x.path).startsWith(`${project}/`))!;
  const fix = s.engine.fixesFor(f).find((x) => x.title.startsWith('Run '));
  assert.ok(fix, `no fix for ${project}`);
  applyFix(fix);
  const again = await scan(root);
  assert.deepStrictEqual(again.where(ID).filter((w) => w.startsWith(`${project}/`)), []);
  // Idempotent: nothing left to fix.
  const f2 = again.findings.find((x) => x.ruleId === ID && again.engine.rel(x.path).startsWith(`${project}/`));
  assert.strictEqual(f2, undefined);
  return { text: read(root, `${project}/Dockerfile`), title: fix.title, preferred: !!fix.preferred };
}

describe(ID, () => {
  it('flags shell-form and npm-run CMD/ENTRYPOINT of the final image', async () => {
    const s = await scan(dir('positive'));
    assert.deepStrictEqual(s.where(ID).sort(), [
      'chain/Dockerfile:5',
      'entrypoint-shell/Dockerfile:5',
      'inherited/Dockerfile:3',
      'npm-env/Dockerfile:5',
      'npm-exec/Dockerfile:6',
      'sh-c/Dockerfile:5',
      'shell-node/Dockerfile:5',
      'tsx/Dockerfile:5',
    ]);
    const npm = s.findings.find((f) => f.ruleId === ID && f.path.includes('npm-exec'))!;
    assert.match(npm.message, /through npm\/yarn/);
  });

  it('accepts exec form, inits, exec wrappers, dev images, non-node images and build stages', async () => {
    const s = await scan(dir('negative'));
    assert.deepStrictEqual(s.where(ID), []);
  });

  it('fix: shell form → exec form', async () => {
    const r = await applyOwnFix('shell-node');
    assert.ok(r.preferred);
    assert.match(r.text, /\nCMD \["node", "dist\/server\.js"\]\n$/);
  });

  it('fix: npm start → the node command of the start script', async () => {
    const r = await applyOwnFix('npm-exec');
    assert.ok(r.preferred);
    assert.match(r.text, /\nCMD \["node", "dist\/server\.js"\]\n$/);
  });

  it('fix: a chain execs the app', async () => {
    const r = await applyOwnFix('chain');
    assert.ok(r.preferred);
    assert.match(r.text, /\nCMD npx prisma migrate deploy && exec node dist\/server\.js\n$/);
  });

  it('fix: sh -c with one command → exec form (the variable is then not expanded: not offered)', async () => {
    const root = copyFixture(`rules/${ID}/positive`);
    const s = await scan(root);
    const f = s.findings.find((x) => x.ruleId === ID && x.path.includes('sh-c'))!;
    assert.strictEqual(s.engine.fixesFor(f).filter((x) => x.title.startsWith('Run ')).length, 0);
  });

  it('fix: shell-form ENTRYPOINT, and an inherited CMD in its own stage', async () => {
    assert.match((await applyOwnFix('entrypoint-shell')).text, /\nENTRYPOINT \["node", "server\.js"\]\n$/);
    assert.match((await applyOwnFix('inherited')).text, /^FROM node:20-alpine AS base\nWORKDIR \/app\nCMD \["node", "index\.js"\]\n/);
  });

  it('fix: npm start running tsx is offered through node_modules/.bin, not preferred', async () => {
    const r = await applyOwnFix('tsx');
    assert.ok(!r.preferred);
    assert.match(r.text, /\nCMD \["node_modules\/\.bin\/tsx", "src\/server\.ts"\]\n$/);
  });

  it('no fix when the script sets variables inline', async () => {
    const root = copyFixture(`rules/${ID}/positive`);
    const s = await scan(root);
    const f = s.findings.find((x) => x.ruleId === ID && x.path.includes('npm-env'))!;
    assert.strictEqual(s.engine.fixesFor(f).filter((x) => x.title.startsWith('Run ')).length, 0);
  });
});
