// Edits to package.json that keep its formatting and key order (via jsonc-parser). The text-to-text helpers
// (setTopLevel, setDependency, removeKey, …) let a fix make several changes in memory and return them as one
// minimal edit (diffEdit), so edits to the same file can never overlap.
import * as path from 'path';
import { modify, parseTree, findNodeAtLocation, type EditResult, type FormattingOptions } from 'jsonc-parser';
import type { FileEdit, FixContext } from '../core/types';
import type { DepField, Project } from '../core/model';
import { LineIndex, diffEdit, eolOf } from '../util/text';
import { shellQuote } from '../platform/shell';
import { safeReadText } from '../util/safeRead';

export function formattingOf(text: string): FormattingOptions {
  const indent = /\n([ \t]+)"/.exec(text)?.[1] ?? '  ';
  return {
    insertSpaces: !indent.startsWith('\t'),
    tabSize: indent.startsWith('\t') ? 1 : indent.length,
    eol: eolOf(text),
  };
}

/** Sets `field.name = version`, keeping alphabetical order when the section is already sorted. */
export function setDependencyEdit(
  pkgPath: string,
  text: string,
  field: DepField,
  name: string,
  version: string,
): FileEdit {
  const rewrite = (t: string) => apply(t, setDependencyEdits(t, field, name, version));
  const lines = LineIndex.of(text);
  return {
    path: pkgPath,
    edits: setDependencyEdits(text, field, name, version).map((e) => ({
      range: lines.range(e.offset, e.offset + e.length),
      newText: e.content,
    })),
    rewrite,
  };
}

function setDependencyEdits(text: string, field: DepField, name: string, version: string): EditResult {
  const tree = parseTree(text);
  const section = tree ? findNodeAtLocation(tree, [field]) : undefined;
  const keys = (section?.children ?? []).map((p) => String(p.children?.[0]?.value));
  const sorted = keys.every((k, i) => i === 0 || keys[i - 1].localeCompare(k) <= 0);
  return modify(text, [field, name], version, {
    formattingOptions: formattingOf(text),
    // Without the section, jsonc-parser inserts `field` itself into the root object: append it there.
    getInsertionIndex: (props) =>
      section && sorted ? props.filter((p) => p.localeCompare(name) < 0).length : props.length,
  });
}

export function removeDependencyEdit(pkgPath: string, text: string, field: DepField, name: string): FileEdit {
  const edits = modify(text, [field, name], undefined, { formattingOptions: formattingOf(text) });
  const lines = LineIndex.of(text);
  return {
    path: pkgPath,
    edits: edits.map((e) => ({ range: lines.range(e.offset, e.offset + e.length), newText: e.content })),
  };
}

/** The version of `name` that is installed (node_modules) or locked, for a caret range. */
export function knownVersion(project: Project, name: string, ctx: FixContext): string | undefined {
  for (let p: Project | undefined = project; p; p = p.parent) {
    const manifest =
      ctx.read(path.join(p.root, 'node_modules', name, 'package.json')) ??
      safeRead(path.join(p.root, 'node_modules', name, 'package.json'), ctx.workspace.root);
    if (manifest) {
      try {
        const v = JSON.parse(manifest).version;
        if (typeof v === 'string') return v;
      } catch {
        /* broken install: fall through to the lockfile */
      }
    }
  }
  const locked = project.lockfile?.versions.get(name);
  return locked?.length ? locked[locked.length - 1] : undefined;
}

function safeRead(p: string, root: string): string | undefined {
  // The guarded reader: a FIFO or /dev/zero in node_modules must not hang the server, a link must not lead out.
  return safeReadText(p, { maxBytes: 8 * 1024 * 1024, root });
}

/** The install command for the project's package manager. */
export function installCommand(project: Project, name: string, dev: boolean): string {
  const kind = project.lockfile?.kind;
  name = shellQuote(name); // npm names may start with `~`, which a shell expands
  if (kind === 'yarn') return `yarn add ${dev ? '-D ' : ''}${name}`;
  if (kind === 'pnpm') return `pnpm add ${dev ? '-D ' : ''}${name}`;
  if (kind === 'bun') return `bun add ${dev ? '-d ' : ''}${name}`;
  return `npm install ${dev ? '--save-dev ' : ''}${name}`;
}

function apply(text: string, edits: EditResult): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.offset - a.offset))
    out = out.slice(0, e.offset) + e.content + out.slice(e.offset + e.length);
  return out;
}

export interface Placement {
  before?: string[];
  after?: string[];
}

/**
 * Sets a top-level key. A new key goes right before the first `before` key present, else right after the first
 * `after` key present, else at the end of the object.
 */
export function setTopLevel(text: string, key: string, value: unknown, place: Placement): string {
  const tree = parseTree(text);
  const keys = (tree?.children ?? []).map((p) => String(p.children?.[0]?.value));
  const before = (place.before ?? []).map((a) => keys.indexOf(a)).find((i) => i >= 0);
  const after = (place.after ?? []).map((a) => keys.indexOf(a)).find((i) => i >= 0);
  const index = before ?? (after === undefined ? keys.length : after + 1);
  return apply(
    text,
    modify(text, [key], value, { formattingOptions: formattingOf(text), getInsertionIndex: () => index }),
  );
}

/** Sets `field.name`, keeping the section's alphabetical order when it is sorted; a missing section goes at `place`. */
export function setDependency(text: string, field: DepField, name: string, version: string, place: Placement): string {
  const tree = parseTree(text);
  const section = tree ? findNodeAtLocation(tree, [field]) : undefined;
  if (!section) return setTopLevel(text, field, { [name]: version }, place);
  const keys = (section.children ?? []).map((p) => String(p.children?.[0]?.value));
  const sorted = keys.every((k, i) => i === 0 || keys[i - 1].localeCompare(k) <= 0);
  return apply(
    text,
    modify(text, [field, name], version, {
      formattingOptions: formattingOf(text),
      getInsertionIndex: (props) => (sorted ? props.filter((p) => p.localeCompare(name) < 0).length : props.length),
    }),
  );
}

export function removeKey(text: string, path: (string | number)[]): string {
  return apply(text, modify(text, path, undefined, { formattingOptions: formattingOf(text) }));
}

/** Moves `name` from one dependency section to another with the same range, as one edit. */
export function moveDependencyEdit(
  pkgPath: string,
  text: string,
  from: DepField,
  to: DepField,
  name: string,
): FileEdit | undefined {
  const tree = parseTree(text);
  const node = tree ? findNodeAtLocation(tree, [from, name]) : undefined;
  if (!node || typeof node.value !== 'string') return undefined;
  // A section left empty goes too, as npm does when it moves the last package out.
  const section = findNodeAtLocation(tree!, [from]);
  const removed = section?.children?.length === 1 ? removeKey(text, [from]) : removeKey(text, [from, name]);
  // `dependencies` conventionally comes just before `devDependencies`; put a new section where it would be.
  const place: Placement =
    to === 'dependencies'
      ? { before: ['devDependencies', 'peerDependencies', 'optionalDependencies'] }
      : { after: ['dependencies'] };
  const moved = setDependency(removed, to, name, node.value, place);
  return { path: pkgPath, edits: [diffEdit(text, moved)] };
}

/** Adds `value` to a top-level string list (`"systemDependencies": [...]`), or a key to it when it is an object. */
export function addToTopLevelList(text: string, key: string, value: string, place: Placement): string {
  const tree = parseTree(text);
  const node = tree ? findNodeAtLocation(tree, [key]) : undefined;
  if (!node) return setTopLevel(text, key, [value], place);
  if (node.type === 'array') {
    if ((node.children ?? []).some((c) => c.value === value)) return text;
    return apply(
      text,
      modify(text, [key, -1], value, { formattingOptions: formattingOf(text), isArrayInsertion: true }),
    );
  }
  if (node.type === 'object')
    return apply(text, modify(text, [key, value], '*', { formattingOptions: formattingOf(text) }));
  return text;
}
