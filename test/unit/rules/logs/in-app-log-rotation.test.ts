import * as assert from 'assert';
import * as path from 'path';
import { FIXTURES, scan } from '../../../helpers/engine';

const ID = 'logs/in-app-log-rotation';
const dir = (k: string) => path.join(FIXTURES, 'rules', ID, k);

describe(ID, () => {
  it('flags imports of log-rotation packages, as advisories', async () => {
    const s = await scan(dir('positive'));
    assert.deepStrictEqual(s.where(ID).sort(), [
      // Python: the rotating handler's import from logging.handlers, and the concurrent-log-handler package's.
      'py-app/web.py:2',
      'py-app/web.py:4',
      'src/access.mjs:1',
      'src/rotator.js:1',
      'src/winston.js:2',
    ]);
    const f = s.findings.find((x) => x.ruleId === ID && x.path.endsWith('winston.js'))!;
    assert.strictEqual(f.severity, 'info');
    assert.match(f.message, /winston-daily-rotate-file rotates log files inside the app/);
    const msg = (line: number) =>
      s.findings.find((x) => x.ruleId === ID && x.path.endsWith('web.py') && x.range.start.line === line - 1)!.message;
    assert.strictEqual(msg(2), 'TimedRotatingFileHandler rotates log files inside the app.');
    assert.strictEqual(msg(4), 'concurrent-log-handler rotates log files inside the app.');
    // The transports and streams themselves are logs/file-logging's, on other lines.
    assert.deepStrictEqual(s.where('logs/file-logging').sort(), [
      'py-app/web.py:7',
      'py-app/web.py:8',
      'src/access.mjs:3',
      'src/rotator.js:2',
      'src/winston.js:3',
    ]);
  });

  it('accepts type-only imports, a declared but unused package, a rotating handler imported but used only in development or named in a dict config, and tests', async () => {
    const s = await scan(dir('negative'));
    assert.deepStrictEqual(s.where(ID), []);
  });
});
