import * as assert from 'assert';
import * as path from 'path';
import { FIXTURES, scan } from '../../../helpers/engine';

const ID = 'processes/local-file-storage';
const dir = (k: string) => path.join(FIXTURES, 'rules', ID, k);
const isPy = (w: string) => /\.py:/.test(w);

describe(ID, () => {
  it('flags multer (and @koa/multer, koa-multer) dest/diskStorage, formidable uploadDir, mv() and fs writes of user data into the app tree', async () => {
    const s = await scan(dir('positive'));
    assert.deepStrictEqual(
      s
        .where(ID)
        .filter((w) => !isPy(w))
        .sort(),
      [
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
      ],
    );
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

  describe('Python', () => {
    it('flags uploads saved into the app, handlers writing user data, JSON files or exports and reports (open, to_csv, save), FileSystemStorage and file sessions in the app', async () => {
      const s = await scan(dir('positive'));
      assert.deepStrictEqual(s.where(ID).filter(isPy).sort(), [
        'python-django/mysite/settings.py:6',
        'python/api.py:12',
        'python/api.py:14',
        'python/app.py:15',
        'python/app.py:22',
        'python/app.py:40',
        'python/config.py:2',
        'python/gallery/storage.py:5',
        'python/reports_app/routes/exports.py:14',
        'python/reports_app/routes/exports.py:16',
        'python/reports_app/routes/exports.py:18',
      ]);
      const msg = (f: string, line: number) =>
        s.findings.find((x) => x.ruleId === ID && x.path.endsWith(f) && x.range.start.line === line - 1)!.message;
      // app.config['UPLOAD_FOLDER'] set in the same file, through os.path.join(BASE_DIR, …).
      assert.strictEqual(msg('/app.py', 15), 'Uploaded files are saved to ./static/uploads/* on the local disk.');
      // Through a function the handler calls.
      assert.strictEqual(
        msg('/app.py', 40),
        "A request handler writes ./orders.json (open()), using a file in the app's directory as a database.",
      );
      assert.strictEqual(
        msg('/api.py', 12),
        "User data is written to ./uploads/* inside the app's directory (open()).",
      );
      assert.strictEqual(
        msg('/config.py', 2),
        'Sessions are saved as files in ./flask_session on the local disk (Flask-Session filesystem).',
      );
      // A CSV export under Path(__file__).resolve().parents[1] / 'exports', written by a route for a later download.
      assert.strictEqual(
        msg('/routes/exports.py', 14),
        "A request handler writes ./exports/orders-*.csv in the app's directory (open()), local to this instance.",
      );
      assert.strictEqual(
        msg('/gallery/storage.py', 5),
        'Uploads are saved to ./photos on the local disk (FileSystemStorage).',
      );
    });

    it('flags Django upload fields stored under a MEDIA_ROOT inside the app, on the settings line', async () => {
      const s = await scan(dir('positive/python-django'));
      assert.deepStrictEqual(s.where(ID), ['mysite/settings.py:6']);
      assert.strictEqual(
        s.findings.find((f) => f.ruleId === ID)!.message,
        'Uploads (FileField, ImageField) are stored in MEDIA_ROOT, ./media on the local disk.',
      );
    });

    it('accepts env, temp, absolute and unknown paths, logs, reads, writes outside handlers, exports to temp files or configured folders, other save() methods, tools, dev config and remote storage', async () => {
      const s = await scan(dir('negative'));
      assert.deepStrictEqual(s.where(ID).filter(isPy), []);
      const django = await scan(dir('negative/python-django'));
      assert.deepStrictEqual(django.where(ID), []);
    });
  });
});
