// The contributed snippets, expanded with their defaults: valid syntax, type-correct TypeScript, well-formed
// Dockerfile and Procfile, and twelve-factor-clean by our own engine.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { expandSnippet } from './expand';
import { parseDockerfile } from '../../server/src/platform/dockerfile';
import { parseProcfile } from '../../server/src/platform/procfile';
import { scan, tempProject } from '../helpers/engine';

const ROOT = path.join(__dirname, '..', '..');
const SNIPPETS = path.join(ROOT, 'snippets');

interface Snippet {
  prefix: string;
  description: string;
  body: string[];
}
type SnippetFile = Record<string, Snippet>;

const load = (file: string): SnippetFile => JSON.parse(fs.readFileSync(path.join(SNIPPETS, file), 'utf8'));
const byPrefix = (file: SnippetFile, prefix: string): Snippet => {
  const s = Object.values(file).find((x) => x.prefix === prefix);
  assert.ok(s, `snippet ${prefix}`);
  return s;
};
const expand = (s: Snippet) => expandSnippet(s.body).text;

const JS = load('javascript.json');
const TS = load('typescript.json');
const DOCKERFILE = load('dockerfile.json');
const PROCFILE = load('procfile.json');
const PYTHON = load('python.json');
const CODE_PREFIXES = ['tf-config', 'tf-server', 'tf-shutdown', 'tf-logger', 'tf-worker'];
/** The file each code snippet becomes in the sample project (the Procfile runs dist/server.js, dist/worker.js). */
const FILE_NAME: Record<string, string> = {
  'tf-config': 'config',
  'tf-server': 'server',
  'tf-shutdown': 'shutdown',
  'tf-logger': 'log',
  'tf-worker': 'worker',
};

describe('snippets', () => {
  describe('files', () => {
    for (const [name, file] of Object.entries({
      'javascript.json': JS,
      'typescript.json': TS,
      'dockerfile.json': DOCKERFILE,
      'procfile.json': PROCFILE,
      'python.json': PYTHON,
    })) {
      it(`${name}: every snippet has a tf- prefix, a description and a body that expands`, () => {
        const entries = Object.values(file);
        assert.ok(entries.length > 0);
        for (const s of entries) {
          assert.match(s.prefix, /^tf-[a-z]+$/);
          assert.ok(s.description.length > 20, `${s.prefix} description`);
          assert.ok(Array.isArray(s.body) && s.body.length > 1, `${s.prefix} body`);
          const { text, tabstops } = expandSnippet(s.body);
          assert.ok(text.trim().length > 0);
          assert.ok(tabstops.length > 0, `${s.prefix} has tabstops to fill in`);
          for (const line of s.body)
            assert.doesNotMatch(line, /\t/, `${s.prefix}: indent with spaces (the editor converts)`);
        }
      });
    }

    it('JavaScript and TypeScript offer the same snippets', () => {
      const prefixes = (f: SnippetFile) =>
        Object.values(f)
          .map((s) => s.prefix)
          .sort();
      assert.deepStrictEqual(prefixes(JS), [...CODE_PREFIXES].sort());
      assert.deepStrictEqual(prefixes(TS), [...CODE_PREFIXES].sort());
    });
  });

  describe('expansion', () => {
    it('resolves placeholders, mirrors, choices, variables and escapes like VS Code', () => {
      const body = [
        'const ${1:port} = ${2|3000,8080|};',
        'log($1, `\\${x}`, "$TM_FILENAME_BASE", "${TM_SELECTED_TEXT:none}");$0',
        'a \\ b $ c',
      ];
      assert.strictEqual(
        expandSnippet(body).text,
        'const port = 3000;\nlog(port, `${x}`, "server", "none");\na \\ b $ c',
      );
    });

    it('rejects what VS Code would insert by mistake', () => {
      assert.throws(() => expandSnippet(['`${name}`']), /unknown variable name/);
      assert.throws(() => expandSnippet(['${1:open']), /unclosed placeholder/);
      assert.throws(() => expandSnippet(['${-1}']), /unescaped/);
    });
  });

  describe('JavaScript and TypeScript', () => {
    // One program per language: the TypeScript bodies strictly type-checked, the JavaScript ones checked as JS.
    const compile = (lang: 'js' | 'ts') => {
      const file = lang === 'js' ? JS : TS;
      const dir = path.join(ROOT, '.snippet-check');
      const sources = new Map<string, string>();
      for (const prefix of CODE_PREFIXES)
        sources.set(path.join(dir, `${FILE_NAME[prefix]}.${lang}`), expand(byPrefix(file, prefix)));
      const options: ts.CompilerOptions = {
        target: ts.ScriptTarget.ES2022,
        lib: ['lib.es2022.d.ts'],
        module: ts.ModuleKind.Preserve,
        moduleResolution: ts.ModuleResolutionKind.Bundler,
        moduleDetection: ts.ModuleDetectionKind.Force,
        types: ['node'],
        typeRoots: [path.join(ROOT, 'node_modules', '@types')],
        strict: lang === 'ts',
        allowJs: lang === 'js',
        checkJs: lang === 'js',
        noEmit: true,
        skipLibCheck: true,
      };
      const host = ts.createCompilerHost(options);
      const { getSourceFile, fileExists, readFile } = host;
      host.getSourceFile = (name, version, onError, create) =>
        sources.has(name)
          ? ts.createSourceFile(name, sources.get(name)!, version, true)
          : getSourceFile.call(host, name, version, onError, create);
      host.fileExists = (name) => sources.has(name) || fileExists.call(host, name);
      host.readFile = (name) => sources.get(name) ?? readFile.call(host, name);
      const program = ts.createProgram([...sources.keys()], options, host);
      const format = (d: ts.Diagnostic) => {
        const where =
          d.file && d.start !== undefined
            ? `${path.basename(d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1}: `
            : '';
        return where + ts.flattenDiagnosticMessageText(d.messageText, '\n');
      };
      return { program, sources, format };
    };

    for (const lang of ['js', 'ts'] as const) {
      it(`${lang}: every snippet parses without syntax errors`, () => {
        const { program, sources, format } = compile(lang);
        for (const name of sources.keys()) {
          const errors = program.getSyntacticDiagnostics(program.getSourceFile(name));
          assert.deepStrictEqual(errors.map(format), [], `${path.basename(name)}:\n${sources.get(name)}`);
        }
      });

      it(`${lang}: every snippet type-checks${lang === 'ts' ? ' (strict, ES2022 + @types/node)' : ' (checkJs)'}`, function () {
        this.timeout(60_000);
        const { program, sources, format } = compile(lang);
        const errors = [...sources.keys()].flatMap((name) =>
          program.getSemanticDiagnostics(program.getSourceFile(name)),
        );
        assert.deepStrictEqual(errors.map(format), []);
      });
    }
  });

  describe('Python', () => {
    it('offers the same snippets as JavaScript', () => {
      assert.deepStrictEqual(
        Object.values(PYTHON)
          .map((s) => s.prefix)
          .sort(),
        [...CODE_PREFIXES].sort(),
      );
    });

    it("every snippet compiles with python3's own compiler (never run)", function () {
      this.timeout(30_000);
      const dir = tempProject({});
      for (const prefix of CODE_PREFIXES)
        fs.writeFileSync(path.join(dir, `${FILE_NAME[prefix]}.py`), expand(byPrefix(PYTHON, prefix)));
      // py_compile parses and compiles to bytecode; nothing of the snippet runs.
      const files = CODE_PREFIXES.map((p) => path.join(dir, `${FILE_NAME[p]}.py`));
      execFileSync('python3', ['-m', 'py_compile', ...files], { stdio: 'pipe' });
    });

    it('a project built from them is twelve-factor clean', async () => {
      const files: Record<string, string> = {
        'requirements.txt': 'gunicorn==22.0.0\n',
        Procfile: 'web: gunicorn server:app\nworker: python -m worker\n',
        '.env.example': 'PORT=\nDATABASE_URL=\nLOG_LEVEL=\nDEBUG=\n',
        '.gitignore': '.env\n',
      };
      for (const prefix of CODE_PREFIXES) files[`${FILE_NAME[prefix]}.py`] = expand(byPrefix(PYTHON, prefix));
      const root = tempProject(files);
      fs.mkdirSync(path.join(root, '.git'), { recursive: true }); // no git here: discovery only looks for .git
      const s = await scan(root);
      assert.deepStrictEqual(
        s.findings.map((f) => `${f.ruleId} ${s.engine.rel(f.path)}:${f.range.start.line + 1} ${f.message}`),
        [],
      );
    });
  });

  describe('Dockerfile', () => {
    const text = expand(byPrefix(DOCKERFILE, 'tf-dockerfile'));
    const ins = parseDockerfile(text);
    const stages: (typeof ins)[] = [];
    for (const i of ins) {
      if (i.keyword === 'FROM') stages.push([]);
      stages[stages.length - 1]?.push(i);
    }
    const build = stages[0] ?? [];
    const run = stages[stages.length - 1] ?? [];

    it('is multi-stage: a named build stage, and a run stage that copies from it', () => {
      assert.ok(stages.length >= 2, 'two FROM instructions at least');
      assert.match(build[0].args, /^node:\S+ AS build$/i);
      assert.ok(
        run.some((i) => i.keyword === 'COPY' && i.args.startsWith('--from=build ')),
        'run stage copies from build',
      );
    });

    it('builds at build time: installs from the lockfile and compiles in the build stage only', () => {
      assert.ok(
        build.some((i) => i.keyword === 'RUN' && /\bnpm ci\b/.test(i.args)),
        'npm ci',
      );
      assert.ok(
        build.some((i) => i.keyword === 'RUN' && /\bnpm run build\b/.test(i.args)),
        'npm run build',
      );
      assert.ok(!run.some((i) => i.keyword === 'RUN'), 'the run stage runs nothing at build time');
    });

    it('runs node in exec form as a non-root user, with the same Node version in both stages', () => {
      const cmd = run.filter((i) => i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT').pop();
      assert.ok(cmd?.exec, 'CMD in exec (JSON) form');
      assert.strictEqual(cmd.exec[0], 'node', 'node itself is PID 1, not npm or a shell');
      assert.ok(
        run.some((i) => i.keyword === 'USER' && i.args !== 'root'),
        'USER',
      );
      assert.strictEqual(build[0].args.split(' ')[0], run[0].args, 'one Node image for build and run');
    });
  });

  describe('Procfile', () => {
    const entries = parseProcfile(expand(byPrefix(PROCFILE, 'tf-procfile')));

    it('declares web, worker and release process types, each running node directly', () => {
      assert.deepStrictEqual(
        entries.map((e) => e.type),
        ['web', 'worker', 'release'],
      );
      for (const e of entries) assert.match(e.command, /^node \S+\.js$/, `${e.type}: ${e.command}`);
    });
  });

  describe('twelve-factor clean', () => {
    // A small service assembled from the expanded snippets, as a user would after `npm init` and `tsc --init`.
    const project = (lang: 'js' | 'ts') => {
      const file = lang === 'js' ? JS : TS;
      const files: Record<string, string> = {
        'package.json': JSON.stringify(
          {
            name: `snippet-service-${lang}`,
            version: '1.0.0',
            private: true,
            engines: { node: '22.x' },
            scripts: { build: lang === 'ts' ? 'tsc' : 'node --check src/server.js', start: 'node dist/server.js' },
            ...(lang === 'ts' ? { devDependencies: { '@types/node': '^22.0.0', typescript: '^5.8.0' } } : {}),
          },
          null,
          2,
        ),
        'package-lock.json': JSON.stringify(
          {
            name: `snippet-service-${lang}`,
            version: '1.0.0',
            lockfileVersion: 3,
            requires: true,
            packages: { '': { name: `snippet-service-${lang}`, version: '1.0.0' } },
          },
          null,
          2,
        ),
        '.gitignore': 'node_modules/\ndist/\n.env\n',
        '.env.example': 'PORT=3000\nLOG_LEVEL=info\nDATABASE_URL=\n',
        '.nvmrc': '22\n',
        Dockerfile: expand(byPrefix(DOCKERFILE, 'tf-dockerfile')),
        Procfile: expand(byPrefix(PROCFILE, 'tf-procfile')),
      };
      if (lang === 'ts')
        files['tsconfig.json'] = JSON.stringify(
          { compilerOptions: { target: 'ES2022', module: 'nodenext', strict: true, outDir: 'dist', rootDir: 'src' } },
          null,
          2,
        );
      for (const prefix of CODE_PREFIXES) files[`src/${FILE_NAME[prefix]}.${lang}`] = expand(byPrefix(file, prefix));
      const root = tempProject(files);
      // One codebase in version control (factor I), committed as a user would.
      const git = (...args: string[]) =>
        execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.invalid', ...args], {
          cwd: root,
          stdio: 'ignore',
        });
      try {
        git('init', '-q');
        git('add', '-A');
        git('commit', '-q', '-m', 'snippets');
      } catch {
        fs.mkdirSync(path.join(root, '.git'), { recursive: true }); // no git here: discovery only looks for .git
      }
      return root;
    };

    for (const lang of ['js', 'ts'] as const) {
      it(`${lang}: a project made of the snippets has no finding under every rule`, async function () {
        this.timeout(60_000);
        const root = project(lang);
        try {
          const s = await scan(root);
          const found = s.findings.map(
            (f) => `${s.engine.rel(f.path)}:${f.range.start.line + 1} ${f.ruleId}: ${f.message}`,
          );
          assert.deepStrictEqual(found, []);
        } finally {
          fs.rmSync(root, { recursive: true, force: true });
        }
      });
    }
  });
});
