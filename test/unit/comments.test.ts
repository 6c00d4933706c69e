// The comment readers behind suppression comments (engine/comments.ts, lang/js/comments.ts and the platform
// readers): a comment in the file's own syntax, never a `#` or `//` inside a value, a string or a here-document.
import * as assert from 'assert';
import { commentSyntax, commentsAt } from '../../server/src/engine/comments';
import { jsCommentsAt } from '../../server/src/lang/js/comments';

/** The comments of `text` (in the syntax `file` names) that hold one of the `MARK`s, as text. */
function marked(file: string, text: string): string[] {
  const offsets = [...text.matchAll(/MARK/g)].map((m) => m.index);
  return commentsAt(file, text, offsets).map((c) => text.slice(c.start, c.end));
}

describe('comment readers', () => {
  it('pick the syntax by file name (and a script by its #! line); none for files that take no comment', () => {
    const cases: [string, string | undefined][] = [
      ['/w/src/a.ts', 'source'],
      ['/w/a.mjs', 'source'],
      ['/w/.env', 'env'],
      ['/w/.env.production', 'env'],
      ['/w/Dockerfile', 'dockerfile'],
      ['/w/worker.Dockerfile', 'dockerfile'],
      ['/w/Procfile', 'procfile'],
      ['/w/docker-compose.yml', 'yaml'],
      ['/w/config/app.yaml', 'yaml'],
      ['/w/.github/workflows/ci.yml', 'yaml'],
      ['/w/prisma/schema.prisma', 'prisma'],
      ['/w/bin/start.sh', 'shell'],
      ['/w/.gitignore', 'hash-line'],
      ['/w/.dockerignore', 'hash-line'],
      ['/w/Aptfile', 'hash-line'],
      ['/w/package.json', undefined],
      ['/w/config/app.json', undefined],
      ['/w/tsconfig.json', undefined],
      ['/w/.nvmrc', undefined],
      ['/w/.tool-versions', 'hash-line'],
      ['/w/.node-version', undefined],
      ['/w/package-lock.json', undefined],
      ['/w/pnpm-lock.yaml', undefined],
      ['/w/yarn.lock', undefined],
      ['/w/README.md', undefined],
      ['/w/bin/start', undefined],
    ];
    for (const [file, syntax] of cases) assert.strictEqual(commentSyntax(file), syntax, file);
    assert.strictEqual(commentSyntax('/w/bin/start', '#!/usr/bin/env bash\nexec node x\n'), 'shell');
    assert.strictEqual(commentSyntax('/w/bin/start', '#!/usr/bin/env node\n'), undefined);
  });

  it('JS/TS: // and /* */ comments, not strings, templates, regular expressions or JSX text', () => {
    const cases: [string, string, string[]][] = [
      ['a.js', 'x(); // MARK\n', ['// MARK']],
      ['a.js', 'const s = "// MARK";\n', []],
      ['a.js', "const s = '/* MARK */';\n", []],
      ['a.js', 'const r = /\\/\\/ MARK/; const q = a / b; // MARK\n', ['// MARK']],
      ['a.js', 'const t = `a ${b /* MARK */} // MARK ${c}`;\n', ['/* MARK */']],
      ['a.js', 'const t = `\n// MARK\n`;\n', []],
      ['a.jsx', 'const j = <div>// MARK</div>;\n', []],
      ['a.jsx', 'const j = <div>{/* MARK */}</div>;\n', ['/* MARK */']],
      ['a.tsx', 'const j = <div\n  // MARK\n  id="x" />;\n', ['// MARK']],
      ['a.js', 'f(/* MARK */);\n{ /* MARK */ }\n', ['/* MARK */', '/* MARK */']],
      ['a.js', '#!/usr/bin/env node MARK\nx;\n// MARK', ['// MARK']],
      [
        'a.ts',
        '/**\n * MARK\n */\nexport const x: number = 1; /* MARK */ // MARK\n',
        ['/**\n * MARK\n */', '/* MARK */', '// MARK'],
      ],
      ['a.js', 'if (a) { // MARK\n} else /* MARK */ {}\n', ['// MARK', '/* MARK */']],
      ['a.js', 'const broken = (; // MARK\n', ['// MARK']],
    ];
    for (const [file, text, expected] of cases) assert.deepStrictEqual(marked(`/w/${file}`, text), expected, text);
  });

  it('JS/TS: a file nested too deep for the parser has no comments (its analysis is skipped too)', () => {
    const deep = `${'('.repeat(200_000)}1${')'.repeat(200_000)}; // MARK\n`;
    assert.deepStrictEqual(jsCommentsAt('/w/a.js', deep, [deep.indexOf('MARK')]), []);
  });

  it('.env: # lines and the # after a value, as dotenv reads them; not inside quotes, even over several lines', () => {
    const text = [
      '# MARK',
      'A=1 # MARK',
      'B=abc#MARK',
      'C="x # MARK"',
      "D='multi",
      '# MARK',
      "line' # MARK",
      '  # MARK indented',
      'E= # MARK',
    ].join('\r\n');
    assert.deepStrictEqual(marked('/w/.env', text), [
      '# MARK',
      '# MARK',
      '#MARK',
      '# MARK',
      '# MARK indented',
      '# MARK',
    ]);
  });

  it("Dockerfile: Docker's # lines, shell comments after shell-form RUN/CMD/ENTRYPOINT and in a RUN script here-document", () => {
    const text = [
      '# syntax=docker/dockerfile:1',
      '# MARK',
      'FROM node:20 # MARK',
      'RUN apt-get update && \\',
      '# MARK inside the continuation',
      '    npm ci # MARK',
      'RUN <<EOF',
      '# MARK in the script',
      'npm ci',
      'EOF',
      'COPY <<CFG /etc/app.conf',
      '# MARK is data',
      'CFG',
      'CMD node server.js # MARK',
      'CMD ["node", "# MARK"]',
      'RUN echo "# MARK" \'# MARK\' # MARK',
      'ENV A=1 # MARK',
    ].join('\n');
    assert.deepStrictEqual(marked('/w/Dockerfile', text), [
      '# MARK',
      '# MARK inside the continuation',
      '# MARK',
      '# MARK in the script',
      '# MARK',
      '# MARK',
    ]);
    // With another escape character, only Docker's own comment lines.
    assert.deepStrictEqual(marked('/w/Dockerfile', '# escape=`\n# MARK\nRUN npm ci # MARK\n'), ['# MARK']);
  });

  it('Procfile: # lines and a shell comment after a command', () => {
    const text = '# MARK\nweb: node server.js # MARK\nworker: echo "# MARK"\n  # MARK\n';
    assert.deepStrictEqual(marked('/w/Procfile', text), ['# MARK', '# MARK', '# MARK']);
  });

  it('shell: # at the start of a word, not in quotes, words, ${#…} or here-documents', () => {
    const text =
      '#!/bin/sh\n# MARK\necho a#MARK "# MARK" \'# MARK\' ${#MARK} # MARK\ncat <<EOF\n# MARK\nEOF\nx;# MARK\n';
    assert.deepStrictEqual(marked('/w/start.sh', text), ['# MARK', '# MARK', '# MARK']);
  });

  it('YAML: comments, not # in quoted or block scalars, nor in a plain scalar without a blank before it', () => {
    const text = '\uFEFF# MARK\na: 1 # MARK\nb: |\n  # MARK\nc: "# MARK" # MARK\nd: x#MARK\ne: [1, # MARK\n  2]\n';
    assert.deepStrictEqual(marked('/w/app.yaml', text), ['# MARK', '# MARK', '# MARK', '# MARK']);
    const deep = `${'['.repeat(50_000)}# MARK\n`;
    assert.deepStrictEqual(marked('/w/app.yaml', deep), ['# MARK']);
  });

  it('Prisma: // outside strings; .gitignore-like files: # only at the start of a line', () => {
    assert.deepStrictEqual(
      marked('/w/schema.prisma', 'datasource db {\n  url = "postgres://h/db // MARK" // MARK\n  /// MARK\n}\n'),
      ['// MARK', '/// MARK'],
    );
    assert.deepStrictEqual(marked('/w/.gitignore', '# MARK\n  # MARK\nfoo # MARK\n'), ['# MARK']);
  });

  it('files that take no comment have none', () => {
    assert.deepStrictEqual(marked('/w/package.json', '{ "a": "# MARK" } // MARK\n'), []);
    assert.deepStrictEqual(marked('/w/.nvmrc', '20 # MARK\n'), []);
  });
});
