// dependencies/undeclared-system-tool in Python: programs run through subprocess, os.system, asyncio and sh.
import * as assert from 'assert';
import * as path from 'path';
import { FIXTURES, applyFix, copyFixture, findingAt, fixFor, read, scan } from '../../../helpers/engine';

const ID = 'dependencies/undeclared-system-tool';
const dir = (k: string) => path.join(FIXTURES, 'rules', ID, k);
const py = (s: Awaited<ReturnType<typeof scan>>) => s.where(ID).filter((w) => w.startsWith('py-'));

describe(`${ID} (Python)`, () => {
  it('flags literal lists, command lines, f-strings, shlex.split, local names, sh, asyncio and pdfkit/pytesseract/pdf2image/ffmpeg-python, management commands included', async () => {
    const s = await scan(dir('positive'));
    assert.deepStrictEqual(py(s), [
      'py-docker/app/thumbnails.py:9',
      'py-heroku/billing/documents.py:8',
      'py-heroku/billing/documents.py:12',
      'py-heroku/billing/documents.py:16',
      'py-heroku/billing/documents.py:20',
      'py-heroku/billing/pdf.py:7',
      'py-heroku/media/process.py:10',
      'py-heroku/media/process.py:14',
      'py-heroku/media/process.py:19',
      'py-heroku/media/process.py:23',
      'py-heroku/media/process.py:27',
      'py-heroku/ops/management/commands/dumpdb.py:10',
    ]);
    assert.strictEqual(
      findingAt(s, ID, 'py-heroku/media/process.py', 19).message,
      "'convert' (imagemagick) is run from the OS, but nothing in the project installs or declares it.",
    );
  });

  it('accepts Aptfile and pip-installed tools, the Python runtime, which()-guarded and dynamic programs, libraries pointed at their own binary, dev branches, tests, scripts, setup.py, noxfile, invoke tasks and docs', async () => {
    const s = await scan(dir('negative'));
    assert.deepStrictEqual(py(s), []);
  });

  it("installs the tool in a Python image's Dockerfile", async () => {
    const root = copyFixture(`rules/${ID}/positive`);
    const s = await scan(root);
    applyFix(
      fixFor(s, findingAt(s, ID, 'py-docker/app/thumbnails.py', 9), /Install libimage-exiftool-perl in Dockerfile/),
    );
    assert.strictEqual(
      read(root, 'py-docker/Dockerfile').split('\n')[1],
      'RUN apt-get update && apt-get install -y --no-install-recommends libimage-exiftool-perl && rm -rf /var/lib/apt/lists/*',
    );
    const again = await scan(root);
    assert.deepStrictEqual(
      again.where(ID).filter((w) => w.startsWith('py-docker/')),
      [],
    );
  });

  it('lists the package in the Aptfile of a Procfile app without a Dockerfile, creating it', async () => {
    const root = copyFixture(`rules/${ID}/positive`);
    const s = await scan(root);
    applyFix(fixFor(s, findingAt(s, ID, 'py-heroku/billing/pdf.py', 7), /^List wkhtmltopdf in Aptfile/));
    assert.strictEqual(read(root, 'py-heroku/Aptfile'), 'wkhtmltopdf\n');
    const again = await scan(root);
    assert.ok(!again.where(ID).includes('py-heroku/billing/pdf.py:7'));
    applyFix(
      fixFor(again, findingAt(again, ID, 'py-heroku/media/process.py', 10), /^List libimage-exiftool-perl in Aptfile/),
    );
    assert.strictEqual(read(root, 'py-heroku/Aptfile'), 'wkhtmltopdf\nlibimage-exiftool-perl\n');
  });
});
