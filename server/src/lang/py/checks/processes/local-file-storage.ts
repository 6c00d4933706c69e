// processes/local-file-storage in Python: user files written into the app's own directory. An upload saved there
// (`request.files['f'].save(path)`, a Flask-WTF file field's `.data.save(path)`, a werkzeug FileStorage), a request
// handler writing into an uploads/data folder or a JSON/SQLite/CSV file (`open(path, 'wb')`, `Path.write_bytes`,
// `shutil.copy`, `os.rename`), Django's FileSystemStorage given a location in the app, Flask-Session's filesystem
// sessions (by default in ./flask_session) and Django file sessions kept in the app. Paths through lang/py/pathShape.ts:
// read from the environment, /tmp, absolute paths elsewhere (a mounted volume) and paths it cannot see are fine.
// For the project half it records what Django's media settings and models say (MEDIA_ROOT, remote storage, upload
// fields): uploads on the default FileSystemStorage under a MEDIA_ROOT inside the app.
import { pyCheck, type PySourceContext } from '../../context';
import type { SyntaxNode } from '../../parse';
import { callArgs, childrenOf, dottedName, importBindings, resolveName, stringValue } from '../../syntax';
import { pyHandlers, type PyHandlers } from '../../handlers';
import { displayPyPath, pyPathShape, type PathShape } from '../../pathShape';
import { isPyAppCode } from '../appFiles';
import { DJANGO_MEDIA, type DjangoMedia } from '../../../../facts/processes';
import { dictEntries, settingsOf, type Setting } from './settings';

/** Folder names that hold what users create (as lang/js's local-file-storage check). */
const USER_DATA =
  /^(uploads?|user[-_]?(uploads|data|files|content)|userdata|attachments?|avatars?|media|data|db|database|storage|files|documents)$/i;
/** Folders for files the app generates for users to fetch later: exports, reports, downloads. */
const GENERATED = /^(exports?|reports?|downloads?|generated)$/i;
/** pandas' writers (`df.to_csv(path)`): the path is their first argument or `path_or_buf`. */
const FRAME_WRITERS = /^(to_csv|to_excel|to_json|to_parquet|to_pickle|to_feather)$/;
/** Logs (logs/file-logging), PID files (concurrency/pid-file) and scratch space are other matters. */
const NOT_DATA = /^(logs?|tmp|temp|\.?cache)$|\.(log|pid)$/i;
/** A file a request handler writes with one of these extensions is being used as a database. */
const DB_FILE = /\.(json|jsonl|ndjson|db|sqlite3?|csv)$/i;
/** `open()` modes that write. */
const WRITE_MODE = /[wax+]/;
const FILE_SYSTEM_STORAGE = 'django.core.files.storage.FileSystemStorage';
/** Storage backends that keep files elsewhere (django-storages and friends), as settings strings or imports. */
const REMOTE_STORAGE = /^(storages|cloudinary_storage|django_s3_storage|gcloud|minio_storage|azure_storage)(\.|$)/;
const UPLOAD_FIELDS = new Set(['django.db.models.FileField', 'django.db.models.ImageField']);
/** Wagtail apps that store uploads through Django's default storage. */
const WAGTAIL_UPLOADS = /^wagtail\.(images|documents)$/;

type Id = 'saved' | 'jsonDb' | 'userData' | 'generated' | 'storage' | 'sessionFiles';

function inAppTree(shape: PathShape): boolean {
  return shape.base === 'app' && !shape.fromEnv && !shape.segments.some((s) => NOT_DATA.test(s));
}
const isUserData = (shape: PathShape) => shape.segments.some((x) => USER_DATA.test(x));

/** `request.files[...]`, `request.files.get(...)`, `request.files.getlist(...)` (and `.values()`). */
function isRequestFiles(text: string, n: SyntaxNode | null | undefined): boolean {
  if (!n) return false;
  if (n.name === 'MemberExpression' && n.getChild('['))
    return /(^|\.)request\.files$/.test(dottedName(text, n.firstChild) ?? '');
  if (n.name === 'CallExpression') {
    const d = dottedName(text, n.firstChild) ?? '';
    return /(^|\.)request\.files\.(get|getlist|values)$/.test(d);
  }
  return false;
}

class Check {
  private readonly text: string;
  private readonly bindings: Map<string, string>;
  private handlers?: PyHandlers;
  private readonly reported = new Set<number>();

  constructor(private readonly ctx: PySourceContext<Id>) {
    this.text = ctx.text;
    this.bindings = importBindings(ctx.text, ctx.index.imports);
  }

  private shape(n: SyntaxNode): PathShape {
    return pyPathShape(n, { text: this.text, bindings: this.bindings, assignments: this.ctx.index.assignments });
  }

  private report(at: SyntaxNode, messageId: Id, data: Record<string, string>, kind: string): void {
    if (this.reported.has(at.from)) return;
    this.reported.add(at.from);
    this.ctx.report(at, { messageId, data }, { data: { kind } });
  }

  private handlersOf(): PyHandlers {
    return (this.handlers ??= pyHandlers(this.ctx));
  }

  /** In a request handler, or in a top-level function a handler of this file calls. */
  private inRequest(node: SyntaxNode): boolean {
    const h = this.handlersOf();
    if (h.enclosing(node)) return true;
    let top: SyntaxNode | undefined;
    for (let p = node.parent; p; p = p.parent) if (p.name === 'FunctionDefinition') top = p;
    const name = top?.getChild('VariableName');
    if (!top || !name || top.parent?.name !== 'Script') return false;
    const fn = this.text.slice(name.from, name.to);
    return this.ctx.index.calls.some(
      (c) =>
        c.firstChild?.name === 'VariableName' &&
        this.text.slice(c.firstChild.from, c.firstChild.to) === fn &&
        !!h.enclosing(c),
    );
  }

  /** Whether `name` in the function around `at` holds an upload: assigned from request.files, or a loop over them. */
  private isUploadName(name: string, at: SyntaxNode): boolean {
    let fn: SyntaxNode | undefined;
    for (let p = at.parent; p; p = p.parent)
      if (p.name === 'FunctionDefinition') {
        fn = p;
        break;
      }
    if (!fn) return false;
    const params = fn.getChild('ParamList');
    if (params) {
      const kids = childrenOf(params);
      for (let i = 0; i < kids.length; i++) {
        if (kids[i].name !== 'VariableName' || this.text.slice(kids[i].from, kids[i].to) !== name) continue;
        const ann = kids[i + 1]?.name === 'TypeDef' ? kids[i + 1].lastChild : null;
        const type = ann && dottedName(this.text, ann);
        if (type && /(^|\.)FileStorage$/.test(resolveName(type, this.bindings))) return true;
      }
    }
    let found = false;
    fn.cursor().iterate((ref) => {
      if (found) return false;
      if (ref.name === 'AssignStatement') {
        const t = ref.node.firstChild;
        if (
          t?.name === 'VariableName' &&
          this.text.slice(t.from, t.to) === name &&
          isRequestFiles(this.text, ref.node.lastChild)
        )
          found = true;
      } else if (ref.name === 'ForStatement') {
        const kids = childrenOf(ref.node);
        const at = kids.findIndex((k) => k.name === 'in');
        const target = kids[at - 1];
        if (
          at === 2 &&
          target?.name === 'VariableName' &&
          this.text.slice(target.from, target.to) === name &&
          isRequestFiles(this.text, kids[at + 1])
        )
          found = true;
      }
      return undefined;
    });
    return found;
  }

  /** `request.files['f'].save(dst)`, `upload.save(dst)`, `form.photo.data.save(dst)`. */
  uploads(): void {
    const wtf = [...this.bindings.values()].some((m) => m.startsWith('flask_wtf'));
    for (const call of this.ctx.index.calls) {
      const callee = call.firstChild;
      if (
        callee?.name !== 'MemberExpression' ||
        this.text.slice(callee.lastChild!.from, callee.lastChild!.to) !== 'save'
      )
        continue;
      const recv = callee.firstChild;
      const dst = callArgs(this.text, call).positional[0];
      if (!recv || !dst) continue;
      const recvName = recv.name === 'VariableName' ? this.text.slice(recv.from, recv.to) : undefined;
      const upload =
        isRequestFiles(this.text, recv) ||
        (wtf && /\.data$/.test(dottedName(this.text, recv) ?? '')) ||
        (recvName !== undefined && this.isUploadName(recvName, call));
      if (!upload) continue;
      const s = this.shape(dst);
      if (inAppTree(s) && isUserData(s)) this.report(dst, 'saved', { path: displayPyPath(s) }, 'upload');
    }
  }

  /** Writes by a request handler: open(…, 'wb'), Path.write_bytes, shutil.copy/move, os.rename/replace. */
  writes(): void {
    for (const call of this.ctx.index.calls) {
      const callee = call.firstChild;
      const written = dottedName(this.text, callee);
      const name = written ? resolveName(written, this.bindings) : undefined;
      const args = callArgs(this.text, call);
      let target: SyntaxNode | undefined;
      let fn: string | undefined;
      if (name === 'open' || name === 'io.open' || name === 'aiofiles.open' || name === 'codecs.open') {
        const mode = stringValue(this.text, args.positional[1] ?? args.keywords.get('mode'));
        if (mode && WRITE_MODE.test(mode)) [target, fn] = [args.positional[0], name];
      } else if (name && /^(shutil\.(copy|copy2|copyfile|move)|os\.(rename|replace))$/.test(name)) {
        [target, fn] = [args.positional[1], name];
      } else if (callee?.name === 'MemberExpression') {
        // Path(…).write_bytes(data), (UPLOADS / name).open('wb')
        const method = this.text.slice(callee.lastChild!.from, callee.lastChild!.to);
        const mode = stringValue(this.text, args.positional[0] ?? args.keywords.get('mode'));
        if (/^(write_bytes|write_text)$/.test(method) || (method === 'open' && mode && WRITE_MODE.test(mode)))
          [target, fn] = [callee.firstChild ?? undefined, `Path.${method}`];
        // df.to_csv(EXPORTS / name), workbook.save(path), image.save(path): a generated file written to a path.
        else if (FRAME_WRITERS.test(method))
          [target, fn] = [args.positional[0] ?? args.keywords.get('path_or_buf') ?? args.keywords.get('path'), method];
        else if (method === 'save' && args.positional[0]) [target, fn] = [args.positional[0], 'save'];
      }
      if (!target || !fn) continue;
      const s = this.shape(target);
      if (!inAppTree(s)) continue;
      const last = s.segments[s.segments.length - 1] ?? '';
      const data = isUserData(s);
      const generated = !data && s.segments.some((x) => GENERATED.test(x));
      // A `save()` that is not an upload's (uploads() has those) is any class's: only one into an exports or
      // reports folder says it writes a generated file there (`workbook.save(EXPORTS / name)`).
      if (fn === 'save' && !s.segments.some((x) => GENERATED.test(x))) continue;
      if (!data && !generated && !DB_FILE.test(last)) continue;
      if (!this.inRequest(call)) continue;
      if (data) this.report(target, 'userData', { path: displayPyPath(s), call: `${fn}()` }, 'fs');
      else if (generated) this.report(target, 'generated', { path: displayPyPath(s), call: `${fn}()` }, 'fs');
      else this.report(target, 'jsonDb', { path: displayPyPath(s), call: `${fn}()` }, 'json-db');
    }
  }

  /** FileSystemStorage(location=…) inside the app. */
  storages(): void {
    for (const call of this.ctx.index.calls) {
      const d = dottedName(this.text, call.firstChild);
      if (!d || resolveName(d, this.bindings) !== FILE_SYSTEM_STORAGE) continue;
      const args = callArgs(this.text, call);
      const loc = args.keywords.get('location') ?? args.positional[0];
      if (!loc) continue;
      const s = this.shape(loc);
      if (inAppTree(s)) this.report(loc, 'storage', { path: displayPyPath(s) }, 'django-storage');
    }
  }

  /** Flask-Session filesystem sessions, Django file sessions, in the app's tree. */
  sessions(settings: Setting[]): void {
    const prod = (name: string) => settings.filter((s) => s.name === name && !s.devOnly);
    const all = (name: string) => settings.filter((s) => s.name === name);
    for (const t of prod('SESSION_TYPE')) {
      if (stringValue(this.text, t.value)?.toLowerCase() !== 'filesystem') continue;
      const dirs = all('SESSION_FILE_DIR');
      // The default: os.path.join(os.getcwd(), 'flask_session').
      const shapes = dirs.length
        ? dirs.map((d) => this.shape(d.value))
        : [{ base: 'app', segments: ['flask_session'], fromEnv: false } as PathShape];
      if (shapes.every(inAppTree))
        this.report(
          t.value,
          'sessionFiles',
          { path: displayPyPath(shapes[0]), store: 'Flask-Session filesystem' },
          'sessions',
        );
    }
    for (const e of prod('SESSION_ENGINE')) {
      if (stringValue(this.text, e.value) !== 'django.contrib.sessions.backends.file') continue;
      const paths = all('SESSION_FILE_PATH');
      if (!paths.length) continue; // the default is the temp directory: scratch space
      const shapes = paths.map((p) => this.shape(p.value));
      if (shapes.every(inAppTree))
        this.report(
          e.value,
          'sessionFiles',
          { path: displayPyPath(shapes[0]), store: 'Django file sessions' },
          'sessions',
        );
    }
  }

  /** What this file says about Django media: MEDIA_ROOT, a storage elsewhere, upload fields. */
  media(settings: Setting[]): DjangoMedia | undefined {
    const fact: DjangoMedia = {};
    for (const m of settings.filter((s) => s.name === 'MEDIA_ROOT')) {
      const s = this.shape(m.value);
      if (m.devOnly) continue;
      if (inAppTree(s)) fact.mediaRoot ??= { range: this.ctx.rangeOf(m.at), path: displayPyPath(s) };
      else fact.mediaElsewhere = true;
    }
    for (const s of settings) {
      if (s.name === 'DEFAULT_FILE_STORAGE' && stringValue(this.text, s.value) !== FILE_SYSTEM_STORAGE)
        fact.remoteStorage = true;
      if (s.name === 'STORAGES') {
        const def =
          s.value.name === 'DictionaryExpression'
            ? dictEntries(this.text, s.value).find((e) => e.key === 'default')?.value
            : undefined;
        const backend =
          def?.name === 'DictionaryExpression'
            ? stringValue(this.text, dictEntries(this.text, def).find((e) => e.key === 'BACKEND')?.value)
            : undefined;
        // No `default` entry keeps FileSystemStorage; anything but it (or not known) may be elsewhere.
        if (s.value.name !== 'DictionaryExpression' || (def && backend !== FILE_SYSTEM_STORAGE))
          fact.remoteStorage = true;
      }
    }
    // STORAGES["default"]["BACKEND"] = "storages.backends.s3.S3Storage", INSTALLED_APPS.append("storages"), imports.
    if (/["'](storages|cloudinary_storage|django_s3_storage|minio_storage)(\.[\w.]*)?["']/.test(this.text))
      fact.remoteStorage = true;
    for (const a of this.ctx.index.assignments) {
      const t = a.firstChild;
      if (t?.name === 'MemberExpression' && /^STORAGES\b/.test(this.text.slice(t.from, t.to)))
        fact.remoteStorage = true;
    }
    if ([...this.bindings.values()].some((m) => REMOTE_STORAGE.test(m))) fact.remoteStorage = true;
    if (!/(^|\/)migrations\//.test(this.ctx.rel)) {
      for (const call of this.ctx.index.calls) {
        const d = dottedName(this.text, call.firstChild);
        if (d && UPLOAD_FIELDS.has(resolveName(d, this.bindings))) fact.uploadFields = true;
      }
      if (
        settings.some((s) => s.name === 'INSTALLED_APPS' && !s.devOnly && mentions(this.text, s.value, WAGTAIL_UPLOADS))
      )
        fact.uploadFields = true;
    }
    return fact.mediaRoot || fact.mediaElsewhere || fact.remoteStorage || fact.uploadFields ? fact : undefined;
  }
}

/** Whether a list display holds a string matching `re`. */
function mentions(text: string, list: SyntaxNode, re: RegExp): boolean {
  return childrenOf(list).some((k) => {
    const v = stringValue(text, k);
    return v !== undefined && re.test(v);
  });
}

export const localFileStoragePy = pyCheck<Id>({
  trigger:
    /\.save\(|open\(|\.to_(csv|excel|json|parquet|pickle|feather)\(|write_bytes|write_text|shutil\.|os\.(rename|replace)|FileSystemStorage|SESSION_TYPE|SESSION_ENGINE|MEDIA_ROOT|STORAGE|FileField|ImageField|wagtail\.(images|documents)/,
  check(ctx) {
    if (!isPyAppCode(ctx)) return;
    const c = new Check(ctx);
    c.uploads();
    c.writes();
    c.storages();
    const settings = settingsOf(ctx.text, ctx.rel, ctx.index);
    c.sessions(settings);
    const media = c.media(settings);
    if (media) ctx.record(DJANGO_MEDIA, media);
  },
});
