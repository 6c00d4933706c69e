import * as assert from 'assert';
import * as path from 'path';
import { FIXTURES, applyFix, copyFixture, fixFor, read, scan } from '../../../helpers/engine';

const ID = 'dependencies/dev-dependency-in-production';
const dir = (k: string) => path.join(FIXTURES, 'rules', ID, k);

describe(ID, () => {
  it('flags production code that loads a package declared only in devDependencies', async () => {
    const s = await scan(dir('positive'));
    assert.deepStrictEqual(s.where(ID), ['src/log.mjs:1', 'src/server.js:1', 'src/util.ts:1']);
  });

  it('accepts type-only use, guarded requires, peers, tests, configs, scripts and bundled apps', async () => {
    const s = await scan(dir('negative'));
    assert.deepStrictEqual(s.where(ID), []);
  });

  it('moves the package to dependencies in one edit, keeping formatting', async () => {
    const root = copyFixture(`rules/${ID}/positive`);
    const s = await scan(root);
    const f = s.findings.find((x) => x.ruleId === ID && x.path.endsWith('server.js'))!;
    const fix = fixFor(s, f, /Move dotenv to dependencies/);
    assert.strictEqual(fix.edits?.length, 1);
    applyFix(fix);
    assert.strictEqual(read(root, 'package.json'), `{
  "name": "devdeps",
  "version": "1.0.0",
  "private": true,
  "scripts": {
    "start": "node src/server.js"
  },
  "dependencies": {
    "dotenv": "^16.4.5",
    "express": "^4.19.2"
  },
  "devDependencies": {
    "chalk": "^5.3.0",
    "lodash": "^4.17.21"
  }
}
`);
    const again = await scan(root);
    assert.deepStrictEqual(again.where(ID), ['src/log.mjs:1', 'src/util.ts:1']);
  });

  it('creates the dependencies section where it belongs, and drops an emptied devDependencies', async () => {
    const root = copyFixture(`rules/${ID}/positive`);
    const fs = await import('fs');
    fs.writeFileSync(path.join(root, 'package.json'), '{\n  "name": "x",\n  "devDependencies": {\n    "dotenv": "^16.4.5"\n  },\n  "license": "MIT"\n}\n');
    const s = await scan(root);
    const f = s.findings.find((x) => x.ruleId === ID && x.path.endsWith('server.js'))!;
    applyFix(fixFor(s, f, /Move dotenv to dependencies/));
    assert.strictEqual(read(root, 'package.json'), '{\n  "name": "x",\n  "license": "MIT",\n  "dependencies": {\n    "dotenv": "^16.4.5"\n  }\n}\n');
  });
});
