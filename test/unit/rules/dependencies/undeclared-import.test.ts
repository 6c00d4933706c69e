import * as assert from 'assert';
import * as path from 'path';
import { FIXTURES, applyFix, copyFixture, fixFor, read, scan } from '../../../helpers/engine';

const ID = 'dependencies/undeclared-import';
const dir = (k: string) => path.join(FIXTURES, 'rules', ID, k);

describe(ID, () => {
  it('flags undeclared packages, scoped ones by scope/name, and type imports without @types', async () => {
    const s = await scan(dir('positive'));
    assert.deepStrictEqual(s.where(ID), ['src/app.ts:4', 'src/app.ts:5', 'src/app.ts:6', 'test/app.test.ts:1']);
    assert.match(s.findings.find((f) => f.ruleId === ID && f.range.start.line === 4)!.message, /'@acme\/ui' is imported/);
  });

  it('skips builtins and node:, accepts @types for import type, hoisting to the workspace root, path aliases and self-references', async () => {
    const s = await scan(dir('negative'));
    assert.deepStrictEqual(s.where(ID), []);
  });

  it('adds the dependency at its sorted place with the locked version', async () => {
    const root = copyFixture(`rules/${ID}/positive`);
    const s = await scan(root);
    const lodash = s.findings.find((f) => f.ruleId === ID && f.range.start.line === 3)!;
    applyFix(fixFor(s, lodash, /Add lodash@\^4\.17\.21 to dependencies/));
    assert.match(read(root, 'package.json'), /"axios": "\^1\.6\.0",\n    "express": "\^4\.19\.2",\n    "lodash": "\^4\.17\.21",\n    "zod": "\^3\.22\.4"\n/);
    const again = await scan(root);
    assert.deepStrictEqual(again.where(ID), ['src/app.ts:5', 'src/app.ts:6', 'test/app.test.ts:1']);
  });

  it('adds packages used by tests and type imports to devDependencies', async () => {
    const root = copyFixture(`rules/${ID}/positive`);
    const s = await scan(root);
    const chai = s.findings.find((f) => f.ruleId === ID && f.path.endsWith('app.test.ts'))!;
    const fix = s.engine.fixesFor(chai)[0];
    assert.match(fix.title, /npm install --save-dev chai/);
  });
});
