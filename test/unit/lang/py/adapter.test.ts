// lang/py: the Python adapter's facts (imports of every form, env reads), comments, syntax errors, positions in
// UTF-16 as editors count them, deep nesting, the process graph; and the path conventions Python brings.
import * as assert from 'assert';
import { pyAdapter } from '../../../../server/src/lang/py/adapter';
import { pyCommentsAt } from '../../../../server/src/lang/py/comments';
import { bracketDepth, MAX_BRACKET_DEPTH, parsePython } from '../../../../server/src/lang/py/parse';
import { analyzeSource, ADAPTERS } from '../../../../server/src/engine/analyze';
import { allFacts } from '../../../../server/src/core/facts';
import { isSourcePath, isTestPath, sourceLanguage } from '../../../../server/src/core/paths';
import { PROCESS_GRAPH } from '../../../../server/src/facts/processGraph';
import { LineIndex } from '../../../../server/src/util/text';
import type { Range } from '../../../../server/src/core/types';

const analyse = (text: string, rel = 'app/main.py') =>
  analyzeSource(`/w/${rel}`, rel, text, 'h', [], undefined, allFacts());

/** The text a range covers. */
const cut = (text: string, r: Range) => {
  const lines = new LineIndex(text);
  return text.slice(lines.offset(r.start), lines.offset(r.end));
};

describe('lang/py adapter', () => {
  it('is the adapter of .py files only: not stubs, not JS; JS files stay JS', () => {
    assert.strictEqual(sourceLanguage('a/b.py'), 'py');
    assert.strictEqual(sourceLanguage('a/b.pyi'), undefined);
    assert.strictEqual(sourceLanguage('a/b.ts'), 'js');
    assert.strictEqual(sourceLanguage('a/b.d.ts'), undefined);
    assert.strictEqual(sourceLanguage('a/b.min.js'), undefined);
    assert.ok(isSourcePath('x.py') && isSourcePath('x.mjs') && !isSourcePath('x.pyc') && !isSourcePath('x.pyi'));
    assert.deepStrictEqual(
      ['a.py', 'a.js', 'a.tsx'].map((p) => ADAPTERS.find((a) => a.handles(p))?.id),
      ['py', 'js', 'js'],
    );
    assert.ok(pyAdapter.extracts(PROCESS_GRAPH));
  });

  it('reads imports of every form, with the dotted name as range, optional and type-only ones marked', () => {
    const text = [
      'import os, a.b as c', // 0
      'from . import z', // 1
      'from ..pkg.mod import (w as v,', // 2
      '    u)', // 3
      'from ...up import *', // 4
      'try:', // 5
      '    import yaml', // 6
      '    from ujson import dumps', // 7
      'except (ValueError, ModuleNotFoundError):', // 8
      '    import json as yaml', // 9
      'if TYPE_CHECKING:', // 10
      '    from typing_extensions import Self', // 11
      'elif typing.TYPE_CHECKING:', // 12
      '    import elsewhere', // 13
      'if typing.TYPE_CHECKING:', // 14
      '    import mypy_boto3_s3', // 15
      'def load():', // 16
      '    mod = __import__("plugins.x")', // 17
      '    importlib.import_module("drivers.pg")', // 18
      '    import_module(f"drivers.{name}")', // 19
      'from importlib import import_module as load_mod', // 20
      "load_mod('late')", // 21
      'try:', // 22
      '    import orjson', // 23
      'finally:', // 24
      '    pass', // 25
      '',
    ].join('\n');
    const a = analyse(text);
    assert.strictEqual(a.syntaxErrors, 0);
    const got = a.facts.imports.map((i) => [
      i.specifier,
      cut(text, i.range),
      i.range.start.line,
      i.kind,
      i.typeOnly,
      i.optional ?? false,
      i.names,
    ]);
    assert.deepStrictEqual(got, [
      ['os', 'os', 0, 'import', false, false, undefined],
      ['a.b', 'a.b', 0, 'import', false, false, undefined],
      ['.', '.', 1, 'import', false, false, ['z']],
      ['..pkg.mod', '..pkg.mod', 2, 'import', false, false, ['w', 'u']],
      ['...up', '...up', 4, 'import', false, false, ['*']],
      ['yaml', 'yaml', 6, 'import', false, true, undefined],
      ['ujson', 'ujson', 7, 'import', false, true, ['dumps']],
      // The fallback in the handler is what runs when the first is missing: required.
      ['json', 'json', 9, 'import', false, false, undefined],
      ['typing_extensions', 'typing_extensions', 11, 'import', true, false, ['Self']],
      // An `elif` branch is not the TYPE_CHECKING one.
      ['elsewhere', 'elsewhere', 13, 'import', false, false, undefined],
      ['mypy_boto3_s3', 'mypy_boto3_s3', 15, 'import', true, false, undefined],
      ['importlib', 'importlib', 20, 'import', false, false, ['import_module']],
      // A `try` without an ImportError handler makes nothing optional.
      ['orjson', 'orjson', 23, 'import', false, false, undefined],
      ['plugins.x', '"plugins.x"', 17, 'dynamic', false, false, undefined],
      ['drivers.pg', '"drivers.pg"', 18, 'dynamic', false, false, undefined],
      ['late', "'late'", 21, 'dynamic', false, false, undefined],
    ]);
  });

  it('reads env reads of os.environ, os.getenv, django-environ and environs, with hasDefault', () => {
    const text = [
      'import os',
      'from os import environ, getenv as ge',
      'import environ as djenv',
      'from environs import Env',
      'env = djenv.Env(DEBUG=(bool, False), HOSTS=(list,), CAST=int)',
      'e2 = Env()',
      'E = os.environ',
      'a = os.environ["A"]',
      "b = os.environ.get('B')",
      "c = os.environ.get('C', 'x')",
      "d = os.environ.get('D', None)",
      "e = os.getenv('E', default='1')",
      "f = ge('F')",
      "g = environ['G']",
      "h = environ.setdefault('H', 'v')",
      "i = E.get('I', 3)",
      "os.environ['WRITTEN'] = '1'",
      "del os.environ['DELETED']",
      "j = env('DEBUG')",
      "k = env('K', str)",
      "l = env('L', default='x')",
      "m = env.str('M', 'd')",
      "n = env.db('DATABASE_URL')",
      "o = env.list('HOSTS')",
      "p = e2('P', 'fallback')",
      "q = e2.int('Q')",
      "r = env.read_env('.env')",
      's = os.environ[name]',
      "t = other('T')",
      'u = f\'{os.environ["U"]}\'',
      '',
    ].join('\n');
    const a = analyse(text);
    assert.deepStrictEqual(
      a.facts.envReads.map((r) => [r.name, r.hasDefault, cut(text, r.range).split('(')[0].split('[')[0]]),
      [
        ['A', false, 'os.environ'],
        ['B', false, 'os.environ.get'],
        ['C', true, 'os.environ.get'],
        ['D', false, 'os.environ.get'],
        ['E', true, 'os.getenv'],
        ['F', false, 'ge'],
        ['G', false, 'environ'],
        ['H', true, 'environ.setdefault'],
        ['I', true, 'E.get'],
        // django-environ: a default declared in Env(NAME=(cast, default)); the second positional of env() is a cast.
        ['DEBUG', true, 'env'],
        ['K', false, 'env'],
        ['L', true, 'env'],
        ['M', true, 'env.str'],
        ['DATABASE_URL', false, 'env.db'],
        ['HOSTS', false, 'env.list'],
        // environs: the second positional is the default.
        ['P', true, 'e2'],
        ['Q', false, 'e2.int'],
        ['U', false, 'os.environ'],
      ],
    );
  });

  it('finds # comments, never inside strings: quotes, triple quotes over lines, f-strings, bytes, raw', () => {
    const text = [
      "a = '# no'  # one",
      's = """',
      '# not a comment',
      '"""  # two',
      "f = f'{x} # no {y!r:>{w}}'  # three",
      'b = rb\'#no\' + u"#no"',
      'def g():  # four',
      "    return '''#no'''",
      '# five',
    ].join('\r\n');
    const offsets = [...text.matchAll(/#/g)].map((m) => m.index);
    const found = pyCommentsAt('x.py', text, offsets).map((c) => text.slice(c.start, c.end));
    assert.deepStrictEqual(found, ['# one', '# two', '# three', '# four', '# five']);
    assert.deepStrictEqual(pyCommentsAt('x.py', text, []), []);
    assert.deepStrictEqual(pyCommentsAt('x.py', 'x = 1\n', [0]), []);
  });

  it('counts syntax errors without throwing, and still reads what parsed after them', () => {
    const text = [
      'import ok_before',
      'def broken(:',
      '    yield',
      'class C(',
      'x = = 1',
      'print "py2"',
      'import ok_after',
      "TOKEN = os.environ['AFTER']",
      '',
    ].join('\n');
    const a = analyse(text);
    assert.ok(a.syntaxErrors > 0, `${a.syntaxErrors}`);
    assert.ok(a.parsed);
    const specs = a.facts.imports.map((i) => i.specifier);
    assert.ok(specs.includes('ok_before') && specs.includes('ok_after'), specs.join());
    assert.deepStrictEqual(
      a.facts.envReads.map((r) => r.name),
      ['AFTER'],
    );
    // Not Python at all, binary-looking noise, an empty file: no throw.
    for (const t of ['', '\0\0\0', '}}}{{{ ))) """', 'def'.repeat(10000), '\t\t  \n  \t x\n y\n'])
      assert.strictEqual(analyse(t).ruleFailures, 0);
  });

  it('reports positions in UTF-16 units, as LSP and the JS adapter do (non-ASCII and astral text before them)', () => {
    const text = "s = 'héllo 🎉'; from pkg import x; v = os.environ['VÉ_OK']\nimport café\nfrom naïve.ß import y\n";
    const a = analyse(text);
    const pkg = a.facts.imports.find((i) => i.specifier === 'pkg')!;
    assert.deepStrictEqual(pkg.range.start, { line: 0, character: text.indexOf('pkg') });
    assert.strictEqual(cut(text, pkg.range), 'pkg');
    // A non-ASCII identifier is a Python name; a non-ASCII variable name is not an env var name we report.
    assert.deepStrictEqual(
      a.facts.imports.map((i) => i.specifier),
      ['pkg', 'café', 'naïve.ß'],
    );
    assert.deepStrictEqual(a.facts.envReads, []);
    const b = analyse("s = '🎉🎉'; t = os.getenv('PORT')\n");
    assert.deepStrictEqual(b.facts.envReads[0].range.start, { line: 0, character: "s = '🎉🎉'; t = ".length });
  });

  it('survives deep nesting: 3,000 nested blocks and brackets as deep as Python allows are read to the end', function () {
    this.timeout(20000);
    const deep = [
      'x = ' + '('.repeat(MAX_BRACKET_DEPTH) + '1' + ')'.repeat(MAX_BRACKET_DEPTH),
      "y = '((((' + " + '['.repeat(MAX_BRACKET_DEPTH) + ']'.repeat(MAX_BRACKET_DEPTH) + ' # ((((',
      ...Array.from({ length: 3000 }, (_, i) => ' '.repeat(i) + 'if x:'),
      ' '.repeat(3000) + 'pass',
      'import after_deep',
      "z = os.environ['DEEP']  # end",
      '',
    ].join('\n');
    const a = analyse(deep);
    assert.strictEqual(a.skipped, undefined);
    assert.ok(a.facts.imports.some((i) => i.specifier === 'after_deep'));
    assert.deepStrictEqual(
      a.facts.envReads.map((r) => r.name),
      ['DEEP'],
    );
    assert.deepStrictEqual(
      pyCommentsAt('deep.py', deep, [deep.indexOf('# end')]).map((c) => deep.slice(c.start, c.end)),
      ['# end'],
    );
  });

  it('skips, without throwing, brackets deeper than Python allows and a parse past its time budget', function () {
    this.timeout(20000);
    for (const text of [
      'x = ' + '('.repeat(100000) + '1' + ')'.repeat(100000) + '\nimport a  # c\n',
      'y = ' + '['.repeat(MAX_BRACKET_DEPTH + 1) + ']'.repeat(MAX_BRACKET_DEPTH + 1) + '\n',
    ]) {
      const a = analyse(text);
      assert.match(a.skipped ?? '', /^brackets nested \d+ deep, more than Python allows \(200\)$/);
      assert.deepStrictEqual([a.parsed, a.facts.imports, a.ruleFailures], [false, [], 0]);
      assert.deepStrictEqual(pyCommentsAt('deep.py', text, [text.indexOf('#')]), []);
    }
    // Brackets in strings and comments are not nesting.
    assert.strictEqual(bracketDepth('s = \'((((\' + """\n[[[\n"""  # {{{{\nt = ((1))\n'), 2);
    // Error recovery on a long run of operators inside brackets is slow (superlinear): the budget gives up on it.
    const hostile = 'x = (' + '*\n'.repeat(20000) + 'a)\n';
    assert.deepStrictEqual(parsePython(hostile, 1).skipped, 'parsing took over 1 ms');
    assert.ok(parsePython('x = 1\n').tree);
  });

  it('gives the process graph: servers and workers started by explicit calls, functions called from own modules', () => {
    const graph = (text: string) => analyse(text).facts.values[PROCESS_GRAPH.id];
    assert.deepStrictEqual(graph('from flask import Flask\napp = Flask(__name__)\napp.run(port=5000)\n'), {
      server: true,
    });
    assert.deepStrictEqual(graph('import uvicorn\nuvicorn.run("app:app")\n'), { server: true });
    assert.deepStrictEqual(graph('from aiohttp import web\nweb.run_app(app)\n'), { server: true });
    assert.deepStrictEqual(graph('from http.server import HTTPServer\nHTTPServer(a, H).serve_forever()\n'), {
      server: true,
    });
    assert.deepStrictEqual(graph('from celery import Celery\ncelery = Celery("w")\ncelery.worker_main()\n'), {
      worker: true,
    });
    assert.deepStrictEqual(
      graph('from apscheduler.schedulers.blocking import BlockingScheduler\ns = BlockingScheduler()\ns.start()\n'),
      { worker: true },
    );
    assert.deepStrictEqual(graph('from .db import migrate, seed as s\nfrom lib import other\nmigrate()\nother()\n'), {
      calls: ['migrate'],
    });
    // A run() of something that is no app server, and a start() of a background scheduler, start nothing here.
    assert.strictEqual(
      graph(
        'thread.run()\nfrom apscheduler.schedulers.background import BackgroundScheduler\nBackgroundScheduler().start()\n',
      ),
      undefined,
    );
  });

  it('knows pytest and unittest file conventions as tests, without changing what JS paths are', () => {
    for (const p of ['test_app.py', 'pkg/test_models.py', 'pkg/models_test.py', 'conftest.py', 'tests/helpers.py'])
      assert.ok(isTestPath(p), p);
    for (const p of ['app.py', 'latest.py', 'contest.py', 'testing_utils.py', 'pkg/attest.py', 'src/test_app.pyi'])
      assert.ok(!isTestPath(p), p);
    for (const p of ['src/app.test.ts', 'test/x.js', 'src/test.js']) assert.ok(isTestPath(p), p);
    for (const p of ['src/test_app.js', 'src/conftest.js', 'src/app_test.ts']) assert.ok(!isTestPath(p), p);
  });
});
