// The engine's per-file analyses (facts and findings of each JS/TS or Python file) kept on disk between runs (the
// CLI's `--cache`, the language server's storage folder), so an unchanged file is not parsed again. One JSON file per
// scanned folder: a header line (format, tool version, build,
// checksum of the rest), then the entries by workspace-relative path, each with the key the engine computed (content
// hash, running rules and options, fact versions) and the analysis without its paths, so a moved checkout still hits.
import * as fs from 'fs';
import * as path from 'path';
import type { AnalysisCache, SourceAnalysis } from './analyze';
import type { Logger } from '../core/types';
import { redactText, safeErrorMessage } from '../util/redact';
import { hashText, toPosix } from '../util/text';
import { VERSION } from '../../../shared/version';

/** Bumped when the file's layout changes: a file of another format is ignored and rewritten. */
const FORMAT = 1;
const TOOL = 'twelve-factor analysis cache';
export const CACHE_FILE = 'analyses.json';

/** A folder's own subfolder of a shared cache folder: its name and a hash of its absolute path (`api-3f9c0a1b`). */
export function cacheSubfolder(dir: string): string {
  const abs = path.resolve(dir);
  return `${path.basename(abs).replace(/[^\w.-]/g, '_') || 'root'}-${hashText(abs).slice(0, 8)}`;
}

/** `node_modules/.cache/twelve-factor` under the scanned folder, where build tools keep their caches. */
export function defaultCacheDir(root: string): string {
  return path.join(root, 'node_modules', '.cache', 'twelve-factor');
}

interface Header {
  tool: string;
  format: number;
  version: string;
  build: string;
  checksum: string;
}

/** An analysis as stored: no `path` (the entry's name gives it), findings likewise. */
type Stored = Omit<SourceAnalysis, 'path' | 'findings'> & {
  findings: Omit<SourceAnalysis['findings'][number], 'path'>[];
};

interface Entry {
  key: string;
  analysis: Stored;
}

export interface CacheStats {
  hits: number;
  /** Analyses made this run and stored. */
  stored: number;
  /** Analyses made this run and not stored: they hold a secret-looking string or something JSON cannot keep. */
  declined: number;
}

export class FileAnalysisCache implements AnalysisCache {
  readonly file: string;
  private entries = new Map<string, Entry>();
  /** Entries looked up or stored this run; the others (files deleted or renamed) are dropped on save. */
  private readonly used = new Set<string>();
  private dirty = false;
  readonly stats: CacheStats = { hits: 0, stored: 0, declined: 0 };

  /** `build` tells apart builds of one version (a rebuilt bundle may analyse differently). */
  constructor(
    dir: string,
    private readonly root: string,
    private readonly build: string,
    private readonly logger: Logger,
  ) {
    this.file = path.join(dir, CACHE_FILE);
  }

  /** Reads the file; anything wrong with it (missing aside) is logged and the cache starts empty, to be rewritten. */
  load(): void {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch (e) {
      this.dirty = true;
      if ((e as NodeJS.ErrnoException)?.code !== 'ENOENT')
        this.logger.info(`Ignored the cache ${this.file}: ${safeErrorMessage(e)}; it will be rewritten.`);
      return;
    }
    const problem = this.parse(text);
    if (problem) {
      this.dirty = true;
      this.entries.clear();
      this.logger.info(`Ignored the cache ${this.file}: ${problem}; it will be rewritten.`);
    }
  }

  private parse(text: string): string | undefined {
    const nl = text.indexOf('\n');
    let header: Partial<Header>;
    try {
      header = JSON.parse(nl < 0 ? text : text.slice(0, nl)) as Partial<Header>;
    } catch {
      return 'not a cache file (no header)';
    }
    if (!header || typeof header !== 'object' || header.tool !== TOOL) return 'not a cache file of this tool';
    if (header.format !== FORMAT) return `of another format (${String(header.format)})`;
    if (header.version !== VERSION || header.build !== this.build)
      return `written by another version or build (${String(header.version)})`;
    const body = nl < 0 ? '' : text.slice(nl + 1);
    if (header.checksum !== hashText(body)) return 'corrupt or truncated (checksum mismatch)';
    let entries: unknown;
    try {
      entries = JSON.parse(body);
    } catch {
      return 'corrupt (invalid JSON)';
    }
    if (!entries || typeof entries !== 'object' || Array.isArray(entries)) return 'corrupt (no entries)';
    for (const [rel, e] of Object.entries(entries as Record<string, unknown>))
      if (isEntry(e)) this.entries.set(rel, e);
      else this.dirty = true;
    return undefined;
  }

  private relOf(p: string): string {
    return toPosix(path.relative(this.root, p));
  }

  get(p: string, key: string): SourceAnalysis | undefined {
    const rel = this.relOf(p);
    const e = this.entries.get(rel);
    if (!e || e.key !== key) return undefined;
    this.used.add(rel);
    this.stats.hits++;
    const a = e.analysis;
    // Fresh objects per hit: the engine keeps what it is given.
    return structuredClone({ ...a, path: p, findings: a.findings.map((f) => ({ ...f, path: p })) });
  }

  set(p: string, key: string, analysis: SourceAnalysis): void {
    const rel = this.relOf(p);
    this.used.add(rel);
    this.dirty = true;
    const stored: Stored = { ...analysis, findings: analysis.findings.map(({ path: _p, ...f }) => f) };
    delete (stored as Partial<SourceAnalysis>).path;
    if (!this.storable(stored)) {
      this.entries.delete(rel);
      this.stats.declined++;
      return;
    }
    this.entries.set(rel, { key, analysis: stored });
    this.stats.stored++;
  }

  /**
   * Whether an analysis may go to disk and come back the same. Findings' messages and fix data are redacted when
   * presented, not in the analysis, so a file whose analysis holds a string redaction would change (a credential)
   * is not stored, nor one holding an absolute path (the cache stays valid for a moved checkout) or a value JSON
   * would alter (a Map, `undefined` in an array, NaN).
   */
  private storable(stored: Stored): boolean {
    const root = this.root;
    let ok = true;
    try {
      JSON.stringify(stored, function (this: unknown, _k, v: unknown) {
        if (!ok) return undefined;
        if (typeof v === 'string') {
          if (v.includes(root) || redactText(v) !== v) ok = false;
        } else if (v === undefined) {
          if (Array.isArray(this)) ok = false;
        } else if (typeof v === 'number') {
          if (!Number.isFinite(v)) ok = false;
        } else if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
          const proto = Object.getPrototypeOf(v) as unknown;
          if (proto !== Object.prototype && proto !== null) ok = false;
        } else if (typeof v === 'function' || typeof v === 'symbol') ok = false;
        return v;
      });
    } catch {
      return false; // a BigInt or a cycle
    }
    return ok;
  }

  /**
   * Writes the cache when anything changed: entries of this run only (so it never outgrows the folder), to a temp
   * file renamed over the old one (a reader sees the old file or the new, never half of one). Returns the error.
   */
  save(): string | undefined {
    for (const rel of [...this.entries.keys()])
      if (!this.used.has(rel)) {
        this.entries.delete(rel);
        this.dirty = true;
      }
    if (!this.dirty) return undefined;
    const body = JSON.stringify(Object.fromEntries([...this.entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
    const header: Header = {
      tool: TOOL,
      format: FORMAT,
      version: VERSION,
      build: this.build,
      checksum: hashText(body),
    };
    const tmp = `${this.file}.${process.pid}.${Date.now()}.tmp`;
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      fs.writeFileSync(tmp, `${JSON.stringify(header)}\n${body}`);
      fs.renameSync(tmp, this.file);
      this.dirty = false;
      return undefined;
    } catch (e) {
      try {
        fs.rmSync(tmp, { force: true });
      } catch {
        /* nothing was written */
      }
      return safeErrorMessage(e);
    }
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const isPos = (v: unknown) => isObject(v) && typeof v.line === 'number' && typeof v.character === 'number';
const isRange = (v: unknown) => isObject(v) && isPos(v.start) && isPos(v.end);
const SEVERITIES = new Set(['error', 'warning', 'info', 'hint']);

/**
 * The shape the engine and the process model rely on, so an entry that passes the checksum but was written by hand
 * cannot crash the scan (typed fact values are only the rules' and extractors' own, each read inside a rule's guard).
 */
function isEntry(e: unknown): e is Entry {
  if (!isObject(e) || typeof e.key !== 'string' || !isObject(e.analysis)) return false;
  const a = e.analysis;
  const f = a.facts;
  return (
    typeof a.hash === 'string' &&
    typeof a.parsed === 'boolean' &&
    typeof a.syntaxErrors === 'number' &&
    a.ruleFailures === 0 &&
    (a.skipped === undefined || typeof a.skipped === 'string') &&
    Array.isArray(a.findings) &&
    a.findings.every(
      (x) =>
        isObject(x) &&
        typeof x.ruleId === 'string' &&
        typeof x.message === 'string' &&
        typeof x.messageId === 'string' &&
        SEVERITIES.has(x.severity as string) &&
        isRange(x.range) &&
        (x.data === undefined || isObject(x.data)),
    ) &&
    isObject(f) &&
    Array.isArray(f.imports) &&
    f.imports.every(
      (i) =>
        isObject(i) &&
        typeof i.specifier === 'string' &&
        isRange(i.range) &&
        typeof i.typeOnly === 'boolean' &&
        typeof i.kind === 'string' &&
        (i.names === undefined || (Array.isArray(i.names) && i.names.every((n) => typeof n === 'string'))) &&
        (i.optional === undefined || i.optional === true),
    ) &&
    Array.isArray(f.envReads) &&
    f.envReads.every(
      (r) => isObject(r) && typeof r.name === 'string' && isRange(r.range) && typeof r.hasDefault === 'boolean',
    ) &&
    Array.isArray(f.ambientModules) &&
    f.ambientModules.every((m) => typeof m === 'string') &&
    isObject(f.values)
  );
}

/** What tells one build of the CLI from another of the same version: its bundle's size and time. */
export function buildId(file: string): string {
  try {
    const st = fs.statSync(file);
    return `${st.size}.${Math.floor(st.mtimeMs)}`;
  } catch {
    return 'unknown';
  }
}
