// Django and Flask settings as one Python file writes them, for the processes rules' Python checks: module-level
// `NAME = value` (Django settings modules, Flask config modules), class attributes of config classes
// (`class ProductionConfig: SESSION_TYPE = …`), `app.config['NAME'] = value` and `app.config.update(NAME=value)`.
// Each setting says whether only development or tests use it: a dev/test settings file, a Development/Testing config
// class, or the body of `if DEBUG:`.
import * as path from 'path';
import type { SyntaxNode } from '../../parse';
import { childrenOf, dottedName, stringValue } from '../../syntax';

export interface Setting {
  name: string;
  value: SyntaxNode;
  /** Where the setting is written: its name (or key string). */
  at: SyntaxNode;
  /** The config class it is an attribute of. */
  cls?: string;
  devOnly: boolean;
}

/** Settings files only development or tests read: `settings/dev.py`, `local_settings.py`, `settings_test.py`. */
const DEV_FILE = /(^|[_.-])(dev|devel|develop|development|local|test|tests|testing|ci|e2e)([_.-]|$)/i;
const DEV_CLASS = /dev|local|test/i;
const DEV_CONDITION = /^(not\s+)?\(?\s*(settings\.|app\.)?(DEBUG|TESTING|debug|testing)\s*\)?$/;
const SETTING_NAME = /^[A-Z][A-Z0-9_]*$/;

export function isDevSettingsFile(rel: string): boolean {
  return DEV_FILE.test(path.posix.basename(rel, '.py'));
}

/** `if DEBUG:` → dev (its body), `if not DEBUG:` → prod; other conditions say nothing. */
function branchKind(text: string, stmt: SyntaxNode, body: SyntaxNode): 'dev' | 'prod' | undefined {
  const cond = stmt.firstChild?.nextSibling;
  if (!cond) return undefined;
  const m = DEV_CONDITION.exec(text.slice(cond.from, cond.to).trim());
  if (!m) return undefined;
  // The first Body is the `if` branch; any later one is `elif`/`else`.
  const first = stmt.getChild('Body');
  const thenBranch = first?.from === body.from;
  const dev = !m[1] === thenBranch;
  return thenBranch || stmt.getChildren('Body').length === 2 ? (dev ? 'dev' : 'prod') : undefined;
}

function isDevContext(text: string, node: SyntaxNode): boolean {
  for (let p = node.parent; p; p = p.parent) {
    if (p.name === 'Body' && p.parent?.name === 'IfStatement' && branchKind(text, p.parent, p) === 'dev') return true;
    if (p.name === 'ClassDefinition') {
      const n = p.getChild('VariableName');
      if (n && DEV_CLASS.test(text.slice(n.from, n.to))) return true;
    }
  }
  return false;
}

function classOf(text: string, node: SyntaxNode): string | undefined {
  for (let p = node.parent; p; p = p.parent) {
    if (p.name === 'FunctionDefinition') return undefined;
    if (p.name === 'ClassDefinition') {
      const n = p.getChild('VariableName');
      return n ? text.slice(n.from, n.to) : undefined;
    }
  }
  return undefined;
}

function inFunction(node: SyntaxNode): boolean {
  for (let p = node.parent; p; p = p.parent) if (p.name === 'FunctionDefinition') return true;
  return false;
}

const isConfig = (text: string, n: SyntaxNode | null | undefined) => /(^|\.)config$/.test(dottedName(text, n) ?? '');

/** The settings a file writes (see the file's comment), in source order. */
export function settingsOf(
  text: string,
  rel: string,
  index: { assignments: readonly SyntaxNode[]; calls: readonly SyntaxNode[] },
): Setting[] {
  const devFile = isDevSettingsFile(rel);
  const out: Setting[] = [];
  const add = (name: string, value: SyntaxNode | null | undefined, at: SyntaxNode, cls?: string) => {
    if (value) out.push({ name, value, at, cls, devOnly: devFile || isDevContext(text, at) });
  };
  for (const a of index.assignments) {
    const kids = childrenOf(a);
    if (kids.filter((k) => k.name === 'AssignOp').length !== 1) continue;
    const target = kids[0];
    const value = kids[kids.length - 1];
    if (target.name === 'VariableName') {
      const name = text.slice(target.from, target.to);
      if (!SETTING_NAME.test(name) || inFunction(a)) continue;
      add(name, value, target, classOf(text, a));
    } else if (target.name === 'MemberExpression' && target.getChild('[') && isConfig(text, target.firstChild)) {
      const key = target.getChild('String');
      const name = stringValue(text, key);
      if (key && name && SETTING_NAME.test(name)) add(name, value, key);
    }
  }
  for (const call of index.calls) {
    const callee = call.firstChild;
    const method = callee?.name === 'MemberExpression' ? callee.lastChild : null;
    if (!method || !/^(update|from_mapping)$/.test(text.slice(method.from, method.to))) continue;
    if (!isConfig(text, callee!.firstChild)) continue;
    const list = call.lastChild;
    if (list?.name !== 'ArgList') continue;
    const kids = childrenOf(list);
    for (let i = 0; i < kids.length; i++) {
      const k = kids[i];
      if (k.name === 'VariableName' && kids[i + 1]?.name === 'AssignOp') {
        const name = text.slice(k.from, k.to);
        if (SETTING_NAME.test(name)) add(name, kids[i + 2], k);
      } else if (k.name === 'DictionaryExpression') {
        for (const e of dictEntries(text, k)) if (SETTING_NAME.test(e.key)) add(e.key, e.value, e.keyNode);
      }
    }
  }
  return out.sort((x, y) => x.at.from - y.at.from);
}

/** The entries of a dict display with string keys (`**spread` and computed keys left out). */
export function dictEntries(text: string, dict: SyntaxNode): { key: string; keyNode: SyntaxNode; value: SyntaxNode }[] {
  const out: { key: string; keyNode: SyntaxNode; value: SyntaxNode }[] = [];
  const kids = childrenOf(dict).filter((k) => k.name !== '{' && k.name !== '}' && k.name !== ',');
  for (let i = 0; i < kids.length; i++) {
    if (kids[i].name === '**') {
      i++;
      continue;
    }
    // key ':' value
    if (kids[i + 1]?.name !== ':' || !kids[i + 2]) continue;
    const key = stringValue(text, kids[i]);
    if (key !== undefined) out.push({ key, keyNode: kids[i], value: kids[i + 2] });
    i += 2;
  }
  return out;
}

/** Whether a dict display has a `**spread` (what it holds is then not all known). */
export function hasSpread(dict: SyntaxNode): boolean {
  return childrenOf(dict).some((k) => k.name === '**');
}
