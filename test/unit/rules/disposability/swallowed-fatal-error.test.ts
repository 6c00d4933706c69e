import * as assert from 'assert';
import * as path from 'path';
import { FIXTURES, applyFix, copyFixture, fixFor, read, scan, type Scan, findingAt } from '../../../helpers/engine';

const ID = 'disposability/swallowed-fatal-error';
const dir = (k: string) => path.join(FIXTURES, 'rules', ID, k);

const at = (s: Scan, file: string, line: number) => findingAt(s, ID, file, line);

describe(ID, () => {
  it('flags uncaughtException and unhandledRejection handlers that only log (or do nothing)', async () => {
    const s = await scan(dir('positive'));
    assert.deepStrictEqual(s.where(ID).sort(), [
      'server.js:11',
      'server.js:15',
      'server.js:7',
      'worker.ts:8',
      'worker.ts:9',
    ]);
    assert.strictEqual(
      at(s, 'server.js', 7).message,
      "This 'uncaughtException' handler only logs the exception, so the process runs on in an unknown state.",
    );
    assert.match(at(s, 'server.js', 15).message, /^This 'uncaughtException' handler ignores/);
  });

  it('accepts handlers that exit, rethrow, set exitCode, kill or call anything else, other events and emitters, and tests', async () => {
    assert.deepStrictEqual((await scan(dir('negative'))).where(ID), []);
  });

  it("appends process.exit(1) to the handler in the file's style (offered, not preferred)", async () => {
    const root = copyFixture(`rules/${ID}/positive`);
    let s = await scan(root);
    const first = fixFor(s, at(s, 'server.js', 7), /process\.exit\(1\)/);
    assert.strictEqual(first.preferred, false);
    applyFix(first);
    for (const [file, line] of [
      ['server.js', 12],
      ['server.js', 17],
      ['worker.ts', 8],
      ['worker.ts', 10],
    ] as const) {
      s = await scan(root);
      applyFix(fixFor(s, at(s, file, line), /process\.exit\(1\)/));
    }
    assert.strictEqual(
      read(root, 'server.js'),
      [
        "const express = require('express');",
        "const logger = require('pino')();",
        '',
        'const app = express();',
        "app.get('/', (req, res) => res.send('ok'));",
        '',
        "process.on('uncaughtException', (err) => {",
        "  logger.error({ err }, 'uncaught exception');",
        '  process.exit(1);',
        '});',
        '',
        "process.on('unhandledRejection', function (reason) {",
        "  console.error('Unhandled rejection at', new Date().toISOString(), reason);",
        '  process.exit(1);',
        '});',
        '',
        "process.on('uncaughtException', () => {",
        '  process.exit(1);',
        '});',
        '',
        'app.listen(process.env.PORT || 3000);',
        '',
      ].join('\n'),
    );
    assert.match(read(root, 'worker.ts'), /\n  console\.error\(err\)\n  process\.exit\(1\)\n\}\n/);
    assert.match(
      read(root, 'worker.ts'),
      /\nprocess\.on\('unhandledRejection', \(r\) => \{ console\.warn\('rejection', r\); process\.exit\(1\) \}\)\n/,
    );
    assert.deepStrictEqual((await scan(root)).where(ID), []);
  });
});
