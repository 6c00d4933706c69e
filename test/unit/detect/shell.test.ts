// detect/shell.ts: the command-line reader every rule that reads scripts, Procfile entries and CMDs shares.
import * as assert from 'assert';
import {
  afterKeywords,
  heredocBodyLines,
  isBackgrounded,
  parseShell,
  removeCommands,
} from '../../../server/src/platform/shell';
import { scanFiles } from '../../helpers/engine';

/** program + args of each top-level command, with the operator before it. */
const read = (cmd: string) =>
  parseShell(cmd).map((c) => `${c.before ?? ''}${c.before ? ' ' : ''}${[c.program, ...c.args].join(' ')}`);

describe('detect/shell', () => {
  it('splits on &&, ||, ;, pipes, & and line breaks, keeping the operators', () => {
    assert.deepStrictEqual(read('npm ci && npm run build || echo fail; node a.js | tee log & wait\nnode b.js'), [
      'npm ci',
      '&& npm run build',
      '|| echo fail',
      '; node a.js',
      '| tee log',
      '& wait',
      '\n node b.js',
    ]);
    const [first, second] = parseShell('a  &&  b');
    assert.deepStrictEqual([first.after, second.before, second.start, second.text], ['&&', '&&', 7, 'b']);
  });

  it('removes quotes and escapes from words, and keeps operators inside quotes', () => {
    const [c] = parseShell(`echo "a && b" 'c; d' e\\ f "\\"q\\""`);
    assert.deepStrictEqual(c.args, ['a && b', 'c; d', 'e f', '"q"']);
    assert.strictEqual(parseShell('echo "$(date; whoami)" x').length, 1);
  });

  it('drops redirections and their targets', () => {
    assert.deepStrictEqual(read('node a.js > out.log 2>&1 < in.txt'), ['node a.js']);
  });

  it('reads through env prefixes and wrappers: FOO=1 node x, exec, env, cross-env, npx', () => {
    assert.deepStrictEqual(read('FOO=1 BAR="a b" node x.js'), ['node x.js']);
    assert.deepStrictEqual(read('exec node server.js'), ['node server.js']);
    assert.deepStrictEqual(read('env -u X NODE_ENV=production cross-env A=1 npx tsc -p .'), ['tsc -p .']);
    const [c] = parseShell('FOO=1 exec node x.js');
    assert.deepStrictEqual([c.words[0].text, c.programWord?.text, c.text], ['FOO=1', 'node', 'FOO=1 exec node x.js']);
  });

  it("reads `sh -c '…'` bodies as nested commands", () => {
    const [c] = parseShell(`sh -ec 'npm install && node server.js'`);
    assert.strictEqual(c.program, 'sh');
    assert.deepStrictEqual(
      c.nested?.map((n) => n.program),
      ['npm', 'node'],
    );
    assert.strictEqual(c.nestedText, 'npm install && node server.js');
  });

  it('finds the command after if/then/do/! keywords (`then` is no program)', () => {
    const list = parseShell('if [ ! -d node_modules ]; then npm install; fi; node server.js');
    assert.deepStrictEqual(
      list.map((c) => c.program),
      ['[', 'npm', 'fi', 'node'],
    );
    assert.deepStrictEqual([list[1].text, list[1].keywords, list[1].start], ['npm install', 'then', 31]);
    assert.deepStrictEqual(read('while true; do node worker.js; done'), ['true', '; node worker.js', '; done']);
    assert.deepStrictEqual(read('! grep -q x f && npm ci'), ['grep -q x f', '&& npm ci']);
    assert.deepStrictEqual(afterKeywords(list[1]), { program: 'npm', args: ['install'] });
    // `time` stays a wrapper the program is read through.
    assert.deepStrictEqual(
      [parseShell('time node x.js')[0].program, parseShell('time node x.js')[0].text],
      ['node', 'time node x.js'],
    );
  });

  it('a command after a keyword is not removed (the if would lose its then)', () => {
    const cmd = 'if [ -x a ]; then npm install; fi; node server.js';
    assert.strictEqual(
      removeCommands(cmd, parseShell(cmd), (c) => c.program === 'npm'),
      undefined,
    );
    const plain = 'npm install && node server.js';
    assert.strictEqual(
      removeCommands(plain, parseShell(plain), (c) => c.program === 'npm'),
      'node server.js',
    );
  });

  it('skips here-document bodies: a message is no command', () => {
    assert.deepStrictEqual(read('cat <<MSG\nrun npm install first\nMSG\nnode server.js'), ['cat', '\n node server.js']);
    assert.deepStrictEqual(read("cat <<-'END' >&2\n\tnpm install\n\tEND\nexec node a.js"), ['cat', '\n node a.js']);
    assert.deepStrictEqual(read('cat <<A; cat <<B\na\nA\nb\nB\nnode x'), ['cat', '; cat', '\n node x']);
    // `<<<` is a here-string, on its line.
    assert.deepStrictEqual(read("cat <<< 'npm install'; node x"), ['cat', '; node x']);
    assert.deepStrictEqual(parseShell('cat <<EOF > f')[0].heredocs, [{ name: 'EOF', stripTabs: false }]);
  });

  it('heredocBodyLines: the body and delimiter lines of a script read line by line', () => {
    const lines = [
      '#!/bin/sh',
      'cat <<MSG',
      'npm install',
      'MSG',
      'cat <<-"X" >&2',
      '\tnpm ci',
      '\tX',
      'echo "<<not"',
      'node a.js',
    ];
    assert.deepStrictEqual([...heredocBodyLines(lines)], [2, 3, 5, 6]);
  });

  it('comments and line continuations', () => {
    assert.deepStrictEqual(read('npm ci # npm install\nnode a.js'), ['npm ci', '\n node a.js']);
    assert.deepStrictEqual(read('node \\\n  server.js --port 3000'), ['node server.js --port 3000']);
  });

  it('isBackgrounded: a trailing & past redirections', () => {
    const cmd = 'node worker.js > w.log 2>&1 &';
    assert.strictEqual(isBackgrounded(cmd, parseShell(cmd), 0), true);
    assert.strictEqual(isBackgrounded('a && b', parseShell('a && b'), 0), false);
  });

  it('build-release-run/install-at-start: `then npm install` in the start script, not a here-document message in a script', async () => {
    const s = await scanFiles({
      'package.json': JSON.stringify({
        name: 'app',
        version: '1.0.0',
        private: true,
        scripts: {
          start: 'if [ ! -d node_modules ]; then npm install; fi; node server.js',
          prestart: 'sh bin/check.sh',
        },
        dependencies: { express: '^4.19.2' },
      }),
      'package-lock.json': '{"name":"app","lockfileVersion":3,"packages":{"":{"name":"app"}}}',
      'server.js': "require('express')().listen(process.env.PORT);\n",
      'bin/check.sh':
        '#!/bin/sh\nif [ ! -d node_modules ]; then\n  cat <<MSG\nDependencies are missing.\nnpm install\nMSG\n  exit 1\nfi\n',
    });
    const mine = s.findings.filter((f) => f.ruleId === 'build-release-run/install-at-start');
    assert.deepStrictEqual(
      mine.map((f) => s.engine.rel(f.path)),
      ['package.json'],
    );
    assert.strictEqual(mine[0].message, "The start script runs 'npm install' every time the app starts.");
    assert.deepStrictEqual(
      s.engine.fixesFor(mine[0]).filter((f) => /^Remove/.test(f.title)),
      [],
    );
  });
});
