import * as assert from 'assert';
import * as path from 'path';
import { FIXTURES, applyFix, copyFixture, fixFor, read, scan } from '../../../helpers/engine';
import { pyShutdownHandlerFixes } from '../../../../server/src/lang/py/checks/disposability/shutdownFix';

const ID = 'disposability/no-graceful-shutdown';
const dir = (k: string) => path.join(FIXTURES, 'rules', ID, k);
const isPy = (w: string) => /\.py:/.test(w);

async function fixed(project: string, file: string, title: RegExp): Promise<{ root: string; preferred: boolean }> {
  const root = copyFixture(`rules/${ID}/positive`);
  const s = await scan(root);
  const f = s.findings.find((x) => x.ruleId === ID && s.engine.rel(x.path) === `${project}/${file}`);
  assert.ok(f, `no finding in ${project}/${file}`);
  const fix = fixFor(s, f, title);
  applyFix(fix);
  const again = await scan(root);
  assert.deepStrictEqual(
    again.where(ID).filter((w) => w.startsWith(`${project}/${file}:`)),
    [],
  );
  return { root, preferred: !!fix.preferred };
}

describe(ID, () => {
  it('flags each web or worker process without a SIGTERM handler, once, at its listen/consumer', async () => {
    const s = await scan(dir('positive'));
    assert.deepStrictEqual(
      s
        .where(ID)
        .filter((w) => !isPy(w))
        .sort(),
      [
        'const-server/src/index.ts:4',
        'express-bare/src/server.js:7',
        'fastify/server.mjs:6',
        'http-server/index.js:8',
        'ignored-clock/src/index.js:8',
        'ignored-ref/poller.js:5',
        'ignored-web/server.js:12',
        'ignored-worker/src/signals.js:3',
        'inferred/src/app.js:5',
        'nest/src/main.ts:6',
        'split/web.js:5',
        'split/worker.js:3',
      ],
    );
    const sigint = s.findings.find((f) => f.ruleId === ID && f.path.endsWith('web.js'))!;
    assert.match(sigint.message, /only SIGINT/);
    assert.match(sigint.message, /Procfile 'web' process/);
  });

  it('reports a SIGTERM handler that only logs or does nothing as ignoring the signal, without a fix', async () => {
    const s = await scan(dir('positive'));
    const at = (rel: string) => s.findings.find((f) => f.ruleId === ID && s.engine.rel(f.path) === rel)!;
    const clock = at('ignored-clock/src/index.js');
    assert.strictEqual(
      clock.message,
      "The 'start' script's process (src/index.js) has a SIGTERM handler that only logs, so it ignores the signal.",
    );
    assert.match(
      at('ignored-web/server.js').message,
      /has a SIGTERM handler that only logs, so it ignores the signal\.$/,
    );
    const worker = at('ignored-worker/src/signals.js');
    assert.strictEqual(
      worker.message,
      "The Procfile 'worker' process (src/worker.js) has a SIGTERM handler that does nothing, so it ignores the signal.",
    );
    assert.deepStrictEqual(
      s.engine.fixesFor(clock).map((x) => x.title),
      [`Disable ${ID} for this line`, `Show documentation for ${ID}`],
    );
  });

  it('accepts handlers anywhere the process loads, shutdown libraries, Nest hooks, and look-alikes', async () => {
    const s = await scan(dir('negative'));
    assert.deepStrictEqual(s.where(ID), []);
  });

  it('fix names a bare app.listen() and closes it on SIGTERM, keeping the file style', async () => {
    const { root, preferred } = await fixed('express-bare', 'src/server.js', /Keep the server as 'server'/);
    assert.ok(preferred);
    assert.strictEqual(
      read(root, 'express-bare/src/server.js'),
      `const express = require('express');
const routes = require('./routes');

const app = express();
app.use(routes);

const server = app.listen(process.env.PORT || 3000, () => {
  console.log('listening');
});
process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
});
`,
    );
  });

  it('fix uses an existing server variable, double quotes and no semicolons', async () => {
    const { root } = await fixed('const-server', 'src/index.ts', /Close server on SIGTERM/);
    assert.strictEqual(
      read(root, 'const-server/src/index.ts'),
      `import { app } from "./app.js"

const port = Number(process.env.PORT) || 3000
const server = app.listen(port)
process.on("SIGTERM", () => {
  server.close(() => process.exit(0))
})
server.on("listening", () => console.log("up"))
`,
    );
  });

  it('fix closes an http server with its 4-space indentation', async () => {
    const { root } = await fixed('http-server', 'index.js', /Close server on SIGTERM/);
    assert.match(
      read(root, 'http-server/index.js'),
      /server\.listen\(process\.env\.PORT\);\nprocess\.on\('SIGTERM', \(\) => \{\n {4}server\.close\(\(\) => process\.exit\(0\)\);\n\}\);\n$/,
    );
  });

  it('fix enables Nest shutdown hooks', async () => {
    const { root, preferred } = await fixed('nest', 'src/main.ts', /enableShutdownHooks/);
    assert.ok(preferred);
    assert.match(
      read(root, 'nest/src/main.ts'),
      /  const app = await NestFactory\.create\(AppModule\);\n  app\.enableShutdownHooks\(\);\n  await app\.listen/,
    );
  });

  it('fix closes fastify with fastify.close()', async () => {
    const { root } = await fixed('fastify', 'server.mjs', /Close fastify on SIGTERM/);
    assert.match(
      read(root, 'fastify/server.mjs'),
      /\nprocess\.on\('SIGTERM', \(\) => \{\n  fastify\.close\(\)\.then\(\(\) => process\.exit\(0\)\);\n\}\);\n$/,
    );
  });

  it('fix closes a BullMQ worker, offered but not preferred', async () => {
    const { root, preferred } = await fixed('split', 'worker.js', /Close worker on SIGTERM/);
    assert.ok(!preferred);
    assert.match(
      read(root, 'split/worker.js'),
      /\}\);\nprocess\.on\('SIGTERM', \(\) => \{\n  worker\.close\(\)\.then\(\(\) => process\.exit\(0\)\);\n\}\);\n$/,
    );
  });

  describe('Python', () => {
    it('flags a worker loop, consumer, scheduler or event loop the file runs itself, with no SIGTERM handler', async () => {
      const s = await scan(dir('positive'));
      assert.deepStrictEqual(s.where(ID).filter(isPy).sort(), [
        'py-asyncio/main.py:7',
        'py-clock/clock.py:13',
        'py-command/shop/management/commands/sendmail.py:19',
        'py-consumer/consumer.py:13',
        'py-ignored/worker.py:15',
        'py-kafka/consumer.py:7',
        'py-poller/worker.py:11',
      ]);
      const msg = (rel: string) => s.findings.find((f) => f.ruleId === ID && s.engine.rel(f.path) === rel)!.message;
      assert.strictEqual(msg('py-poller/worker.py'), 'The worker loop run from `__main__` never handles SIGTERM.');
      assert.strictEqual(msg('py-clock/clock.py'), 'The scheduler started at module level never handles SIGTERM.');
      assert.strictEqual(msg('py-consumer/consumer.py'), 'The consumer run from `__main__` never handles SIGTERM.');
      // `except KeyboardInterrupt` around the loop: Ctrl-C stops it, SIGTERM does not.
      assert.strictEqual(
        msg('py-command/shop/management/commands/sendmail.py'),
        'The worker loop of the `sendmail` management command never handles SIGTERM (only SIGINT).',
      );
      assert.strictEqual(
        msg('py-ignored/worker.py'),
        'The worker loop run from `__main__` has a SIGTERM handler that only logs, so it ignores the signal.',
      );
    });

    it('accepts handlers (a flag, a loop over signals, add_signal_handler, an imported installer), runners that handle SIGTERM, bounded and flag loops, libraries, tools, sample folders and tests', async () => {
      const s = await scan(dir('negative'));
      assert.deepStrictEqual(s.where(ID).filter(isPy), []);
    });

    /** Applies the SIGTERM fix to one positive case and checks the finding is gone on a rescan. */
    async function fixedPy(rel: string): Promise<{ root: string; text: string; title: string; preferred: boolean }> {
      const root = copyFixture(`rules/${ID}/positive`);
      const s = await scan(root);
      const f = s.findings.find((x) => x.ruleId === ID && s.engine.rel(x.path) === rel);
      assert.ok(f, `no finding in ${rel}`);
      const fix = fixFor(s, f, /^Add a SIGTERM handler/);
      applyFix(fix);
      const again = await scan(root);
      assert.deepStrictEqual(
        again.where(ID).filter((w) => w.startsWith(`${rel}:`)),
        [],
      );
      const text = read(root, rel);
      // Idempotent: the fixed file gets no second handler.
      assert.deepStrictEqual(pyShutdownHandlerFixes(path.join(root, rel), text, f.range.start, 'main', false), []);
      return { root, text, title: fix.title, preferred: !!fix.preferred };
    }

    it('fix adds a SIGTERM handler raising SystemExit at the top of the __main__ block, and the imports in order', async () => {
      const { text, title, preferred } = await fixedPy('py-poller/worker.py');
      assert.strictEqual(title, 'Add a SIGTERM handler that exits cleanly (raises SystemExit)');
      assert.ok(!preferred);
      assert.strictEqual(
        text,
        `"""Sends the queued e-mails."""
import logging
import signal
import sys
import time

from mailer import send_pending

log = logging.getLogger(__name__)


def main():
    while True:
        sent = send_pending()
        log.info("sent %d", sent)
        time.sleep(5)


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
    main()
`,
      );
    });

    it('fix opens a one-line __main__ block onto its own lines', async () => {
      const { text } = await fixedPy('py-consumer/consumer.py');
      assert.match(text, /^import signal\nimport sys\n\nimport pika\n/);
      assert.match(
        text,
        /\nif __name__ == "__main__":\n {4}signal\.signal\(signal\.SIGTERM, lambda signum, frame: sys\.exit\(0\)\)\n {4}run\(\)\n$/,
      );
    });

    it('fix reuses the Ctrl-C path (default_int_handler) in a management command that stops on KeyboardInterrupt', async () => {
      const { text, title } = await fixedPy('py-command/shop/management/commands/sendmail.py');
      assert.strictEqual(title, 'Add a SIGTERM handler that raises KeyboardInterrupt, as Ctrl-C does');
      assert.match(text, /^import signal\nimport time\n/);
      assert.match(
        text,
        /def handle\(self, \*args, \*\*options\):\n {8}"""Runs until interrupted\."""\n {8}signal\.signal\(signal\.SIGTERM, signal\.default_int_handler\)\n {8}try:\n/,
      );
    });

    it('fix installs the handler just before a scheduler started at module level', async () => {
      const { text } = await fixedPy('py-clock/clock.py');
      assert.match(text, /^import signal\nimport sys\n\nfrom apscheduler/);
      assert.match(
        text,
        /\n\nsignal\.signal\(signal\.SIGTERM, lambda signum, frame: sys\.exit\(0\)\)\nsched\.start\(\)\n$/,
      );
    });

    it('offers no fix for a handler that ignores the signal, nor where `signal` or `sys` names something else', async () => {
      const s = await scan(dir('positive'));
      const ignored = s.findings.find((f) => f.ruleId === ID && f.path.endsWith('py-ignored/worker.py'))!;
      assert.deepStrictEqual(
        s.engine.fixesFor(ignored).map((x) => x.title),
        [`Disable ${ID} for this line`, `Show documentation for ${ID}`],
      );
      const loop = 'if __name__ == "__main__":\n    while True:\n        time.sleep(1)\n';
      const fixesWith = (head: string) => {
        const text = head + loop;
        const line = text.split('\n').findIndex((l) => l.startsWith('    while'));
        return pyShutdownHandlerFixes('/w/worker.py', text, { line, character: 4 }, 'main', false).length;
      };
      assert.strictEqual(fixesWith('import time\n\n'), 1);
      assert.strictEqual(fixesWith('from blinker import signal\nimport time\n\n'), 0);
      assert.strictEqual(fixesWith('import os as sys\nimport time\n\n'), 0);
    });
  });
});
