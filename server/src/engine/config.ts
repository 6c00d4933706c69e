// twelve-factor.config.json (or .twelve-factorrc.json): the settings the editor and the CLI share. One file at the
// workspace root and one at any project root; nearer files override farther ones, each file's `overrides` apply after
// its own settings. Parsed with jsonc-parser (comments allowed), checked against a TypeBox schema built from the rules'
// metadata (published as schemas/config.schema.json); what does not fit is reported where it is and left out.
import * as path from 'path';
import picomatch from 'picomatch';
import { Type, type TObject, type TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import {
  findNodeAtLocation,
  getNodeValue,
  parseTree,
  printParseErrorCode,
  type Node,
  type ParseError,
} from 'jsonc-parser';
import type { Finding, Range, Rule, Severity } from '../core/types';
import type { ConfiguredProcess } from '../core/model';
import { FACTORS } from '../core/factors';
import { formatMessage } from '../core/messages';
import { LineIndex, toPosix } from '../util/text';
import { UNUSED_SUPPRESSION } from './suppress';
import { RE2JS } from 're2js';

export const CONFIG_FILES = ['twelve-factor.config.json', '.twelve-factorrc.json'] as const;

export type ConfigRuleSetting = Severity | 'off';

/** The engine's report on config files it could not use in full (no factor's, like unused-suppression). */
export const INVALID_CONFIG = {
  id: 'twelve-factor/invalid-config',
  severity: 'warning' as Severity,
  description: 'A twelve-factor config file, or a part of it, that is not valid and so is ignored.',
  why: 'A setting that is not read silently changes what is checked. Fix the value where it is marked; until then the rest of the file, and the defaults, apply.',
  messages: {
    malformed: 'Ignored {{file}}: it is not valid JSON ({{problem}}).',
    invalid: 'Ignored {{what}}: {{problem}}.',
    duplicate: 'Ignored {{file}}: {{other}} in the same folder is read instead.',
  },
};

const LEVELS = ['error', 'warning', 'info', 'hint', 'off'] as const;

function levelSchema() {
  return Type.Union(
    LEVELS.map((l) => Type.Literal(l)),
    { description: 'error, warning, info, hint, or off (the rule does not run)' },
  );
}

/** The JSON Schema of a config file, from the rules' metadata: rule ids, levels, each rule's options. */
export function configSchema(rules: readonly Rule[]): TObject {
  const level = levelSchema();
  const ruleProps: Record<string, TSchema> = {};
  // The engine's own reports can be set (or turned off) too.
  for (const id of [UNUSED_SUPPRESSION.id, INVALID_CONFIG.id])
    ruleProps[id] = Type.Union([level, Type.Tuple([level])], { description: 'A report of the engine itself.' });
  for (const r of rules) {
    const opts = r.meta.options;
    ruleProps[r.meta.id] = opts
      ? Type.Union([level, Type.Tuple([level]), Type.Tuple([level, Type.Partial(opts)])], {
          description: r.meta.description,
        })
      : Type.Union([level, Type.Tuple([level])], { description: r.meta.description });
  }
  const rulesSchema = Type.Object(
    Object.fromEntries(Object.entries(ruleProps).map(([k, v]) => [k, Type.Optional(v)])),
    { additionalProperties: false, description: 'Severity per rule id, "off", or ["severity", { options }].' },
  );
  const factors = Type.Object(
    Object.fromEntries(FACTORS.map((f) => [f.slug, Type.Optional(Type.Boolean({ description: f.name }))])),
    { additionalProperties: false, description: 'false turns off every rule of a factor.' },
  );
  const globs = Type.Array(Type.String({ minLength: 1 }));
  const ruleId = Type.Union(
    rules.map((r) => Type.Literal(r.meta.id)),
    { description: 'A rule id.' },
  );
  return Type.Object(
    {
      $schema: Type.Optional(Type.String()),
      rules: Type.Optional(rulesSchema),
      factors: Type.Optional(factors),
      ignores: Type.Optional(
        Type.Array(Type.String({ minLength: 1 }), {
          description:
            'Globs of paths not to scan, relative to this file\'s folder; "!glob" scans again what the default skip list (dist, build, vendor, …) leaves out.',
        }),
      ),
      overrides: Type.Optional(
        Type.Array(
          Type.Object(
            { files: globs, rules: Type.Optional(rulesSchema), factors: Type.Optional(factors) },
            { additionalProperties: false },
          ),
          { description: "Rules and factors for the files matching `files` (globs relative to this file's folder)." },
        ),
      ),
      allow: Type.Optional(
        Type.Object(
          {
            values: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { description: 'Texts never reported.' })),
            patterns: Type.Optional(
              Type.Array(Type.String({ minLength: 1 }), {
                description: 'Regular expressions (RE2 syntax: no lookaround or backreferences).',
              }),
            ),
          },
          {
            additionalProperties: false,
            description:
              'Values the secret rules do not report: a flagged text that contains a value or matches a pattern.',
          },
        ),
      ),
      processes: Type.Optional(
        Type.Record(
          Type.String({ pattern: '^[A-Za-z0-9_-]+$' }),
          Type.String({ minLength: 1, description: 'The command line, as in a Procfile.' }),
          {
            additionalProperties: false,
            description:
              'The processes of the project in this folder, as a Procfile declares them (`web`, `worker`, `release`, …): for when they cannot be inferred.',
          },
        ),
      ),
      suppressions: Type.Optional(
        Type.Array(
          Type.Object(
            {
              rule: ruleId,
              file: Type.String({ minLength: 1, description: "A path or glob relative to this file's folder." }),
              reason: Type.Optional(Type.String()),
            },
            { additionalProperties: false },
          ),
          { description: 'Findings silenced in files that take no comment (JSON, .nvmrc, lockfiles).' },
        ),
      ),
    },
    { additionalProperties: false, title: 'Twelve-Factor config' },
  );
}

/** The schema as published (schemas/config.schema.json): JSON Schema draft-07, the repeated parts as definitions. */
export function configSchemaJson(rules: readonly Rule[]): object {
  const schema = configSchema(rules);
  const rulesJson = JSON.stringify(schema.properties.rules);
  const level = JSON.stringify(levelSchema());
  const text = JSON.stringify(schema)
    .split(rulesJson)
    .join('{"$ref":"#/definitions/rules"}')
    .split(level)
    .join('{"$ref":"#/definitions/level"}');
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://github.com/twelve-factor-lint/twelve-factor/raw/HEAD/schemas/config.schema.json',
    ...(JSON.parse(text) as object),
    definitions: {
      level: JSON.parse(level) as object,
      rules: JSON.parse(rulesJson.split(level).join('{"$ref":"#/definitions/level"}')) as object,
    },
  };
}

/** Severities and options by rule id, and factors turned on or off: one layer of settings. */
interface Layer {
  rules: Record<string, ConfigRuleSetting>;
  options: Record<string, unknown>;
  factors: Record<string, boolean>;
}

export interface ConfigSuppression {
  rule: string;
  file: string;
  reason?: string;
  /** Where the entry is in its config file (unused entries are reported there). */
  range: Range;
  match: (relToConfig: string) => boolean;
}

/** One config file as read: its layers, and the problems found in it (reported as findings in it). */
export interface ConfigFile {
  path: string;
  /** The folder it applies to. */
  dir: string;
  /** The text it was read from (what the engine compares to know whether configs changed). */
  text: string;
  base: Layer;
  overrides: { match: (relToConfig: string) => boolean; layer: Layer }[];
  /** Ignore globs relative to the workspace root, `!` kept in front. */
  ignores: string[];
  allowValues: string[];
  /** Compiled with RE2 (re2js): linear time whatever the pattern, since a config file is workspace content too. */
  allowPatterns: { test: (s: string) => boolean }[];
  suppressions: ConfigSuppression[];
  /** `processes`: the project's process types and their command lines, as a Procfile declares them. */
  processes: ConfiguredProcess[];
  problems: Finding[];
}

function emptyLayer(): Layer {
  return { rules: {}, options: {}, factors: {} };
}

function layerOf(raw: { rules?: Record<string, unknown>; factors?: Record<string, boolean> } | undefined): Layer {
  const layer = emptyLayer();
  for (const [id, v] of Object.entries(raw?.rules ?? {})) {
    const [level, options] = Array.isArray(v) ? v : [v];
    layer.rules[id] = level as ConfigRuleSetting;
    if (options !== undefined) layer.options[id] = options;
  }
  Object.assign(layer.factors, raw?.factors ?? {});
  return layer;
}

function clip(s: string): string {
  return s.length > 80 ? `${s.slice(0, 80)}…` : s;
}

/** A JSON pointer (`/rules/a~1b`) as jsonc-parser's path. */
function pointerPath(pointer: string): (string | number)[] {
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** The part of the config an error drops: one rule, factor, override, suppression or allow entry, else the key. */
function droppedPath(p: (string | number)[]): (string | number)[] {
  if (p.length >= 2 && ['rules', 'factors', 'overrides', 'suppressions', 'ignores', 'processes'].includes(String(p[0])))
    return p.slice(0, 2);
  if (p.length >= 3 && p[0] === 'allow') return p.slice(0, 3);
  return p.slice(0, 1);
}

function describePath(p: (string | number)[]): string {
  if (p[0] === 'rules' && p.length >= 2) return `rule "${p[1]}"`;
  if (p[0] === 'factors' && p.length >= 2) return `factor "${p[1]}"`;
  if (p[0] === 'processes' && p.length >= 2) return `process "${p[1]}"`;
  return p.length ? p.map((s) => (typeof s === 'number' ? `[${s}]` : s)).join('.') : 'the file';
}

function deletePath(value: Record<string, unknown>, p: (string | number)[]): void {
  let o: unknown = value;
  for (const s of p.slice(0, -1)) o = (o as Record<string | number, unknown>)?.[s];
  if (!o || typeof o !== 'object') return;
  const last = p[p.length - 1];
  if (Array.isArray(o) && typeof last === 'number') o[last] = undefined;
  else delete (o as Record<string, unknown>)[last as string];
}

/**
 * Reads one config file's text: the parts that fit the schema become layers; each part that does not is left out
 * and reported at its place. `workspaceRoot` makes ignore globs workspace-relative.
 */
export function readConfigFile(
  file: string,
  text: string,
  workspaceRoot: string,
  schema: TObject,
  dir: string = path.dirname(file),
): ConfigFile {
  const lines = new LineIndex(text);
  const name = toPosix(path.relative(workspaceRoot, file)) || path.basename(file);
  const problems: Finding[] = [];
  const rangeOf = (offset: number, length: number): Range => ({
    start: lines.position(offset),
    end: lines.position(offset + Math.max(length, 1)),
  });
  const report = (
    messageId: keyof typeof INVALID_CONFIG.messages,
    data: Record<string, string>,
    range: Range,
  ): void => {
    problems.push({
      ruleId: INVALID_CONFIG.id,
      path: file,
      range,
      message: formatMessage(INVALID_CONFIG, { messageId, data }),
      messageId,
      severity: INVALID_CONFIG.severity,
    });
  };
  const out: ConfigFile = {
    path: file,
    dir,
    text,
    base: emptyLayer(),
    overrides: [],
    ignores: [],
    allowValues: [],
    allowPatterns: [],
    suppressions: [],
    processes: [],
    problems,
  };
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length || !tree) {
    const e = errors[0];
    report(
      'malformed',
      { file: name, problem: e ? printParseErrorCode(e.error) : 'empty' },
      rangeOf(e?.offset ?? 0, e?.length ?? 0),
    );
    return out;
  }
  const value = getNodeValue(tree) as Record<string, unknown>;
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    report('invalid', { what: 'the file', problem: 'expected an object' }, rangeOf(tree.offset, tree.length));
    return out;
  }
  const valid = (v: unknown): boolean => Value.Check(schema, v);
  // Drop each invalid part, then check again: an error in a dropped part is gone with it.
  for (let round = 0; round < 50 && !valid(value); round++) {
    const e = Value.Errors(schema, value).First();
    if (!e) break;
    const p = pointerPath(e.path);
    const drop = droppedPath(p);
    const node = findNodeAtLocation(tree, p) ?? findNodeAtLocation(tree, drop) ?? tree;
    // An unknown key is marked on its name.
    const unknownRule =
      (p[0] === 'rules' || p[2] === 'rules') &&
      typeof p.at(-1) === 'string' &&
      String(p.at(-1)).includes('/') &&
      !(String(p.at(-1)) in (schema.properties.rules as TObject).properties);
    const unknown = unknownRule || /unexpected property|additional/i.test(e.message);
    // An unknown key is marked on its name; a wrong value on the value.
    const at: Node = unknown && node.parent?.type === 'property' ? node.parent.children![0] : node;
    const problem = unknownRule
      ? 'no rule has this id'
      : unknown && p[0] === 'processes' && p.length === 2
        ? 'a process name is letters, digits, - and _, as in a Procfile'
        : unknown
          ? 'unknown setting'
          : (p[0] === 'rules' || p[2] === 'rules') && p.length === (p[0] === 'rules' ? 2 : 4)
            ? 'expected a severity, "off" or [severity, { options }]'
            : e.message.replace(/\.$/, '').toLowerCase();
    report('invalid', { what: describePath(drop), problem }, rangeOf(at.offset, at.length));
    if (!drop.length) return out;
    deletePath(value, drop);
    const list = value[drop[0] as string];
    if (drop.length === 2 && Array.isArray(list)) value[drop[0] as string] = list.filter((x) => x !== undefined);
  }
  if (!valid(value)) return out;
  const cfg = value as {
    rules?: Record<string, unknown>;
    factors?: Record<string, boolean>;
    ignores?: string[];
    overrides?: { files: string[]; rules?: Record<string, unknown>; factors?: Record<string, boolean> }[];
    allow?: { values?: string[]; patterns?: string[] };
    suppressions?: { rule: string; file: string; reason?: string }[];
    processes?: Record<string, string>;
  };
  out.base = layerOf(cfg);
  for (const o of cfg.overrides ?? [])
    out.overrides.push({ match: picomatch(o.files, { dot: true }), layer: layerOf(o) });
  const prefix = toPosix(path.relative(workspaceRoot, dir));
  for (const g of cfg.ignores ?? []) {
    const neg = g.startsWith('!');
    const body = (neg ? g.slice(1) : g).replace(/^\.?\//, '');
    out.ignores.push(`${neg ? '!' : ''}${prefix ? `${prefix}/` : ''}${body}`);
  }
  out.allowValues = cfg.allow?.values ?? [];
  (cfg.allow?.patterns ?? []).forEach((src, i) => {
    try {
      const re = RE2JS.compile(src);
      out.allowPatterns.push({ test: (text) => re.matcher(text).find() });
    } catch (e) {
      const node = findNodeAtLocation(tree, ['allow', 'patterns', i]) ?? tree;
      report(
        'invalid',
        { what: `allow.patterns[${i}]`, problem: clip(String((e as Error).message)) },
        rangeOf(node.offset, node.length),
      );
    }
  });
  for (const [name, command] of Object.entries(cfg.processes ?? {})) {
    const node = findNodeAtLocation(tree, ['processes', name]) ?? tree;
    out.processes.push({ name, command, file, range: rangeOf(node.offset, node.length) });
  }
  // Entries keep their place in the file (found again in the tree: dropped ones shifted the indices).
  const entries = findNodeAtLocation(tree, ['suppressions'])?.children ?? [];
  for (const node of entries) {
    const s = getNodeValue(node) as { rule?: unknown; file?: unknown; reason?: unknown };
    const kept = cfg.suppressions?.find((x) => x.rule === s?.rule && x.file === s?.file);
    if (!kept) continue;
    out.suppressions.push({
      ...kept,
      range: rangeOf(node.offset, node.length),
      match: picomatch(kept.file.replace(/^\.?\//, ''), { dot: true }),
    });
  }
  return out;
}

/** The settings a file gets from the config files above it, and from `extra` (the CLI's --config) on top. */
export interface ResolvedConfig {
  rules: Record<string, ConfigRuleSetting>;
  options: Record<string, unknown>;
}

function isInside(dir: string, p: string): boolean {
  return p === dir || p.startsWith(dir.endsWith(path.sep) ? dir : dir + path.sep);
}

/** Every config file of a workspace, and what each file of it gets from them. */
export class ConfigSet {
  /** Farther (shallower) first; the --config file, if any, last. */
  readonly files: readonly ConfigFile[];
  private readonly memo = new Map<string, ResolvedConfig>();

  constructor(
    files: readonly ConfigFile[],
    private readonly rules: readonly Rule[],
    private readonly extra?: ConfigFile,
  ) {
    this.files = [...[...files].sort((a, b) => a.dir.length - b.dir.length), ...(extra ? [extra] : [])];
  }

  /** The path of the --config file, if any. */
  get extraPath(): string | undefined {
    return this.extra?.path;
  }

  /** The config files that apply to `p`, farther first. */
  chain(p: string): ConfigFile[] {
    return this.files.filter((c) => c === this.extra || isInside(c.dir, p));
  }

  /** The nearest config file of `p` (not --config's), where a quick fix writes. */
  nearest(p: string): ConfigFile | undefined {
    return this.chain(p)
      .filter((c) => c !== this.extra)
      .at(-1);
  }

  resolve(p: string): ResolvedConfig {
    const hit = this.memo.get(p);
    if (hit) return hit;
    const out: ResolvedConfig = { rules: {}, options: {} };
    const apply = (layer: Layer) => {
      for (const [slug, on] of Object.entries(layer.factors))
        for (const r of this.rules)
          if (r.meta.factor === slug) {
            if (on) delete out.rules[r.meta.id];
            else out.rules[r.meta.id] = 'off';
          }
      Object.assign(out.rules, layer.rules);
      Object.assign(out.options, layer.options);
    };
    for (const c of this.chain(p)) {
      apply(c.base);
      const rel = toPosix(path.relative(c.dir, p));
      for (const o of c.overrides) if (o.match(rel)) apply(o.layer);
    }
    this.memo.set(p, out);
    return out;
  }

  get ignores(): string[] {
    return this.files.flatMap((c) => c.ignores);
  }

  /** Whether an allow value or pattern of the config files over `p` matches a secret rule's flagged text. */
  allowed(p: string, flagged: string): boolean {
    return this.chain(p).some(
      (c) => c.allowValues.some((v) => flagged.includes(v)) || c.allowPatterns.some((re) => re.test(flagged)),
    );
  }

  /** The entry of a `suppressions` list that silences `ruleId` in `p`, if any. */
  suppressionOf(p: string, ruleId: string): ConfigSuppression | undefined {
    for (const c of this.chain(p).reverse()) {
      const rel = toPosix(path.relative(c.dir, p));
      const hit = c.suppressions.find((s) => s.rule === ruleId && s.match(rel));
      if (hit) return hit;
    }
    return undefined;
  }

  get problems(): Finding[] {
    return this.files.flatMap((c) => c.problems);
  }

  /** A key that changes when anything the analyses depend on changes (which rules run where, with which options). */
  get key(): string {
    return JSON.stringify(this.files.map((c) => [c.path, c.text]));
  }
}
