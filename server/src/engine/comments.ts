// The comments of a workspace file, in that file's own syntax, for suppression directives (suppress.ts): `//` and
// `/* */` in JS/TS (read by the language adapter), `#` in .env, Dockerfile, Procfile, YAML and shell scripts, `//` in
// Prisma schemas. A `#` inside a quoted value, a YAML block scalar or a here-document is no comment. Files that take
// no comment (JSON, lockfiles, .nvmrc) have no syntax here.
import * as path from 'path';
import { Parser as YamlParser, parseAllDocuments } from 'yaml';
import type { TextSpan } from '../util/types';
import { classify } from '../model/discover';
import { toPosix } from '../util/text';
import { envComments } from '../platform/envFile';
import { dockerfileComments } from '../platform/dockerfile';
import { procfileComments } from '../platform/procfile';
import { shellComments } from '../platform/shell';
import { ADAPTERS } from './analyze';

export type CommentSyntax = 'source' | 'prisma' | 'env' | 'dockerfile' | 'procfile' | 'yaml' | 'shell' | 'hash-line';

const SHELL_EXTENSION = /\.(sh|bash|zsh|ksh|dash)$/;
const SHELL_SHEBANG = /^#![^\r\n]*\b(?:ba|z|k|da|a)?sh\b/;

/**
 * A file's comment syntax, from its name (and, for a script without an extension, its `#!` line when `text` is
 * given), or undefined for a file that takes no comment: JSON, lockfiles (rewritten by their tools), version files.
 */
export function commentSyntax(file: string, text?: string): CommentSyntax | undefined {
  const base = path.basename(file);
  switch (classify(base, toPosix(file))) {
    case 'source':
      return 'source';
    case 'env':
      return 'env';
    case 'dockerfile':
      return 'dockerfile';
    case 'procfile':
      return 'procfile';
    case 'compose':
      return 'yaml';
    case 'gitignore':
      return 'hash-line';
    case 'runtime-version':
      // asdf and mise skip `#` lines in .tool-versions; .nvmrc and .node-version are read whole.
      return base === '.tool-versions' ? 'hash-line' : undefined;
    case 'python-manifest':
      // TOML, ini and requirements files all take `#` lines (a `#` inside a TOML string is no comment line).
      return 'hash-line';
    case 'data':
      if (/\.ya?ml$/.test(base)) return 'yaml';
      if (base.endsWith('.prisma')) return 'prisma';
      if (base === 'Aptfile') return 'hash-line';
      return undefined;
    case 'other':
      // uWSGI's ini (findings on `hook-pre-app`, `attach-daemon`): it also takes `;`, but a directive needs `#`.
      if (base === '.dockerignore' || base.endsWith('.ini')) return 'hash-line';
      if (SHELL_EXTENSION.test(base) || (text !== undefined && SHELL_SHEBANG.test(text))) return 'shell';
      return undefined;
    default:
      return undefined;
  }
}

/** The comments of `text` (the file at `file`) that contain one of `offsets`, each once, in file order. */
export function commentsAt(file: string, text: string, offsets: readonly number[]): TextSpan[] {
  const syntax = commentSyntax(file, text);
  if (!syntax || !offsets.length) return [];
  if (syntax === 'source') {
    const adapter = ADAPTERS.find((a) => a.handles(file)) ?? ADAPTERS[0];
    return adapter.commentsAt(file, text, offsets);
  }
  const all = allComments(syntax, text);
  return all.filter((c) => offsets.some((p) => c.start <= p && p < c.end));
}

function allComments(syntax: Exclude<CommentSyntax, 'source'>, text: string): TextSpan[] {
  switch (syntax) {
    case 'env':
      return envComments(text);
    case 'dockerfile':
      return dockerfileComments(text);
    case 'procfile':
      return procfileComments(text);
    case 'shell':
      return shellComments(text);
    case 'yaml':
      return yamlComments(text);
    case 'prisma':
      return prismaComments(text);
    case 'hash-line':
      return [...text.matchAll(/^#[^\r\n]*/gm)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
  }
}

/** YAML comments from the `yaml` package's concrete syntax tree: never inside a quoted or block scalar. */
export function yamlComments(text: string): TextSpan[] {
  const out: TextSpan[] = [];
  // An explicit stack: a hostile file nests flow collections deeper than the call stack goes.
  const stack: unknown[] = [...new YamlParser().parse(text)];
  while (stack.length) {
    const v = stack.pop();
    if (Array.isArray(v)) stack.push(...v);
    else if (v && typeof v === 'object') {
      const t = v as { type?: unknown; offset?: unknown; source?: unknown };
      if (t.type === 'comment' && typeof t.offset === 'number' && typeof t.source === 'string')
        out.push({ start: t.offset, end: t.offset + t.source.trimEnd().length });
      else for (const [k, x] of Object.entries(v)) if (k !== 'source' && x && typeof x === 'object') stack.push(x);
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/** How many errors the `yaml` package finds in a text: a comment the disable fix adds must not make more. */
export function yamlProblems(text: string): number {
  return parseAllDocuments(text).reduce((n, d) => n + d.errors.length, 0);
}

/** Prisma schema comments: `//` to the line's end, outside a double-quoted string (strings are one line). */
export function prismaComments(text: string): TextSpan[] {
  const out: TextSpan[] = [];
  for (const m of text.matchAll(/[^\r\n]+/g)) {
    const line = m[0];
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (quoted) {
        if (c === '\\') i++;
        else if (c === '"') quoted = false;
      } else if (c === '"') quoted = true;
      else if (c === '/' && line[i + 1] === '/') {
        out.push({ start: m.index + i, end: m.index + line.length });
        break;
      }
    }
  }
  return out;
}
