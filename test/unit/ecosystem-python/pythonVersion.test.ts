// ecosystem/python versions: where a project states its Python version, Poetry/Pipenv constraints in PEP 440, and
// whether two constraints can agree.
import * as assert from 'assert';
import {
  declaredConstraint,
  dockerPythonImages,
  pythonImageVersion,
  pythonVersionFile,
  pythonVersionsAgree,
  runtimeTxt,
  versionConstraint,
} from '../../../server/src/ecosystem/python/pythonVersion';
import {
  constraintAdmits,
  constraintsAgree,
  pipenvToPep440,
  poetryPinned,
  poetryToPep440,
} from '../../../server/src/ecosystem/python/versions';
import { parseDockerfile } from '../../../server/src/platform/dockerfile';
import type { Range } from '../../../server/src/util/types';

const at = (r: Range) => `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
const ZERO: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

describe('ecosystem/python versions', () => {
  it('turns Poetry constraints into PEP 440', () => {
    const cases: [string, string[] | undefined][] = [
      ['^3.11', ['>=3.11,<4']],
      ['^1.2.3', ['>=1.2.3,<2']],
      ['^0.2.3', ['>=0.2.3,<0.3']],
      ['^0.0.3', ['>=0.0.3,<0.0.4']],
      ['^0', ['>=0,<1']],
      ['~3.11', ['>=3.11,<3.12']],
      ['~1.2.3', ['>=1.2.3,<1.3']],
      ['~1', ['>=1,<2']],
      ['~=3.11', ['~=3.11']],
      ['3.11.*', ['==3.11.*']],
      ['1.2.3', ['==1.2.3']],
      ['=1.2.3', ['==1.2.3']],
      ['*', ['']],
      ['', ['']],
      ['>=3.8,<4.0', ['>=3.8,<4.0']],
      ['>=3.8 <4.0', ['>=3.8,<4.0']],
      ['^2.7 || ^3.6', ['>=2.7,<3', '>=3.6,<4']],
      ['>=2.7,!=3.0.*,!=3.1.*', ['>=2.7,!=3.0.*,!=3.1.*']],
      ['latest', undefined],
      ['^x.y', undefined],
      ['>=', undefined],
      ['1.0 garbage!', undefined],
    ];
    for (const [text, expected] of cases) assert.deepStrictEqual(poetryToPep440(text), expected, text);
    assert.strictEqual(poetryToPep440('1'.repeat(300)), undefined);
  });

  it('tells pinned Poetry constraints and reads Pipenv versions', () => {
    for (const t of ['1.2.3', '==1.2.3', '=1.2.3', ' 2.0 ']) assert.ok(poetryPinned(t), t);
    for (const t of ['^1.2', '~1.2', '1.2.*', '*', '>=1', '1.2 || 1.3', '']) assert.ok(!poetryPinned(t), t);
    assert.deepStrictEqual(['*', '', '==2.31.0', '>= 1.0, < 2', '3.11', 'garbage'].map(pipenvToPep440), [
      '',
      '',
      '==2.31.0',
      '>=1.0,<2',
      '==3.11',
      undefined,
    ]);
  });

  it('says whether two constraints can agree on a Python release', () => {
    const agree = (a: string[], b: string[]) => constraintsAgree(a, b);
    assert.strictEqual(agree(['>=3.10'], ['==3.11.*']), true);
    assert.strictEqual(agree(['>=3.12'], ['==3.11.*']), false);
    assert.strictEqual(agree(['>=3.8,<3.12'], ['==3.12.*']), false);
    assert.strictEqual(agree(['~=3.10'], ['==3.13.1']), true);
    assert.strictEqual(agree(['>3.11.4'], ['==3.11.4']), false);
    assert.strictEqual(agree(['>=3.11.5'], ['==3.11.*']), true);
    assert.strictEqual(agree(['<3.11.5'], ['>3.11.4']), false);
    assert.strictEqual(agree(['!=3.11.*'], ['==3.11.*']), false);
    assert.strictEqual(agree(['>=2.7,<3', '>=3.6,<4'], ['==3.9.*']), true);
    assert.strictEqual(agree(['>=2.7,<3', '>=3.6,<4'], ['==3.5.*']), false);
    assert.strictEqual(agree([''], ['==3.5.*']), true);
    assert.strictEqual(agree(['>=4.0'], ['==4.1.*']), true);
    assert.strictEqual(agree(['not a spec'], ['==3.11.*']), undefined);
    assert.strictEqual(agree([], ['==3.11.*']), undefined);
    assert.strictEqual(agree(['>=3.1000'], ['==3.11.*']), false);
    assert.strictEqual(agree(['>=3.11,<3.11.1'], ['>3.11.0']), false);
    assert.strictEqual(agree(['<=3.11.0'], ['>=3.11']), true);
    assert.strictEqual(agree(['<3'], ['>=2.7.18']), true);
    assert.strictEqual(agree(['==3.*'], ['<3.0.1']), true);
    assert.strictEqual(agree(['==3.*'], ['<3']), false);
    assert.strictEqual(constraintAdmits(['>=3.10'], '3.11.4'), true);
    assert.strictEqual(constraintAdmits(['>=3.10'], '3.9'), false);
    assert.strictEqual(constraintAdmits(['>=3.10'], 'system'), undefined);
  });

  it('tries a few releases, not a grid: a hundred comparisons take well under a second', () => {
    const start = performance.now();
    for (let i = 0; i < 100; i++) constraintsAgree(['>=3.8,<3.13,!=3.9.7', '>=2.7,<3'], ['==3.11.4']);
    assert.ok(performance.now() - start < 1000, `${performance.now() - start} ms`);
  });
});

describe('ecosystem/python version sources', () => {
  it('reads versions as interpreter files and image tags state them', () => {
    const cases: [string, string[] | undefined][] = [
      ['3', ['==3.*']],
      ['3.11', ['==3.11.*']],
      ['3.11.4', ['==3.11.4']],
      ['3.13.0rc1', ['==3.13.0']],
      ['3.13-dev', ['==3.13.*']],
      ['3.13t', ['==3.13.*']],
      ['cpython-3.12', ['==3.12.*']],
      ['python-3.10.2', ['==3.10.2']],
      ['system', undefined],
      ['pypy3.10-7.3.12', undefined],
      ['myenv', undefined],
      ['3.11.4/envs/venv', undefined],
    ];
    for (const [text, expected] of cases) assert.deepStrictEqual(versionConstraint(text), expected, text);
  });

  it('reads .python-version, every version line with its range', () => {
    const v = pythonVersionFile('# pinned by pyenv\n  3.11.4  \n3.10\nsystem\n>=3.11\n');
    assert.deepStrictEqual(
      v.map((c) => [c.source, c.text, c.anyOf, at(c.range)]),
      [
        ['.python-version', '3.11.4', ['==3.11.4'], '1:2-1:8'],
        ['.python-version', '3.10', ['==3.10.*'], '2:0-2:4'],
        ['.python-version', 'system', undefined, '3:0-3:6'],
        ['.python-version', '>=3.11', ['>=3.11'], '4:0-4:6'],
      ],
    );
    assert.deepStrictEqual(pythonVersionFile(''), []);
  });

  it('reads runtime.txt', () => {
    const r = runtimeTxt('\npython-3.11.4\n');
    assert.deepStrictEqual([r?.text, r?.anyOf, at(r!.range)], ['python-3.11.4', ['==3.11.4'], '1:0-1:13']);
    assert.strictEqual(runtimeTxt('python-3.11')?.anyOf?.[0], '==3.11.*');
    assert.strictEqual(runtimeTxt('ruby-3.2')?.anyOf, undefined);
    assert.strictEqual(runtimeTxt(''), undefined);
  });

  it('reads declared constraints: requires-python, Poetry, Pipfile, setup.cfg', () => {
    assert.deepStrictEqual(declaredConstraint('requires-python', '>= 3.8, < 4', ZERO).anyOf, ['>=3.8,<4']);
    assert.deepStrictEqual(declaredConstraint('poetry', '^3.11', ZERO).anyOf, ['>=3.11,<4']);
    assert.deepStrictEqual(declaredConstraint('pipfile', '3.11', ZERO).anyOf, ['==3.11.*']);
    assert.deepStrictEqual(declaredConstraint('pipfile', '*', ZERO).anyOf, ['']);
    assert.deepStrictEqual(declaredConstraint('setup.cfg', '>=3.8', ZERO).anyOf, ['>=3.8']);
    assert.strictEqual(declaredConstraint('requires-python', 'three', ZERO).anyOf, undefined);
  });

  it('reads Python image tags', () => {
    const cases: [string, string | undefined][] = [
      ['python:3.11-slim', '3.11'],
      ['python:3.11.4-alpine3.18', '3.11.4'],
      ['python:3-slim', '3'],
      ['python:3.13.0rc1-bookworm', '3.13.0'],
      ['docker.io/library/python:3.12@sha256:abc', '3.12'],
      ['cimg/python:3.10.9', '3.10.9'],
      ['ghcr.io/astral-sh/uv:python3.12-bookworm-slim', '3.12'],
      ['python:slim', undefined],
      ['python', undefined],
      ['node:20', undefined],
      ['pythonista:3.11', undefined],
      ['ghcr.io/astral-sh/uv:0.4.0', undefined],
    ];
    for (const [image, expected] of cases) assert.strictEqual(pythonImageVersion(image), expected, image);
  });

  it('reads a Dockerfile: ARG defaults, stages, the final stage, and the image range', () => {
    const text = `ARG PY=3.11
FROM python:\${PY}-slim AS build
RUN pip install -r requirements.txt
FROM --platform=linux/amd64 python:3.12-slim
FROM python:latest AS tools
FROM node:20 AS web
`;
    const images = dockerPythonImages(parseDockerfile(text));
    assert.deepStrictEqual(
      images.map((i) => [i.text, i.anyOf, i.stage, i.final, at(i.range)]),
      [
        ['python:3.11-slim', ['==3.11.*'], 'build', false, '1:5-1:22'],
        ['python:3.12-slim', ['==3.12.*'], undefined, false, '3:28-3:44'],
        ['python:latest', undefined, 'tools', false, '4:5-4:18'],
      ],
    );
    const last = dockerPythonImages(parseDockerfile('FROM python:3.11\nCMD ["python"]\n'));
    assert.deepStrictEqual(
      last.map((i) => i.final),
      [true],
    );
  });

  it('compares two sources, and leaves unreadable ones out', () => {
    const [file] = pythonVersionFile('3.11.4\n');
    const rp = declaredConstraint('requires-python', '>=3.12', ZERO);
    const poetry = declaredConstraint('poetry', '^3.11', ZERO);
    const [docker] = dockerPythonImages(parseDockerfile('FROM python:3.11-slim\n'));
    assert.strictEqual(pythonVersionsAgree(file, rp), false);
    assert.strictEqual(pythonVersionsAgree(file, poetry), true);
    assert.strictEqual(pythonVersionsAgree(file, docker), true);
    assert.strictEqual(pythonVersionsAgree(docker, rp), false);
    assert.strictEqual(pythonVersionsAgree(pythonVersionFile('system\n')[0], rp), undefined);
  });
});
