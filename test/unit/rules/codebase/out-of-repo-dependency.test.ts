import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { FIXTURES, copyFixture, scan, scanFiles, tempProject } from '../../../helpers/engine';

const ID = 'codebase/out-of-repo-dependency';
const dir = (k: string) => path.join(FIXTURES, 'rules', ID, k);

describe(ID, () => {
  it('flags file:, link:, portal: and relative-path dependencies that leave the repository', async () => {
    // A copy outside any git repository: the workspace folder is the repository.
    const s = await scan(copyFixture(`rules/${ID}/positive`));
    assert.deepStrictEqual(s.where(ID), [
      'package.json:6',
      'package.json:7',
      'package.json:8',
      'package.json:9',
      'package.json:12',
    ]);
    const f = s.findings.find((x) => x.ruleId === ID)!;
    assert.match(
      f.message,
      /^'photoshare-common' comes from 'file:\.\.\/photoshare-common', a folder outside this workspace \(\.\.\/photoshare-common\)/,
    );
    // The underline is the version spec.
    assert.deepStrictEqual(f.range, { start: { line: 5, character: 25 }, end: { line: 5, character: 52 } });
    assert.deepStrictEqual(
      s.engine.fixesFor(f).filter((x) => x.edits?.length && !/disable|docs|^Suppress /i.test(x.title)),
      [],
    );
  });

  it('accepts workspace packages, tarballs inside the repository, and registry, git, URL and alias specs', async () => {
    assert.deepStrictEqual((await scan(dir('negative'))).where(ID), []);
    assert.deepStrictEqual((await scan(copyFixture(`rules/${ID}/negative`))).where(ID), []);
  });

  it('measures against the git root when a subfolder of the repository is opened', async () => {
    const root = tempProject({
      'services/api/package.json': JSON.stringify(
        {
          name: 'api',
          private: true,
          dependencies: { common: 'file:../../libs/common', other: 'file:../../../other-repo/lib' },
        },
        null,
        2,
      ),
      'libs/common/package.json': JSON.stringify({ name: 'common', version: '1.0.0' }),
    });
    fs.mkdirSync(path.join(root, '.git'));
    const s = await scan(path.join(root, 'services', 'api'));
    assert.deepStrictEqual(s.where(ID), ['package.json:6']);
    assert.match(
      s.findings.find((x) => x.ruleId === ID)!.message,
      /outside this git repository \(\.\.\/other-repo\/lib\)/,
    );
  });
  it('flags a relative import of source outside the repository, not imports inside it or from tests', async () => {
    const s = await scanFiles({
      'package.json': JSON.stringify({ name: 'notify', version: '1.0.0', dependencies: { nodemailer: '^6.9.13' } }),
      'src/email.ts':
        "import nodemailer from 'nodemailer';\nimport { render } from '../../notifications-templates/src/render';\nimport { log } from './log';\nexport const send = () => nodemailer.createTransport({}).sendMail({ html: render(), text: log() });\n",
      'src/log.ts': 'export const log = () => "";\n',
      'test/email.test.ts': "import { render } from '../../notifications-templates/src/render';\nrender();\n",
    });
    assert.deepStrictEqual(s.where(ID), ['src/email.ts:2']);
    assert.match(
      s.findings.find((f) => f.ruleId === ID)!.message,
      /^This imports '\.\.\/\.\.\/notifications-templates\/src\/render', from a folder outside this (git repository|workspace)/,
    );
  });
});
