import * as assert from 'assert';
import * as path from 'path';
import { FIXTURES, applyFix, copyFixture, findingAt, fixFor, read, scan, scanFiles } from '../../../helpers/engine';

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
  assert.deepStrictEqual(
    again.where(ID).filter((w) => w.startsWith(`${project}/`)),
    [],
  );
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
      'pnpm/Dockerfile:5',
      'script-npm/entrypoint.sh:4',
      'script-tail/docker/start.sh:4',
      'sh-c/Dockerfile:5',
      'shell-node/Dockerfile:5',
      'tsx/Dockerfile:5',
    ]);
    const msg = (p: string) =>
      s.findings.find((f) => f.ruleId === ID && s.engine.rel(f.path).startsWith(`${p}/`))!.message;
    // npm as PID 1 in exec form: the package manager by name; the exec form to use is the fix's business.
    assert.strictEqual(
      msg('npm-exec'),
      'CMD runs the app through npm (`npm start`), which stays PID 1 and does not reliably pass SIGTERM on.',
    );
    assert.match(msg('pnpm'), /^CMD runs the app through pnpm \(`pnpm start`\)/);
    assert.strictEqual(
      msg('inherited'),
      'CMD in shell form runs `yarn start` under `/bin/sh -c`, and neither the shell nor yarn forwards SIGTERM.',
    );
    assert.strictEqual(
      msg('shell-node'),
      'CMD in shell form runs the app under `/bin/sh -c`, and the shell (PID 1) does not forward SIGTERM.',
    );
    assert.match(msg('sh-c'), /^CMD runs the app through `sh -c`, and the shell \(PID 1\) does not forward SIGTERM\.$/);
  });

  it('flags an entrypoint script that ends by starting the app without exec, and offers no rewrite of it', async () => {
    const s = await scan(dir('positive'));
    const f = findingAt(s, ID, 'script-tail/docker/start.sh', 4);
    assert.strictEqual(
      f.message,
      "'node dist/main.js' runs without exec, so the script's shell stays PID 1 and does not forward SIGTERM.",
    );
    assert.deepStrictEqual(f.range, { start: { line: 3, character: 0 }, end: { line: 3, character: 17 } });
    assert.strictEqual(
      findingAt(s, ID, 'script-npm/entrypoint.sh', 4).message,
      "'npm run start:prod' runs without exec, so the script's shell stays PID 1 and does not forward SIGTERM.",
    );
    assert.deepStrictEqual(
      s.engine.fixesFor(f).filter((x) => !x.title.startsWith('Disable') && !x.title.startsWith('Show')),
      [],
    );
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
    assert.match(
      (await applyOwnFix('inherited')).text,
      /^FROM node:20-alpine AS base\nWORKDIR \/app\nCMD \["node", "index\.js"\]\n/,
    );
  });

  it('fix: npm start running tsx is offered through node_modules/.bin, not preferred', async () => {
    const r = await applyOwnFix('tsx');
    assert.ok(!r.preferred);
    assert.match(r.text, /\nCMD \["node_modules\/\.bin\/tsx", "src\/server\.ts"\]\n$/);
  });

  it('offers no fix when a prestart script would no longer run', async () => {
    const s = await scanFiles({
      'package.json': '{ "name": "x", "scripts": { "prestart": "npm run build", "start": "node src/server.js" } }',
      Dockerfile: 'FROM node:20-alpine\nCMD npm start\n',
    });
    const f = s.findings.find((x) => x.ruleId === ID)!;
    assert.strictEqual(
      f.message,
      'CMD in shell form runs `npm start` under `/bin/sh -c`, and neither the shell nor npm forwards SIGTERM.',
    );
    assert.strictEqual(s.engine.fixesFor(f).filter((x) => x.title.startsWith('Run ')).length, 0);
  });

  it('no fix when the script sets variables inline', async () => {
    const root = copyFixture(`rules/${ID}/positive`);
    const s = await scan(root);
    const f = s.findings.find((x) => x.ruleId === ID && x.path.includes('npm-env'))!;
    assert.strictEqual(s.engine.fixesFor(f).filter((x) => x.title.startsWith('Run ')).length, 0);
  });

  it('flags Python servers: shell-form gunicorn, a script ending in uvicorn, both branches of a final if … fi', async () => {
    const s = await scan(dir('py-positive'));
    assert.deepStrictEqual(s.where(ID).sort(), [
      'branch/entrypoint.sh:6',
      'branch/entrypoint.sh:8',
      'shell/Dockerfile:4',
      'tail/start.sh:4',
    ]);
  });

  it('accepts exec, exec form, branches that exec, and an entrypoint that only runs a one-off command', async () => {
    assert.deepStrictEqual((await scan(dir('py-negative'))).where(ID), []);
  });

  it('fix writes a shell-form gunicorn CMD in exec form', async () => {
    const root = copyFixture(`rules/${ID}/py-positive`);
    const s = await scan(root);
    const f = s.findings.find((x) => x.ruleId === ID && s.engine.rel(x.path) === 'shell/Dockerfile')!;
    applyFix(fixFor(s, f, /^Run 'gunicorn app:app --bind 0\.0\.0\.0:8000' as PID 1/));
    assert.match(read(root, 'shell/Dockerfile'), /\nCMD \["gunicorn", "app:app", "--bind", "0\.0\.0\.0:8000"\]\n/);
  });
});
