import * as assert from 'assert';
import * as path from 'path';
import { FIXTURES, applyFix, copyFixture, fixFor, read, scan, scanFiles } from '../../../helpers/engine';

const ID = 'logs/file-logging';
const dir = (k: string) => path.join(FIXTURES, 'rules', ID, k);

describe(ID, () => {
  it('flags winston file transports, pino file destinations, bunyan file streams, log4js file appenders and fs writes to logs', async () => {
    const s = await scan(dir('positive'));
    assert.deepStrictEqual(
      s
        .where(ID)
        .filter((w) => !w.startsWith('py-'))
        .sort(),
      [
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
      ],
    );
    const msg = (file: string) => s.findings.find((f) => f.ruleId === ID && s.engine.rel(f.path) === file)!.message;
    assert.strictEqual(msg('src/winston.js'), 'Logs are written to a file (winston File transport, error.log).');
    assert.match(msg('src/log4js.js'), /log4js file appender, application\.log, rotated by the app/);
    assert.match(msg('src/pino.js'), /pino\.destination \.\/logs\/app\.log/);
  });

  it('flags Python file handlers in code and in logging dict configs, basicConfig files, loguru, structlog and open() appends', async () => {
    const s = await scan(dir('positive'));
    assert.deepStrictEqual(
      s
        .where(ID)
        .filter((w) => w.startsWith('py-'))
        .sort(),
      [
        // RotatingFileHandler in the production branch (`not app.debug`), when LOG_TO_STDOUT is not set; a FileHandler.
        'py-app/app/__init__.py:14',
        'py-app/app/__init__.py:19',
        'py-app/app/logs.py:13',
        // A file unless the environment opts out (`if not os.environ.get('LOG_TO_STDOUT')`).
        'py-app/app/logs.py:20',
        'py-app/app/logs.py:7',
        'py-app/app/logs.py:8',
        // structlog's file: reported once, on the factory, not again on its open().
        'py-app/app/logs.py:9',
        'py-app/config/settings.py:11',
        'py-app/config/settings.py:18',
      ],
    );
    const msg = (file: string, line: number) =>
      s.findings.find((f) => f.ruleId === ID && s.engine.rel(f.path) === file && f.range.start.line === line - 1)!
        .message;
    assert.strictEqual(
      msg('py-app/app/__init__.py', 14),
      'Logs are written to a file (RotatingFileHandler, logs/app.log, rotated by the app).',
    );
    assert.strictEqual(
      msg('py-app/config/settings.py', 11),
      'Logs are written to a file (TimedRotatingFileHandler, …/shop.log, rotated by the app).',
    );
    assert.match(msg('py-app/app/logs.py', 7), /\(logging\.basicConfig filename, app\.log\)/);
    assert.match(msg('py-app/app/logs.py', 8), /\(loguru file sink, logs\/shop_\{time\}\.log, rotated by the app\)/);
    assert.match(msg('py-app/app/logs.py', 9), /\(structlog WriteLoggerFactory, events\.log\)/);
    assert.match(msg('py-app/app/logs.py', 13), /\(open\(\) in append mode, logs\/access\.log\)/);
    // No fix rewrites Python (the winston fix is the only one).
    const f = s.findings.find((x) => x.ruleId === ID && x.path.endsWith('.py'))!;
    assert.deepStrictEqual(
      s.engine.fixesFor(f).filter((x) => !/disable|documentation/i.test(x.title)),
      [],
    );
  });

  it('accepts console/stdout loggers, env-configured destinations, dev-only files, look-alike objects, reads, tooling and tests', async () => {
    // Python too: stdout handlers, env file names and env opt-ins, `if app.debug:`, dev settings modules, syslog, scripts.
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
    // A Python project that imports logging, or prints, is judged (and passes); one that does neither is not.
    const py = await scanFiles({ 'app.py': 'import logging\nlogging.basicConfig(level=logging.INFO)\n' });
    assert.strictEqual(py.engine.checklist().find((f) => f.slug === 'logs')!.status, 'pass');
    const printer = await scanFiles({ 'app.py': "print('hi')\n" });
    assert.strictEqual(printer.engine.checklist().find((f) => f.slug === 'logs')!.status, 'pass');
    const silent = await scanFiles({ 'lib.py': 'def add(a, b):\n    return a + b\n' });
    assert.strictEqual(silent.engine.checklist().find((f) => f.slug === 'logs')!.status, 'not-applicable');
  });
});
