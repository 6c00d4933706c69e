import * as assert from 'assert';
import * as path from 'path';
import { FIXTURES, applyFix, copyFixture, fixFor, read, scan } from '../../../helpers/engine';

const ID = 'dependencies/undeclared-system-tool';
const dir = (k: string) => path.join(FIXTURES, 'rules', ID, k);

describe(ID, () => {
  it('flags OS programs run through child_process, execa and sh -c that nothing declares', async () => {
    const s = await scan(dir('positive'));
    assert.deepStrictEqual(
      s
        .where(ID)
        .filter((w) => !w.startsWith('py-'))
        .sort(),
      [
        'alpine-app/index.js:3',
        'docker-app/index.js:3',
        'media-worker/worker/media.js:17',
        'media-worker/worker/media.js:19',
        'src/backup.ts:4',
        'src/backup.ts:8',
        'src/pdf.mjs:5',
        'src/pdf.mjs:6',
        'src/pdf.mjs:7',
        'src/thumbs.js:7',
        'src/thumbs.js:11',
      ].sort(),
    );
    const convert = s.findings.find((f) => f.ruleId === ID && f.path.endsWith('thumbs.js'))!;
    assert.strictEqual(
      convert.message,
      "'convert' (imagemagick) is run from the OS, but nothing in the project installs or declares it.",
    );
  });

  it('follows a local helper that runs its parameter to the programs the file passes it', async () => {
    const s = await scan(dir('positive'));
    const media = s.findings.filter((f) => f.ruleId === ID && s.engine.rel(f.path) === 'media-worker/worker/media.js');
    // run('ffmpeg', …) → spawn(cmd); sh('pdftotext …') → promisified exec. run('convert', …): the Dockerfile installs imagemagick.
    assert.deepStrictEqual(
      media.map((f) => f.message.split(' is run')[0]),
      ["'ffmpeg'", "'pdftotext' (poppler-utils)"],
    );
  });

  it('does not take library, data or doc packages (ffmpeg-libs, chromium-common) for the tool', async () => {
    const s = await scan(dir('positive'));
    assert.deepStrictEqual(
      s.where(ID).filter((w) => w.startsWith('alpine-app/')),
      ['alpine-app/index.js:3'],
    );
  });

  it('installs a tool a helper runs in the final stage of the Dockerfile', async () => {
    const root = copyFixture(`rules/${ID}/positive`);
    const s = await scan(root);
    const f = s.findings.find(
      (x) => x.ruleId === ID && s.engine.rel(x.path) === 'media-worker/worker/media.js' && x.range.start.line === 16,
    )!;
    applyFix(fixFor(s, f, /Install ffmpeg in Dockerfile/));
    assert.strictEqual(
      read(root, 'media-worker/Dockerfile').split('\n')[1],
      'RUN apt-get update && apt-get install -y --no-install-recommends ffmpeg && rm -rf /var/lib/apt/lists/*',
    );
    const again = await scan(root);
    assert.deepStrictEqual(
      again.where(ID).filter((w) => w.startsWith('media-worker/')),
      ['media-worker/worker/media.js:19'],
    );
  });

  it('accepts tools declared in package.json, installed or copied in the final Docker stage, in an Aptfile, nixpacks.toml or the base image, and helpers whose parameter is not certainly the program', async () => {
    const s = await scan(dir('negative'));
    assert.deepStrictEqual(s.where(ID), []);
  });

  it('installs the tool in the final stage of the Dockerfile', async () => {
    const root = copyFixture(`rules/${ID}/positive`);
    const s = await scan(root);
    const f = s.findings.find((x) => x.ruleId === ID && x.path.endsWith(path.join('docker-app', 'index.js')))!;
    applyFix(fixFor(s, f, /Install ffmpeg in Dockerfile/));
    const lines = read(root, 'docker-app/Dockerfile').split('\n');
    assert.strictEqual(lines[5], 'FROM node:20.12-slim');
    assert.strictEqual(
      lines[6],
      'RUN apt-get update && apt-get install -y --no-install-recommends ffmpeg && rm -rf /var/lib/apt/lists/*',
    );
    assert.strictEqual(lines[7], 'WORKDIR /app');
    const again = await scan(root);
    assert.deepStrictEqual(
      again.where(ID).filter((w) => w.startsWith('docker-app/')),
      [],
    );
  });

  it('declares the tool in package.json when there is no Dockerfile', async () => {
    const root = copyFixture(`rules/${ID}/positive`);
    let s = await scan(root);
    const pick = (file: string) => s.findings.find((x) => x.ruleId === ID && x.path.endsWith(file))!;
    applyFix(fixFor(s, pick('thumbs.js'), /Declare imagemagick in package.json "systemDependencies"/));
    assert.match(
      read(root, 'package.json'),
      /"start": "node src\/server\.js"\n  \},\n  "systemDependencies": \[\n    "imagemagick"\n  \],\n  "dependencies": \{/,
    );
    s = await scan(root);
    applyFix(fixFor(s, pick('backup.ts'), /Declare postgresql-client/));
    assert.match(
      read(root, 'package.json'),
      /"systemDependencies": \[\n    "imagemagick",\n    "postgresql-client"\n  \],/,
    );
    const again = await scan(root);
    assert.deepStrictEqual(
      again.where(ID).filter((w) => w.startsWith('src/thumbs.js:7') || w.startsWith('src/backup.ts')),
      [],
    );
  });
});
