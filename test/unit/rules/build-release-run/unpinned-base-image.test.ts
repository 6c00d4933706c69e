import * as assert from 'assert';
import * as path from 'path';
import { FIXTURES, applyFix, copyFixture, fixFor, read, scan } from '../../../helpers/engine';

const ID = 'build-release-run/unpinned-base-image';
const dir = (k: string) => path.join(FIXTURES, 'rules', ID, k);

describe(ID, () => {
  it('flags untagged, :latest and moving tags, not stage references', async () => {
    const s = await scan(dir('positive'));
    assert.deepStrictEqual(s.where(ID), ['Dockerfile:1', 'Dockerfile:2', 'Dockerfile:4', 'docker/worker.Dockerfile:1']);
    assert.strictEqual(s.findings.find((f) => f.ruleId === ID)!.severity, 'info');
  });

  it('accepts version tags, digests, scratch, stages, resolved ARGs, codenames and dev images', async () => {
    const s = await scan(dir('negative'));
    assert.deepStrictEqual(s.where(ID), []);
  });

  it('pins node images to the version .nvmrc asks for, keeping the variant', async () => {
    const root = copyFixture(`rules/${ID}/positive`);
    let s = await scan(root);
    const line = (n: number) =>
      s.findings.find((f) => f.ruleId === ID && f.path.endsWith('Dockerfile') && f.range.start.line === n - 1)!;
    applyFix(fixFor(s, line(1), /Pin the base image to node:20 \(from \.nvmrc\)/));
    s = await scan(root);
    applyFix(fixFor(s, line(4), /Pin the base image to node:20-alpine/));
    assert.strictEqual(
      read(root, 'Dockerfile').split('\n').slice(0, 4).join('\n'),
      'FROM node:20 AS deps\nFROM node:latest AS build\nFROM deps AS test\nFROM node:20-alpine',
    );
    const python = s.findings.find((f) => f.ruleId === ID && f.path.endsWith('worker.Dockerfile'))!;
    assert.deepStrictEqual(
      s.engine.fixesFor(python).filter((f) => f.title.startsWith('Pin')),
      [],
    );
    assert.deepStrictEqual((await scan(root)).where(ID), ['Dockerfile:2', 'docker/worker.Dockerfile:1']);
  });
});
