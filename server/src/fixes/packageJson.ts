// Edits to package.json that keep its formatting and key order (via jsonc-parser).
import * as fs from 'fs';
import * as path from 'path';
import { modify, parseTree, findNodeAtLocation, type FormattingOptions } from 'jsonc-parser';
import type { FileEdit, FixContext } from '../engine/types';
import type { DepField, Project } from '../model/types';
import { LineIndex, eolOf } from '../util/text';

function formattingOf(text: string): FormattingOptions {
  const indent = /\n([ \t]+)"/.exec(text)?.[1] ?? '  ';
  return { insertSpaces: !indent.startsWith('\t'), tabSize: indent.startsWith('\t') ? 1 : indent.length, eol: eolOf(text) };
}

/** Sets `field.name = version`, keeping alphabetical order when the section is already sorted. */
export function setDependencyEdit(pkgPath: string, text: string, field: DepField, name: string, version: string): FileEdit {
  const tree = parseTree(text);
  const section = tree ? findNodeAtLocation(tree, [field]) : undefined;
  const keys = (section?.children ?? []).map((p) => String(p.children?.[0]?.value));
  const sorted = keys.every((k, i) => i === 0 || keys[i - 1].localeCompare(k) <= 0);
  const edits = modify(text, [field, name], version, {
    formattingOptions: formattingOf(text),
    // Without the section, jsonc-parser inserts `field` itself into the root object: append it there.
    getInsertionIndex: (props) => (section && sorted ? props.filter((p) => p.localeCompare(name) < 0).length : props.length),
  });
  const lines = new LineIndex(text);
  return { path: pkgPath, edits: edits.map((e) => ({ range: lines.range(e.offset, e.offset + e.length), newText: e.content })) };
}

export function removeDependencyEdit(pkgPath: string, text: string, field: DepField, name: string): FileEdit {
  const edits = modify(text, [field, name], undefined, { formattingOptions: formattingOf(text) });
  const lines = new LineIndex(text);
  return { path: pkgPath, edits: edits.map((e) => ({ range: lines.range(e.offset, e.offset + e.length), newText: e.content })) };
}

/** The version of `name` that is installed (node_modules) or locked, for a caret range. */
export function knownVersion(project: Project, name: string, ctx: FixContext): string | undefined {
  for (let p: Project | undefined = project; p; p = p.parent) {
    const manifest = ctx.read(path.join(p.root, 'node_modules', name, 'package.json')) ?? safeRead(path.join(p.root, 'node_modules', name, 'package.json'));
    if (manifest) {
      try {
        const v = JSON.parse(manifest).version;
        if (typeof v === 'string') return v;
      } catch { /* broken install: fall through to the lockfile */ }
    }
  }
  const locked = project.lockfile?.versions.get(name);
  return locked?.length ? locked[locked.length - 1] : undefined;
}

function safeRead(p: string): string | undefined {
  try {
    return fs.readFileSync(p, 'utf8');
  } catch {
    return undefined;
  }
}

/** The install command for the project's package manager. */
export function installCommand(project: Project, name: string, dev: boolean): string {
  const kind = project.lockfile?.kind;
  if (kind === 'yarn') return `yarn add ${dev ? '-D ' : ''}${name}`;
  if (kind === 'pnpm') return `pnpm add ${dev ? '-D ' : ''}${name}`;
  if (kind === 'bun') return `bun add ${dev ? '-d ' : ''}${name}`;
  return `npm install ${dev ? '--save-dev ' : ''}${name}`;
}
