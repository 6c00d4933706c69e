// Hostile input for the front ends: file names that would drive a terminal or break a URI, a CLI whose engine
// throws, and byte streams an LSP client should never send.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { PassThrough } from 'stream';
import { fileURLToPath } from 'url';
import { StreamMessageReader, type Message } from 'vscode-languageserver-protocol/node';
import { run } from '../../../server/src/cli/main';
import { Engine } from '../../../server/src/engine/engine';
import { FramingGuard, MAX_CONTENT_LENGTH, MAX_HEADER_BYTES } from '../../../server/src/lsp/guards';
import { relativeUri, toSarif, visible } from '../../../server/src/report/formats';
import { ALL_RULES } from '../../../server/src/rules';
import { scan, tempProject } from '../../helpers/engine';

const CLI = path.join(__dirname, '..', '..', '..', 'bin', 'twelve-factor');
const EXPRESS_APP = "const express = require('express');\nexpress().listen(3000);\n";
/** What must never reach a terminal: C0 (ESC, BEL, LF, CR), DEL, C1 (CSI), line separators, bidi overrides. */
const CONTROL = /[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

describe('hostile: front ends', function () {
  this.timeout(20000);
  const temps: string[] = [];
  const project = (files: Record<string, string>) => {
    const root = tempProject(files);
    temps.push(root);
    return root;
  };
  after(() => {
    for (const d of temps) fs.rmSync(d, { recursive: true, force: true });
  });

  describe('CLI text output', () => {
    it('shows control characters in file names, messages and log lines as escapes, never raw', () => {
      const evil = 'evil\x1b[2J\x1b]0;owned\x07\nfake: 1:1 error\u202e\x9b31m.js';
      const root = project({
        'package.json': '{"name":"x","private":true,"dependencies":{"express":"^4.0.0"}}',
        [evil]: EXPRESS_APP,
        'sub\x1b[31m/package.json': '{ broken',
      });
      const r = spawnSync(process.execPath, [CLI, 'check', root, '--max-severity', 'hint'], {
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1' },
      });
      assert.strictEqual(r.status, 1, r.stderr);
      for (const [name, text] of [
        ['stdout', r.stdout],
        ['stderr', r.stderr],
      ]) {
        for (const line of text.split('\n')) assert.doesNotMatch(line, CONTROL, `${name}: ${JSON.stringify(line)}`);
      }
      const shown = 'evil\\x1b[2J\\x1b]0;owned\\x07\\nfake: 1:1 error\\u202e\\x9b31m.js';
      // The file's heading, and the messages that name it, each stay on one line.
      assert.ok(r.stdout.split('\n').includes(shown), r.stdout);
      assert.ok(
        r.stdout.split('\n').some((l) => /^ {2}\d+:\d+ /.test(l) && l.includes(`from ${shown} never handles SIGTERM`)),
        r.stdout,
      );
      assert.match(r.stderr, /^warn: Skipped sub\\x1b\[31m\/package\.json: malformed JSON/m);
    });

    it('visible() escapes exactly the characters that can act on a terminal', () => {
      assert.strictEqual(visible('a\tb\r\nc\x00\x1b[0m\x7f\x9b\u0085'), 'a\\tb\\r\\nc\\x00\\x1b[0m\\x7f\\x9b\\x85');
      assert.strictEqual(visible('\u202ecod\u2066e\u2028'), '\\u202ecod\\u2066e\\u2028');
      const plain = 'café 🚀 日本 ~!@#$%^&*() \\ "quoted"';
      assert.strictEqual(visible(plain), plain);
    });
  });

  describe('SARIF', () => {
    it('percent-encodes reserved characters in artifact URIs, which resolve back to the file through new URL', async () => {
      const names = [
        'a #b?c%d e.js',
        'x:y.js',
        "[q]@!$&'()*+,;=.js",
        'back\\slash.js',
        'ü ñ.js',
        'line\nbreak\x1b.js',
        'dir #1/%41.js',
      ];
      const files: Record<string, string> = { 'package.json': '{"name":"x","dependencies":{"express":"^4.0.0"}}' };
      for (const n of names) files[n] = EXPRESS_APP;
      const root = project(files);
      const s = await scan(root);
      const log = JSON.parse(
        toSarif({
          root,
          findings: s.findings,
          checklist: s.engine.checklist(),
          rules: ALL_RULES,
          durationMs: 0,
          version: '0',
        }),
      );
      const base = log.runs[0].originalUriBaseIds.SRCROOT.uri;
      const resolved = new Set<string>();
      for (const res of log.runs[0].results) {
        const uri: string = res.locations[0].physicalLocation.artifactLocation.uri;
        // Only unreserved characters, percent escapes and the path separator.
        assert.match(uri, /^(?:[A-Za-z0-9\-._~/]|%[0-9A-F]{2})+$/, uri);
        const file = fileURLToPath(new URL(uri, base));
        assert.ok(fs.existsSync(file), `${uri} → ${file}`);
        resolved.add(path.relative(root, file));
      }
      for (const n of names) assert.ok(resolved.has(n), `${JSON.stringify(n)} among ${JSON.stringify([...resolved])}`);
    });

    it('never throws on a lone surrogate', () => {
      assert.strictEqual(relativeUri('a\ud800b/c'), 'a%EF%BF%BDb/c');
    });
  });

  describe('CLI failures', () => {
    it('an internal error is one line with a hint, and its stack only with --debug', async () => {
      const root = project({ 'package.json': '{"name":"x"}' });
      const original = Engine.prototype.scan;
      Engine.prototype.scan = () => Promise.reject(new Error('boom\n\x1b[31mred'));
      try {
        let out = '';
        let err = '';
        const code = await run(
          ['check', root],
          (s) => {
            out += s;
          },
          (s) => {
            err += s;
          },
        );
        assert.strictEqual(code, 2);
        assert.strictEqual(out, '');
        assert.strictEqual(err, 'twelve-factor: internal error: boom\\n\\x1b[31mred (--debug shows the stack trace)\n');
        err = '';
        assert.strictEqual(
          await run(
            ['check', root, '--debug'],
            () => {},
            (s) => {
              err += s;
            },
          ),
          2,
        );
        assert.match(err, /^twelve-factor: internal error: boom\\n\\x1b\[31mred\nError: boom\n\x1b\[31mred\n\s+at /);
      } finally {
        Engine.prototype.scan = original;
      }
    });

    it('a failing report writer is exit 2, not 1', async () => {
      const root = project({
        'package.json': '{"name":"x"}',
        'index.js': "const k = 'sk_live_4eC39HqLyjWDarjtT1zdp7dcTTx';\n",
      });
      let err = '';
      const epipe = Object.assign(new Error('write EPIPE'), { code: 'EPIPE' });
      const code = await run(
        ['check', root],
        () => Promise.reject(epipe),
        (s) => {
          err += s;
        },
      );
      assert.strictEqual(code, 2);
      assert.strictEqual(err, 'twelve-factor: cannot write the report to stdout: broken pipe (EPIPE)\n');
    });
  });

  describe('LSP framing guard', () => {
    const frame = (body: string, extra = '') => `Content-Length: ${Buffer.byteLength(body)}\r\n${extra}\r\n${body}`;
    const check = (chunks: (string | Buffer)[]) => {
      const guard = new FramingGuard();
      for (const c of chunks) {
        const problem = guard.check(typeof c === 'string' ? Buffer.from(c) : c);
        if (problem) return problem;
      }
      return undefined;
    };

    it('passes a valid stream however it is split, as vscode-jsonrpc reads it', async () => {
      const bodies = [
        '{"jsonrpc":"2.0","id":1,"method":"a"}',
        '{"jsonrpc":"2.0","method":"é🚀","params":{"t":"\\r\\n\\r\\n"}}',
        '{"jsonrpc":"2.0","id":2,"result":null}',
      ];
      const stream = Buffer.from(
        frame(bodies[0]) +
          frame(bodies[1], 'Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n') +
          frame(bodies[2]).replace('Content-Length', 'content-length'),
      );
      assert.strictEqual(check([stream]), undefined);
      // One byte at a time, and at every split point in two.
      assert.strictEqual(check([...stream].map((b) => Buffer.from([b]))), undefined);
      for (let i = 1; i < stream.length; i++)
        assert.strictEqual(check([stream.subarray(0, i), stream.subarray(i)]), undefined, `split at ${i}`);
      // The library's reader finds the same three messages in it.
      const input = new PassThrough();
      const got: Message[] = [];
      new StreamMessageReader(input).listen((m) => got.push(m));
      input.write(stream);
      for (let i = 0; i < 100 && got.length < 3; i++) await new Promise((r) => setImmediate(r));
      assert.deepStrictEqual(
        got.map((m) => JSON.stringify(m)),
        bodies.map((b) => JSON.stringify(JSON.parse(b))),
      );
    });

    it('names what makes a stream unreadable', () => {
      assert.match(check(['Content-Type: application/json\r\n\r\n{}']) ?? '', /without Content-Length/);
      assert.match(check(['Content-Length: abc\r\n\r\n{}']) ?? '', /not a number \("abc"\)/);
      assert.match(check(['Content-Length: -1\r\n\r\n']) ?? '', /not a number/);
      assert.match(check(['Content-Length: 12abc\r\n\r\n']) ?? '', /not a number/);
      assert.match(check([`Content-Length: ${MAX_CONTENT_LENGTH + 1}\r\n\r\n`]) ?? '', /over the limit/);
      assert.strictEqual(check([`Content-Length: ${MAX_CONTENT_LENGTH}\r\n\r\n`]), undefined);
      assert.match(check(['Content-Length: 99999999999999999999999999\r\n\r\n']) ?? '', /over the limit/);
      assert.match(check(['garbage\r\n\r\n']) ?? '', /without a colon/);
      // A header that never ends, in small chunks: refused once it passes the limit, not buffered forever.
      const guard = new FramingGuard();
      let fed = 0;
      let problem: string | undefined;
      while (!problem && fed < 10 * MAX_HEADER_BYTES) {
        problem = guard.check(Buffer.from('X-Pad: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n'));
        fed += 64;
      }
      assert.match(problem ?? '', /header longer than/);
      assert.ok(fed <= MAX_HEADER_BYTES + 64, `refused after ${fed} bytes`);
      // The second message of a stream is checked as well as the first.
      assert.match(check([frame('{}') + 'Content-Length: x\r\n\r\n']) ?? '', /not a number/);
    });
  });
});
