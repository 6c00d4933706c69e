// The linear rewrites of issue 7 (defect 3) answer exactly what the regexes they replace answered: each pair runs
// on a few thousand seeded random strings over the characters that matter to it.
import * as assert from 'assert';
import {
  cutTail,
  globMatch,
  hasAngleBracketed,
  hasDollarBrace,
  hasDoubleBrace,
  trimChar,
} from '../../../server/src/util/linear';
import { toEnvName } from '../../../server/src/util/naming';
import { substitutedDownload } from '../../../server/src/platform/codeFetches';
import { parseDockerfile } from '../../../server/src/platform/dockerfile';
import { parseProcfile } from '../../../server/src/platform/procfile';
import { lineRange } from '../../../server/src/util/text';

function strings(pieces: string[], count = 3000, maxPieces = 14): string[] {
  let seed = 12345;
  const rand = (k: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % k;
  };
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    let s = '';
    for (let k = rand(maxPieces + 1); k > 0; k--) s += pieces[rand(pieces.length)];
    out.push(s);
  }
  return out;
}

function same<T>(inputs: string[], before: (s: string) => T, after: (s: string) => T): void {
  for (const s of inputs) assert.deepStrictEqual(after(s), before(s), JSON.stringify(s));
}

/** parseDockerfile before heredocs and linear continuations, for files without heredocs. */
function oldParseDockerfile(text: string) {
  const lines = text.split(/\r?\n|\r/);
  const out: { keyword: string; args: string; range: unknown; argsRange: unknown }[] = [];
  let escape = '\\';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const directive = /^#\s*escape\s*=\s*(\S)/i.exec(line);
    if (directive && out.length === 0) escape = directive[1];
    const m = /^(\s*)([A-Za-z]+)(\s+|$)(.*)$/.exec(line);
    if (!m || line.trimStart().startsWith('#')) continue;
    const [, lead, kw, sp] = m;
    const argsStart = lead.length + kw.length + sp.length;
    let args = m[4];
    let last = i;
    while (args.trimEnd().endsWith(escape) && last + 1 < lines.length) {
      args = args.trimEnd().slice(0, -1);
      last++;
      if (lines[last].trimStart().startsWith('#')) {
        args += escape;
        continue;
      }
      args += ' ' + lines[last].trim();
    }
    out.push({
      keyword: kw.toUpperCase(),
      args: args.trim(),
      range: { start: { line: i, character: lead.length }, end: { line: last, character: lines[last].length } },
      argsRange: lineRange(i, argsStart, line.length),
    });
    i = last;
  }
  return out;
}

describe('hostile: linear rewrites answer as the regexes did', () => {
  it('placeholder and template tests: <…>, ${…}, {{…}}', () => {
    same(strings(['<', '>', 'a', '<a>']), (s) => /<[^>]*>/.test(s), hasAngleBracketed);
    same(strings(['${', '$', '{', '}', 'a']), (s) => /\$\{[^}]*\}/.test(s), hasDollarBrace);
    same(strings(['{{', '{', '}', '}}', 'a']), (s) => /\{\{[^}]*\}\}/.test(s), hasDoubleBrace);
  });

  it('tails cut at a character, and trimmed underscores', () => {
    const text = strings(['#', '@', '=', '<', '~', 'a', ' ', '\n', '\u2028', '\r']);
    same(
      text,
      (s) => s.replace(/#.*$/, ''),
      (s) => cutTail(s, '#'),
    );
    same(
      text,
      (s) => s.replace(/[=~<>].*$/, ''),
      (s) => cutTail(s, '=~<>'),
    );
    same(
      text,
      (s) => s.replace(/(.)@.*$/, '$1'),
      (s) => cutTail(s, '@', true),
    );
    same(
      strings(['_', 'a', '__']),
      (s) => s.replace(/^_+|_+$/g, ''),
      (s) => trimChar(s, '_'),
    );
  });

  it('globs: npm-run-all patterns (`*` within a `:` part)', () => {
    const pats = strings(['a', 'b', '*', ':', '**'], 600, 6);
    const names = strings(['a', 'b', ':', 'ab'], 60, 6);
    for (const p of pats) {
      const re = new RegExp(
        '^' +
          p
            .split('*')
            .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
            .join('[^:]*') +
          '$',
      );
      for (const k of names) assert.strictEqual(globMatch(p, k, { sep: ':' }), re.test(k), `${p} ~ ${k}`);
    }
  });

  it('env names from code (`XMLHttp` → XML_HTTP)', () => {
    const old = (name: string) =>
      name
        .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
        .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
        .replace(/[^A-Za-z0-9]+/g, '_')
        .replace(/^_+|_+$/g, '')
        .toUpperCase()
        .replace(/^(\d)/, '_$1');
    same(strings(['A', 'B', 'a', 'b', '1', '_', '-', '.', 'XML', 'Http']), old, toEnvName);
  });

  it('shell lines: a download run as code, redirections, operators at the end', () => {
    const SUBSTITUTED = /(^|[\s;&|(])(sh|bash|zsh|dash|ksh|eval|source|\.)\s+[^;&|]*?(<\(|\$\(|`)\s*(curl|wget)\b/;
    same(
      strings([
        'sh',
        'bash',
        '.',
        ' ',
        '  ',
        ';',
        '&',
        '|',
        '(',
        '$(',
        '<(',
        '`',
        'curl',
        'wget',
        'x',
        'curlx',
        'eval',
      ]),
      (s) => {
        const m = SUBSTITUTED.exec(s);
        return m ? m.index + m[1].length : undefined;
      },
      substitutedDownload,
    );
    const redirections = strings(['0', '1', '2', '>', '>>', '&', '<', ' ', '"a"', "'b'", 'x', ';', '|', '"']);
    same(
      redirections,
      (s) => s.replace(/\d*(>>|>&|&>>|&>|>|<)\s*("[^"]*"|'[^']*'|[^\s&;|]+)/g, ''),
      (s) => s.replace(/(?<!\d)\d*(>>|>&|&>>|&>|>|<)\s*("[^"]*"|'[^']*'|[^\s&;|]+)/g, ''),
    );
    const ops = strings(['a', ' ', '\t', '&&', '||', ';', '&', '|']);
    same(
      ops,
      (s) => s.replace(/\s*(&&|\|\||;)\s*$/, ''),
      (s) => s.replace(/(?<!\s)\s*(&&|\|\||;)\s*$/, ''),
    );
    same(
      ops,
      (s) => s.split(/\s*(?:&&|;|\|\|)\s*/)[0],
      (s) => {
        const op = s.search(/&&|;|\|\|/);
        return op < 0 ? s : s.slice(0, op).trimEnd();
      },
    );
  });

  it('config lines: .env comments, Procfile entries, ARG defaults, frozen-lockfile variables', () => {
    same(
      strings(['a', ' ', '\t', '#', '# c', 'b']),
      (s) => s.replace(/\s+#.*$/, ''),
      (s) => s.replace(/(?<!\s)\s+#[^]*$/, ''),
    );
    const old = (text: string) =>
      text.split(/\r?\n|\r/).flatMap((line, i) => {
        const m = /^([A-Za-z0-9_-]+)(\s*:\s*)(.*?)\s*$/.exec(line);
        return m
          ? [
              {
                type: m[1],
                command: m[3],
                line: i,
                range: lineRange(i, 0, line.length),
                commandRange: lineRange(i, m[1].length + m[2].length, m[1].length + m[2].length + m[3].length),
              },
            ]
          : [];
      });
    same(strings(['web', ':', ' ', '\t', 'node a', '-', '\n', 'x']), old, parseProcfile);
    const args = (re: RegExp) => (s: string) => [...s.matchAll(re)].map((m) => [m[1], m[3] ?? m[4] ?? m[2]]);
    same(
      strings(['A', '1', '_', '=', '"x"', "'y'", ' ', 'b', '"', "'"]),
      args(/([A-Za-z_][A-Za-z0-9_]*)=("([^"]*)"|'([^']*)'|\S*)/g),
      args(/(?<![A-Za-z0-9_])[0-9]*([A-Za-z_][A-Za-z0-9_]*)=("([^"]*)"|'([^']*)'|\S*)/g),
    );
    same(
      strings(['YARN_FROZEN_LOCKFILE', ' ', '\t', '=', 'true', '1', '"', 'x']),
      (s) => /\b(YARN_FROZEN_LOCKFILE)\s*[= ]\s*["']?(true|1)\b/.test(s),
      (s) => /\b(YARN_FROZEN_LOCKFILE)(?:\s*=|[^\S ]* )\s*["']?(true|1)\b/.test(s),
    );
  });

  // Two of the old parser's answers were wrong and are not compared (test/unit/parsers/dockerfile.test.ts has them):
  // a blank line inside a continuation ended the instruction, and `# escape=` was obeyed after a comment.
  const oldWasWrong = (text: string) =>
    /[\\`][ \t]*\r?\n(?:[ \t]*#[^\r\n]*\r?\n)*[ \t]*(?:\r?\n|$)/.test(text) || /\n# escape/.test(text);

  it('Dockerfiles without here-documents parse as before (continuations, comments, escape directive)', () => {
    const lines = [
      'FROM node',
      'RUN a \\',
      'RUN a',
      '  b \\',
      '# c',
      '',
      '  ',
      'ENV A=1 \\',
      'CMD ["x"]',
      '\\',
      '# escape=`',
      'RUN a `',
      'x',
    ];
    let seed = 99;
    const rand = (k: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % k;
    };
    let compared = 0;
    for (let i = 0; i < 3000; i++) {
      const text = Array.from({ length: rand(9) }, () => lines[rand(lines.length)]).join(rand(2) ? '\n' : '\r\n');
      if (oldWasWrong(text)) continue;
      compared++;
      const now = parseDockerfile(text).map(({ keyword, args, range, argsRange }) => ({
        keyword,
        args,
        range,
        argsRange,
      }));
      assert.deepStrictEqual(now, oldParseDockerfile(text), JSON.stringify(text));
    }
    assert.ok(compared > 1000, `only ${compared} texts compared`);
  });
});
