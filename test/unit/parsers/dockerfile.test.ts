// The Dockerfile reader on dockerfile-ast (issue 9): the cases the hand-written reader got wrong, and the shape the
// rules rely on (joined arguments, ranges that end before here-document bodies, ENV/ARG values, FROM images).
import * as assert from 'assert';
import { parseDockerfile, runScript } from '../../../server/src/platform/dockerfile';
import { dockerVars } from '../../../server/src/platform/dockerEnv';
import { fromInstructions } from '../../../server/src/ecosystem/npm/nodeVersions';
import { scanFiles } from '../../helpers/engine';

const summary = (text: string) =>
  parseDockerfile(text).map((i) => `${i.keyword}:${i.range.start.line}-${i.range.end.line} ${i.args}`);
const df = (text: string) => ({ path: '/w/Dockerfile', rel: 'Dockerfile', instructions: parseDockerfile(text) });

describe('parsers/dockerfile', () => {
  it('a blank line inside a continuation does not end the instruction (BuildKit skips it)', () => {
    assert.deepStrictEqual(summary('FROM node:20\nRUN apt-get update \\\n\n  && npm install\nCMD ["node", "a.js"]\n'), [
      'FROM:0-0 node:20',
      'RUN:1-3 apt-get update  && npm install',
      'CMD:4-4 ["node", "a.js"]',
    ]);
  });

  it('obeys `# escape=` only before any comment, blank line or instruction', () => {
    // After a comment the directive is an ordinary comment: the backtick is a literal and the next line is its own.
    assert.deepStrictEqual(summary('# build file\n# escape=`\nFROM node:20\nRUN echo a `\nCMD b\n'), [
      'FROM:2-2 node:20',
      'RUN:3-3 echo a `',
      'CMD:4-4 b',
    ]);
    assert.deepStrictEqual(summary('# escape=`\nFROM node:20\nRUN echo a `\n  b\n'), [
      'FROM:1-1 node:20',
      'RUN:2-3 echo a  b',
    ]);
    assert.deepStrictEqual(summary('# syntax=docker/dockerfile:1\n# escape=`\nFROM node:20\nRUN a `\n  b\n'), [
      'FROM:2-2 node:20',
      'RUN:3-4 a  b',
    ]);
  });

  it('reads here-document bodies as data: a CMD inside one is not the CMD', () => {
    const ins = parseDockerfile(
      'FROM node:20\nRUN cat > /etc/motd <<EOF\nCMD ["evil"]\nEOF\nCMD ["node", "server.js"]\n',
    );
    assert.deepStrictEqual(
      ins.map((i) => i.keyword),
      ['FROM', 'RUN', 'CMD'],
    );
    assert.strictEqual(ins[2].args, '["node", "server.js"]');
    assert.deepStrictEqual(
      ins[1].heredocs?.map((h) => [h.name, h.body, h.range.start.line, h.range.end.line]),
      [['EOF', 'CMD ["evil"]', 2, 2]],
    );
    assert.deepStrictEqual(ins[1].range.end, { line: 1, character: 25 });
  });

  it('opens no here-document inside quotes or in exec form', () => {
    assert.deepStrictEqual(summary('FROM node:20\nRUN echo \'a <<EOF\'\nCMD ["node", "a.js"]\n'), [
      'FROM:0-0 node:20',
      "RUN:1-1 echo 'a <<EOF'",
      'CMD:2-2 ["node", "a.js"]',
    ]);
    const ins = parseDockerfile('FROM node:20\nRUN echo "x <<A" && cat <<B\nbody\nB\nCMD ["node", "a.js"]\n');
    assert.deepStrictEqual(
      ins.map((i) => i.keyword),
      ['FROM', 'RUN', 'CMD'],
    );
    assert.deepStrictEqual(
      ins[1].heredocs?.map((h) => h.name),
      ['B'],
    );
  });

  it('runScript: the body a RUN runs as its shell script, not data or another language', () => {
    const script = (text: string) => runScript(parseDockerfile(`FROM node:20\n${text}\nnpm install\nEOF\n`)[1])?.body;
    assert.strictEqual(script('RUN <<EOF'), 'npm install');
    assert.strictEqual(script('RUN bash -e <<EOF'), 'npm install');
    assert.strictEqual(script("RUN /bin/sh <<'EOF'"), 'npm install');
    assert.strictEqual(script('RUN cat > /motd <<EOF'), undefined);
    assert.strictEqual(script('RUN python3 <<EOF'), undefined);
  });

  it('ENV and ARG values: quotes and escapes removed, offsets of the value as written', () => {
    const text = 'FROM node:20\nENV A=1 B="x \\"y\\"" \\\n  C=a\\ b\nENV LEGACY some value\nARG NAME\nARG V=20\n';
    const vars = dockerVars(df(text), text);
    assert.deepStrictEqual(
      vars.map((v) => [v.keyword, v.key, v.value, text.slice(v.valueStart, v.valueEnd)]),
      [
        ['ENV', 'A', '1', '1'],
        ['ENV', 'B', 'x "y"', '"x \\"y\\""'],
        ['ENV', 'C', 'a b', 'a\\ b'],
        ['ENV', 'LEGACY', 'some value', 'some value'],
        ['ARG', 'NAME', undefined, ''],
        ['ARG', 'V', '20', '20'],
      ],
    );
  });

  it('FROM images with flags, stages and ARG defaults', () => {
    const froms = fromInstructions(
      df('ARG V=20\nFROM --platform=$BUILDPLATFORM node:${V}-alpine AS build\nFROM node:18 as run\n'),
    );
    assert.deepStrictEqual(
      froms.map((f) => [f.image, f.stage, f.major]),
      [
        ['node:20-alpine', 'build', 20],
        ['node:18', 'run', 18],
      ],
    );
  });

  it('dependencies/install-ignores-lockfile reads a `RUN <<EOF` script and the line after a blank continuation line', async () => {
    const s = await scanFiles({
      'package.json':
        '{"name":"app","version":"1.0.0","private":true,"scripts":{"start":"node server.js"},"dependencies":{"express":"^4.19.2"}}',
      'package-lock.json': '{"name":"app","lockfileVersion":3,"packages":{"":{"name":"app"}}}',
      'server.js': "require('express')().listen(process.env.PORT);\n",
      Dockerfile: [
        'FROM node:20',
        'WORKDIR /app',
        'COPY package*.json ./',
        'RUN <<EOF',
        'set -e',
        '  npm install --omit=dev',
        'EOF',
        'RUN cat > /etc/motd <<EOF',
        'run npm install first',
        'EOF',
        'RUN apt-get update \\',
        '',
        '  && npm install',
        'COPY . .',
        'CMD ["node", "server.js"]',
        '',
      ].join('\n'),
    });
    const mine = s.findings.filter((f) => f.ruleId === 'dependencies/install-ignores-lockfile');
    // The continued RUN is underlined whole, from its first line (as any install on a continuation line).
    assert.deepStrictEqual(
      mine.map((f) => [f.range.start.line, f.range.start.character, f.range.end.character]),
      [
        [5, 2, 24],
        [10, 0, 16],
      ],
    );
    assert.strictEqual(
      mine[0].message,
      "'npm install --omit=dev' resolves versions afresh and may rewrite package-lock.json.",
    );
  });
});
