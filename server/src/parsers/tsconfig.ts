// Path aliases from tsconfig/jsconfig, so `@/lib/db` is not mistaken for a package.
import { parse, type ParseError } from 'jsonc-parser';
import * as path from 'path';
import type { TsPaths } from '../model/types';

export function parseTsPaths(file: string, text: string): TsPaths | undefined {
  const errors: ParseError[] = [];
  const data = parse(text, errors, { allowTrailingComma: true });
  const opts = data?.compilerOptions;
  if (!opts || typeof opts !== 'object') return undefined;
  const patterns = opts.paths && typeof opts.paths === 'object' ? Object.keys(opts.paths) : [];
  const baseUrl = typeof opts.baseUrl === 'string' ? path.resolve(path.dirname(file), opts.baseUrl) : undefined;
  if (!patterns.length && !baseUrl) return undefined;
  return { patterns, baseUrl };
}

export function matchesPathPattern(specifier: string, pattern: string): boolean {
  const star = pattern.indexOf('*');
  if (star < 0) return specifier === pattern;
  return specifier.startsWith(pattern.slice(0, star)) && specifier.endsWith(pattern.slice(star + 1));
}
