import * as assert from 'assert';
import * as path from 'path';
import { FIXTURES, scan } from '../../../helpers/engine';

const ID = 'processes/local-file-storage';
const dir = (k: string) => path.join(FIXTURES, 'rules', ID, k);

describe(ID, () => {
  it('flags multer (and @koa/multer, koa-multer) dest/diskStorage, formidable uploadDir, mv() and fs writes of user data into the app tree', async () => {
    const s = await scan(dir('positive'));
    assert.deepStrictEqual(s.where(ID).sort(), [
      'src/data-store.ts:4',
      'src/disk-storage.js:4',
      'src/fileupload.js:3',
      'src/formidable.js:4',
      'src/koa-multer-dest.js:3',
      'src/koa-upload.ts:7',
      'src/mkdir-only.js:2',
      'src/orders-db.js:7',
      'src/route-local-dir.ts:10',
      'src/upload.js:5',
    ]);
    const byFile = (f: string) => s.findings.find((x) => x.ruleId === ID && x.path.endsWith(f))!.message;
    assert.match(byFile('/upload.js'), /Uploads are saved to \.\/uploads on the local disk \(multer dest\)/);
    assert.match(byFile('/disk-storage.js'), /\.\/public\/uploads/);
    assert.match(byFile('/koa-upload.ts'), /\.\/uploads on the local disk \(multer diskStorage\)/);
    // `const dir = path.join(process.cwd(), 'public', 'uploads')` declared in the handler itself.
    assert.match(
      byFile('/route-local-dir.ts'),
      /User data is written to \.\/public\/uploads\/\S* inside the app's directory \(fs\.writeFile\)/,
    );
    assert.match(byFile('/orders-db.js'), /request handler writes \.\/orders\.json .* as a database/);
  });

  it('accepts temp dirs, shadowing local or parameter dirs, memory storage, configured or absolute dirs, logs, PID files, reads, tooling, dev-only code and tests', async () => {
    const s = await scan(dir('negative'));
    assert.deepStrictEqual(s.where(ID), []);
  });
});
