// The parse-only baseline: walk the folder, read every JS/TS file and ts.createSourceFile it, nothing else.
// `node parse-only.mjs ROOT CONFIG_JSON [LIST_OUT]`. It skips what our discovery skips where that is cheap to copy:
// the default skip folders and source-size limit (passed in CONFIG_JSON), nested .gitignore files (the `ignore`
// package), .d.ts and .min.js, and files that look minified (a copy of looksMinified in server/src/util/text.ts).
// Unlike ours it follows no symlinks, reads no other kind of file, and has no config-file ignores or overrides.
// Prints { files, bytes, skippedMinified, js } as JSON; with LIST_OUT, writes the files it parsed there (one path a
// line): the ESLint baseline lints the plain JS ones, and --dir picks its edit target among them.
import * as fs from 'fs';
import * as path from 'path';
import { createRequire } from 'module';

const require = createRequire(import.meta.url);
const ts = require('typescript');
const ignore = require('ignore');

const [root, configJson, listOut] = process.argv.slice(2);
const config = JSON.parse(configJson);
const skipDirs = new Set(config.skipDirs);
const SOURCE = /\.(m|c)?(j|t)sx?$/;
const JS = /\.(m|c)?jsx?$/;

function scriptKind(p) {
  if (/\.tsx$/.test(p)) return ts.ScriptKind.TSX;
  if (/\.[cm]?ts$/.test(p)) return ts.ScriptKind.TS;
  if (/\.jsx$/.test(p)) return ts.ScriptKind.JSX;
  return ts.ScriptKind.JS;
}

/** server/src/util/text.ts looksMinified, copied: the bench's baseline must not import the engine. */
function looksMinified(text) {
  if (text.length < 2000) return false;
  let newlines = 0;
  let longest = 0;
  let start = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
    newlines++;
    if (i - start > longest) longest = i - start;
    start = i + 1;
  }
  if (text.length - start > longest) longest = text.length - start;
  const average = text.length / (newlines + 1);
  if (average > 250) return true;
  const generated =
    /\/[/*][#@] sourceMappingURL=|^\/\*![^\n]*\b(webpack|rollup|esbuild|license)\b|^\(function\s*\(\w*\)\s*\{\s*["']use strict["'];?\s*var\s/im.test(
      text,
    );
  return longest > 5000 && (generated || average > 120);
}

let files = 0;
let bytes = 0;
let skippedMinified = 0;
const parsed = [];
let js = 0;
// Depth-first; each folder carries the .gitignore matchers above it, with the folder each one is relative to.
const stack = [{ dir: root, ignores: [] }];
while (stack.length) {
  const { dir, ignores: above } = stack.pop();
  let entries;
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    continue;
  }
  let ignores = above;
  if (entries.some((e) => e.name === '.gitignore' && e.isFile())) {
    try {
      ignores = [...above, { base: dir, ig: ignore().add(fs.readFileSync(path.join(dir, '.gitignore'), 'utf8')) }];
    } catch {
      /* unreadable: ignores nothing */
    }
  }
  const ignored = (full, isDir) =>
    ignores.some(({ base, ig }) => {
      const rel = path.relative(base, full).split(path.sep).join('/');
      return ig.ignores(isDir ? `${rel}/` : rel);
    });
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (!skipDirs.has(e.name) && !ignored(full, true)) stack.push({ dir: full, ignores });
      continue;
    }
    if (!e.isFile() || !SOURCE.test(e.name) || /\.d\.[cm]?ts$/.test(e.name) || /\.min\.js$/.test(e.name)) continue;
    if (ignored(full, false)) continue;
    if (fs.statSync(full).size > config.maxFileSize) continue;
    const text = fs.readFileSync(full, 'utf8');
    if (looksMinified(text)) {
      skippedMinified++;
      continue;
    }
    ts.createSourceFile(full, text, ts.ScriptTarget.Latest, true, scriptKind(full));
    files++;
    bytes += text.length;
    parsed.push(full);
    if (JS.test(e.name)) js++;
  }
}
if (listOut) fs.writeFileSync(listOut, parsed.join('\n') + '\n');
process.stdout.write(JSON.stringify({ files, bytes, skippedMinified, js }) + '\n');
