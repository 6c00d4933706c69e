#!/usr/bin/env node
// Measures the Python parser candidates of issue 11 on one corpus, each in its own child process (so one's memory
// does not count against another's), and TypeScript's parser (lang/js/parse.ts) on the same number of bytes of JS
// for the per-MB comparison. Figures, not assertions: docs/python-parser.md holds a run's table and the decision.
//
//   node scripts/bench-python-parsers.mjs [--corpus DIR] [--runs N] [--limit FILES] [--json OUT]
//
// The chosen parser (@lezer/python) is a devDependency; the others are measured only when installed:
//   npm install --no-save --ignore-scripts @vscode/tree-sitter-wasm@0.3.1 web-tree-sitter@0.27 tree-sitter-python@0.25
// The corpus defaults to the standard library of the `python3` on PATH (its site-packages included). When python3
// is there, it also says which files really are syntax errors (its own `compile`), to score each parser against.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(ROOT, 'package.json'));
const SELF = fileURLToPath(import.meta.url);
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};

// ---------------------------------------------------------------------------------------------------------------
// Candidates: how to load each, parse one text, walk a tree, and tell a tree with errors.

const CANDIDATES = {
  '@vscode/tree-sitter-wasm': {
    packages: ['@vscode/tree-sitter-wasm'],
    entry: `const P = require('@vscode/tree-sitter-wasm'); module.exports = P;`,
    wasm: () => [
      require.resolve('@vscode/tree-sitter-wasm/wasm/tree-sitter.wasm'),
      require.resolve('@vscode/tree-sitter-wasm/wasm/tree-sitter-python.wasm'),
    ],
    async load() {
      const P = require('@vscode/tree-sitter-wasm');
      await P.Parser.init();
      const lang = await P.Language.load(require.resolve('@vscode/tree-sitter-wasm/wasm/tree-sitter-python.wasm'));
      return treeSitter(P.Parser, lang);
    },
  },
  'web-tree-sitter + tree-sitter-python': {
    packages: ['web-tree-sitter', 'tree-sitter-python'],
    entry: `import { Parser, Language } from 'web-tree-sitter'; export { Parser, Language };`,
    wasm: () => [
      require.resolve('web-tree-sitter/web-tree-sitter.wasm'),
      require.resolve('tree-sitter-python/tree-sitter-python.wasm'),
    ],
    async load() {
      const { Parser, Language } = await import('web-tree-sitter');
      await Parser.init();
      const lang = await Language.load(require.resolve('tree-sitter-python/tree-sitter-python.wasm'));
      return treeSitter(Parser, lang);
    },
  },
  '@lezer/python': {
    packages: ['@lezer/python'],
    entry: `export { parser } from '@lezer/python';`,
    wasm: () => [],
    async load() {
      const { parser } = await import('@lezer/python');
      return {
        sync: true,
        parse: (text) => parser.parse(text),
        walk(tree) {
          let n = 0;
          const c = tree.cursor();
          do n++;
          while (c.next());
          return n;
        },
        hasError(tree) {
          let err = false;
          tree.iterate({ enter: (n) => (n.type.isError ? ((err = true), false) : !err) });
          return err;
        },
        imports(tree) {
          let n = 0;
          tree.iterate({ enter: (x) => void (x.name === 'ImportStatement' && n++) });
          return n;
        },
        startOf(tree, text, needle) {
          let at;
          tree.iterate({
            enter: (x) => {
              if (at === undefined && x.name === 'VariableName' && text.slice(x.from, x.to) === needle) at = x.from;
            },
          });
          return at;
        },
        free() {},
      };
    },
  },
  typescript: {
    // lang/js/parse.ts, on JS files: the per-MB yardstick, not a candidate.
    packages: ['typescript'],
    lang: 'js',
    async load() {
      const { parseSource } = await import(path.join(ROOT, 'server/src/lang/js/parse.ts'));
      const ts = require('typescript');
      return {
        sync: true,
        parse: (text, file) => parseSource(file, text),
        walk(sf) {
          let n = 0;
          const visit = (node) => {
            n++;
            ts.forEachChild(node, visit);
          };
          visit(sf);
          return n;
        },
        hasError: (sf) => sf.parseDiagnostics.length > 0,
        imports: () => 0,
        free() {},
      };
    },
  },
  // The adapters, facts only (no rule checks): parse, index, imports, env reads, the process graph. Python's against
  // JavaScript's on files of the same size, for the bar (a Python scan no slower per file than a JS one).
  'lang/py adapter (facts)': {
    packages: ['@lezer/python'],
    lang: 'py',
    load: () => adapterCandidate(),
  },
  'lang/js adapter (facts)': {
    packages: ['typescript'],
    lang: 'js',
    load: () => adapterCandidate(),
  },
};

async function adapterCandidate() {
  const { analyzeSource } = await import(path.join(ROOT, 'server/src/engine/analyze.ts'));
  const { allFacts } = await import(path.join(ROOT, 'server/src/core/facts.ts'));
  await import(path.join(ROOT, 'server/src/rules/index.ts')); // defines every engine fact
  const facts = allFacts().filter((d) => d.core);
  return {
    sync: true,
    parse: (text, file) => analyzeSource(file, path.basename(file), text, '', [], undefined, facts),
    walk: () => 0,
    hasError: (a) => a.syntaxErrors > 0,
    imports: (a) => a.facts.imports.length,
    free() {},
  };
}

function treeSitter(Parser, lang) {
  const parser = new Parser();
  parser.setLanguage(lang);
  return {
    sync: true,
    parse: (text) => parser.parse(text),
    walk(tree) {
      let n = 0;
      const c = tree.walk();
      for (;;) {
        n++;
        if (c.gotoFirstChild()) continue;
        while (!c.gotoNextSibling()) if (!c.gotoParent()) return (c.delete(), n);
      }
    },
    hasError: (tree) => tree.rootNode.hasError,
    imports: (tree) =>
      tree.rootNode.descendantsOfType(['import_statement', 'import_from_statement', 'future_import_statement']).length,
    startOf(tree, text, needle) {
      const hit = tree.rootNode.descendantsOfType('identifier').find((n) => n.text === needle);
      return hit?.startIndex;
    },
    free: (tree) => tree.delete(),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Child: one candidate, in a fresh process.

const memNow = () => {
  const m = process.memoryUsage();
  return { heap: m.heapUsed + m.external, rss: m.rss };
};
const peakRss = () => {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'));
    return m ? Number(m[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function child(name, listFile, runs, badFile) {
  const files = JSON.parse(fs.readFileSync(listFile, 'utf8'));
  const bad = new Set(badFile ? JSON.parse(fs.readFileSync(badFile, 'utf8')) : []);
  const texts = files.map((f) => fs.readFileSync(f, 'utf8'));
  globalThis.gc?.();
  const base = memNow();
  const rssBeforeLoad = peakRss();
  const t0 = performance.now();
  const cand = await CANDIDATES[name].load();
  const initMs = performance.now() - t0;
  const one = (i) => {
    const tree = cand.parse(texts[i], files[i]);
    return tree;
  };
  // Warm-up: one pass, also the pass that collects errors and recovery.
  const errors = [];
  let imports = 0;
  let importsInBad = 0;
  let crashes = 0;
  for (let i = 0; i < texts.length; i++) {
    try {
      const tree = one(i);
      if (cand.hasError(tree)) errors.push(i);
      const n = cand.imports(tree);
      imports += n;
      if (bad.has(files[i])) importsInBad += n;
      cand.free(tree);
    } catch (e) {
      crashes++;
      if (crashes < 5) console.error(`${name}: ${files[i]}: ${e}`);
    }
  }
  const parseMs = [];
  const walkMs = [];
  let heapPeak = 0;
  for (let r = 0; r < runs; r++) {
    let t = performance.now();
    for (let i = 0; i < texts.length; i++) {
      try {
        cand.free(one(i));
      } catch {
        /* counted above */
      }
      if (i % 250 === 0) heapPeak = Math.max(heapPeak, memNow().heap - base.heap);
    }
    parseMs.push(performance.now() - t);
    t = performance.now();
    for (let i = 0; i < texts.length; i++) {
      try {
        const tree = one(i);
        cand.walk(tree);
        cand.free(tree);
      } catch {
        /* counted above */
      }
      if (i % 250 === 0) heapPeak = Math.max(heapPeak, memNow().heap - base.heap);
    }
    walkMs.push(performance.now() - t);
  }
  globalThis.gc?.();
  await new Promise((r) => setTimeout(r, 50));
  globalThis.gc?.();
  const after = memNow();
  // Deep nesting: a parser that recurses per level overflows the stack here.
  const deep = {};
  for (const [label, text] of [
    ['parens', 'x = ' + '('.repeat(100000) + '1' + ')'.repeat(100000) + '\n'],
    ['lists', 'x = ' + '['.repeat(100000) + ']'.repeat(100000) + '\n'],
    ['blocks', Array.from({ length: 3000 }, (_, i) => ' '.repeat(i) + 'if x:\n').join('') + ' '.repeat(3000) + 'y\n'],
    // Hostile: a long run of operators inside brackets, one per line (so no minified-file skip applies).
    ['operators', 'x = (' + '*\n'.repeat(20000) + 'a)\n'],
  ].filter(([label]) => CANDIDATES[name].lang !== 'js' || label !== 'blocks')) {
    const t = performance.now();
    try {
      const tree = cand.parse(text, 'deep.py');
      cand.walk(tree);
      cand.free(tree);
      // An adapter's analysis says when it skipped the file (its guards) instead of parsing it.
      deep[label] = `${tree?.skipped ? 'skipped' : 'ok'} ${Math.round(performance.now() - t)} ms`;
    } catch (e) {
      deep[label] = `${e?.constructor?.name ?? 'error'}`;
    }
  }
  // Positions: where does `x` start after a line with non-ASCII text (é, and an emoji: two UTF-16 units)?
  let positions = '';
  if (cand.startOf) {
    const text = 's = "héllo 🎉"\nx = 1\n';
    const tree = cand.parse(text, 'pos.py');
    const at = cand.startOf(tree, text, 'x');
    cand.free(tree);
    const utf16 = text.indexOf('x =');
    const bytes = Buffer.byteLength(text.slice(0, utf16));
    positions = at === utf16 ? 'UTF-16' : at === bytes ? 'bytes' : `other (${at})`;
  }
  const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t), 0);
  process.stdout.write(
    JSON.stringify({
      name,
      files: texts.length,
      bytes,
      initMs,
      parseMs,
      walkMs,
      heapPeak,
      heapRetained: after.heap - base.heap,
      rssPeak: (peakRss() ?? 0) - (rssBeforeLoad ?? 0),
      rssRetained: after.rss - base.rss,
      errors: errors.map((i) => files[i]),
      imports,
      importsInBad,
      crashes,
      deep,
      positions,
      sync: cand.sync,
    }),
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Parent: corpus, reference errors, bundle sizes, one child per candidate, the table.

function walkFiles(dir, ext, out = []) {
  let entries;
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walkFiles(p, ext, out);
    else if (e.isFile() && ext.test(e.name)) out.push(p);
  }
  return out;
}

function installed(pkgs) {
  return pkgs.every((p) => fs.existsSync(path.join(ROOT, 'node_modules', p, 'package.json')));
}

async function bundleBytes(entry) {
  const esbuild = await import('esbuild');
  const build = async (contents) => {
    const r = await esbuild.build({
      stdin: { contents, resolveDir: ROOT, loader: 'js' },
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      minify: true,
      write: false,
      logLevel: 'silent',
    });
    return r.outputFiles[0].contents.length;
  };
  return (await build(entry)) - (await build(''));
}

/** Python's own verdict: the files its `compile` rejects (the reference for error recovery). */
function pythonErrors(files) {
  const listFile = path.join(os.tmpdir(), `bench-py-ref-${process.pid}.json`);
  fs.writeFileSync(listFile, JSON.stringify(files));
  const script = `import json,sys,warnings
warnings.simplefilter('ignore')
bad=[]
for f in json.load(open(sys.argv[1])):
    try:
        src=open(f,encoding='utf-8',errors='replace').read()
        compile(src,f,'exec',dont_inherit=True)
    except (SyntaxError, ValueError): bad.append(f)
print(json.dumps(bad))`;
  try {
    return new Set(
      JSON.parse(execFileSync('python3', ['-c', script, listFile], { encoding: 'utf8', maxBuffer: 1 << 26 })),
    );
  } catch (e) {
    console.error(`No reference (python3 did not run: ${e.message.split('\n')[0]}).`);
    return undefined;
  } finally {
    fs.rmSync(listFile, { force: true });
  }
}

function defaultCorpus() {
  try {
    return execFileSync('python3', ['-c', 'import sysconfig;print(sysconfig.get_paths()["stdlib"])'], {
      encoding: 'utf8',
    }).trim();
  } catch {
    return undefined;
  }
}

const importLines = (text) => (text.match(/^[ \t]*(import|from)[ \t]+[\w.]+/gm) ?? []).length;

async function parent() {
  const corpus = opt('--corpus', defaultCorpus());
  if (!corpus) throw new Error('No corpus: pass --corpus DIR (a folder of .py files).');
  const runs = Number(opt('--runs', '3'));
  const limit = Number(opt('--limit', 'Infinity'));
  const py = walkFiles(corpus, /\.py$/).slice(0, limit);
  const pyBytes = py.reduce((n, f) => n + fs.statSync(f).size, 0);
  // JS of the same size: the project's node_modules, minified and huge files left out (the engine skips those).
  const js = [];
  let jsBytes = 0;
  for (const f of walkFiles(path.join(ROOT, 'node_modules'), /\.(c|m)?js$/)) {
    if (jsBytes >= pyBytes) break;
    const size = fs.statSync(f).size;
    if (/\.min\.js$/.test(f) || size > 1 << 20) continue;
    js.push(f);
    jsBytes += size;
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-py-'));
  const pyList = path.join(tmp, 'py.json');
  const jsList = path.join(tmp, 'js.json');
  const badList = path.join(tmp, 'bad.json');
  fs.writeFileSync(pyList, JSON.stringify(py));
  fs.writeFileSync(jsList, JSON.stringify(js));
  console.log(
    `Corpus: ${corpus}: ${py.length} .py files, ${(pyBytes / 1e6).toFixed(1)} MB; JS yardstick ${js.length} files, ${(jsBytes / 1e6).toFixed(1)} MB; ${runs} timed runs after a warm-up; node ${process.version}, ${os.cpus().length} CPUs.`,
  );
  const reference = pythonErrors(py);
  if (reference) console.log(`python3 compile() rejects ${reference.size} of the files.`);
  fs.writeFileSync(badList, JSON.stringify(reference ? [...reference] : []));
  const results = [];
  const out = opt('--json');
  try {
    for (const [name, c] of Object.entries(CANDIDATES)) {
      if (!installed(c.packages)) {
        console.log(`Not measured: ${name} (npm install --no-save --ignore-scripts ${c.packages.join(' ')}).`);
        continue;
      }
      const r = spawnSync(
        process.execPath,
        [
          '--expose-gc',
          '--import',
          'tsx',
          SELF,
          '--child',
          name,
          c.lang === 'js' ? jsList : pyList,
          String(runs),
          badList,
        ],
        { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 28 },
      );
      if (r.status !== 0) {
        console.log(`${name} failed: ${r.stderr.trim().split('\n').slice(-3).join(' ')}`);
        continue;
      }
      if (r.stderr.trim()) console.error(r.stderr.trim());
      const res = JSON.parse(r.stdout);
      if (c.entry) {
        res.bundle = await bundleBytes(c.entry);
        res.wasmBytes = c.wasm().reduce((n, f) => n + fs.statSync(f).size, 0);
      }
      results.push(res);
      // Kept as it comes: a run takes long, and a later candidate's failure must not lose the earlier ones.
      if (out) fs.writeFileSync(out, JSON.stringify({ corpus, runs, reference: reference && [...reference], results }));
      console.log(`Measured ${name}.`);
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  const MB = 1e6;
  const row = (cells) => `| ${cells.join(' | ')} |`;
  console.log();
  console.log(
    row([
      'parser',
      'init ms',
      'parse s (median)',
      'MB/s',
      'parse+walk s',
      'MB/s',
      'ms/file',
      'heap peak MB',
      'heap retained MB',
      'RSS peak MB',
      'RSS retained MB',
      'bundle kB',
      'wasm kB',
      'errors: true / false / missed',
      'imports in error files',
      'deep nesting',
      'offsets',
    ]),
  );
  console.log(row(Array(17).fill('---')));
  for (const r of results) {
    const parse = median(r.parseMs) / 1000;
    const walk = median(r.walkMs) / 1000;
    let verdict = '-';
    let recovered = '-';
    if (reference && CANDIDATES[r.name].lang !== 'js') {
      const errs = new Set(r.errors);
      const tp = [...errs].filter((f) => reference.has(f)).length;
      verdict = `${tp} / ${errs.size - tp} / ${reference.size - tp}`;
      const badFiles = [...reference];
      recovered = `${badFiles.reduce((n, f) => n + importLines(fs.readFileSync(f, 'utf8')), 0)} lines`;
    }
    console.log(
      row([
        r.name === 'typescript' ? 'TypeScript (lang/js/parse.ts), JS' : r.name,
        r.initMs.toFixed(0),
        parse.toFixed(2),
        (r.bytes / MB / parse).toFixed(1),
        walk.toFixed(2),
        (r.bytes / MB / walk).toFixed(1),
        ((walk * 1000) / r.files).toFixed(3),
        (r.heapPeak / MB).toFixed(0),
        (r.heapRetained / MB).toFixed(1),
        (r.rssPeak / MB).toFixed(0),
        (r.rssRetained / MB).toFixed(0),
        r.bundle === undefined ? '-' : (r.bundle / 1024).toFixed(0),
        r.wasmBytes === undefined ? '-' : (r.wasmBytes / 1024).toFixed(0),
        verdict,
        recovered === '-' ? '-' : `${r.importsInBad ?? '?'} / ${recovered}`,
        Object.entries(r.deep)
          .map(([k, v]) => `${k} ${v}`)
          .join(', '),
        r.positions || '-',
      ]),
    );
    if (r.crashes) console.log(`  ${r.name}: ${r.crashes} files threw.`);
    if (reference && CANDIDATES[r.name].lang !== 'js') {
      const falseErrors = r.errors.filter((f) => !reference.has(f));
      if (falseErrors.length)
        console.log(
          `  ${r.name}: errors in files python accepts, e.g. ${falseErrors
            .slice(0, 4)
            .map((f) => path.relative(corpus, f))
            .join(', ')}`,
        );
    }
  }
}

if (args[0] === '--child') await child(args[1], args[2], Number(args[3]), args[4]);
else await parent();
