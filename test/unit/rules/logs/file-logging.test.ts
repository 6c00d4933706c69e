import * as assert from 'assert';
import * as path from 'path';
import { FIXTURES, applyFix, copyFixture, fixFor, read, scan, scanFiles } from '../../../helpers/engine';

const ID = 'logs/file-logging';
const dir = (k: string) => path.join(FIXTURES, 'rules', ID, k);

describe(ID, () => {
  it('flags winston file transports, pino file destinations, bunyan file streams, log4js file appenders and fs writes to logs', async () => {
    const s = await scan(dir('positive'));
    assert.deepStrictEqual(s.where(ID).sort(), [
      'src/access-log.js:4',
      'src/append.ts:2',
      'src/bunyan.js:6',
      'src/destructured.ts:4',
      'src/log4js.js:5',
      'src/pino-transport.mjs:5',
      'src/pino.js:2',
      'src/rotate.js:3',
      'src/rotate.js:4',
      'src/winston.js:6',
      'src/winston.js:7',
    ]);
    const msg = (file: string) => s.findings.find((f) => f.ruleId === ID && s.engine.rel(f.path) === file)!.message;
    assert.strictEqual(msg('src/winston.js'), 'Logs are written to a file (winston File transport, error.log).');
    assert.match(msg('src/log4js.js'), /log4js file appender, application\.log, rotated by the app/);
    assert.match(msg('src/pino.js'), /pino\.destination \.\/logs\/app\.log/);
  });

  it('accepts console/stdout loggers, env-configured destinations, dev-only files, look-alike objects, reads, tooling and tests', async () => {
    const s = await scan(dir('negative'));
    assert.deepStrictEqual(s.where(ID), []);
  });

  it('fix replaces a winston File transport with a Console transport, keeping its level', async () => {
    const root = copyFixture(`rules/${ID}/positive`);
    let s = await scan(root);
    const at = (file: string, line: number) =>
      s.findings.find((f) => f.ruleId === ID && s.engine.rel(f.path) === file && f.range.start.line === line - 1)!;
    const first = fixFor(
      s,
      at('src/winston.js', 6),
      /^Log to the console: new winston\.transports\.Console\(\{ level: 'error' \}\)$/,
    );
    assert.ok(first.preferred);
    applyFix(first);
    assert.match(read(root, 'src/winston.js'), /^ {4}new winston\.transports\.Console\(\{ level: 'error' \}\),$/m);
    // The array now has a Console transport: the second file transport is simply removed.
    s = await scan(root);
    applyFix(fixFor(s, at('src/winston.js', 7), /^Remove the file transport/));
    assert.match(
      read(root, 'src/winston.js'),
      /transports: \[\n {4}new winston\.transports\.Console\(\{ level: 'error' \}\),\n {2}\],/,
    );

    applyFix(fixFor(s, at('src/destructured.ts', 4), /^Remove the file transport/));
    assert.match(read(root, 'src/destructured.ts'), /transports: \[new transports\.Console\(\)\],/);

    // DailyRotateFile imported on its own: the Console comes from the winston binding.
    const daily = fixFor(s, at('src/rotate.js', 3), /^Log to the console: new winston\.transports\.Console\(\)$/);
    assert.ok(daily.preferred);
    applyFix(daily);
    s = await scan(root);
    // Unknown options would be dropped: offered, not preferred.
    const audit = fixFor(
      s,
      at('src/rotate.js', 4),
      /^Log to the console: new winston\.transports\.Console\(\{ level: 'warn' \}\)$/,
    );
    assert.ok(!audit.preferred);
    applyFix(audit);
    s = await scan(root);
    assert.deepStrictEqual(
      s.where(ID).filter((w) => /winston|destructured|rotate/.test(w)),
      [],
    );
  });

  it('does not apply to a project that neither logs nor prints', async () => {
    const s = await scanFiles({
      'package.json': '{ "name": "lib", "version": "1.0.0" }',
      'index.js': 'module.exports = (a, b) => a + b;\n',
    });
    assert.strictEqual(s.engine.checklist().find((f) => f.slug === 'logs')!.status, 'not-applicable');
    const printing = await scanFiles({
      'package.json': '{ "name": "app", "version": "1.0.0" }',
      'index.js': "console.log('hi');\n",
    });
    assert.strictEqual(printing.engine.checklist().find((f) => f.slug === 'logs')!.status, 'pass');
  });
});
