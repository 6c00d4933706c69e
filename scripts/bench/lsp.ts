// The editor measurements: the shipped server (dist/server.js --stdio) driven over JSON-RPC by the tier-2 tests'
// client. The publishes are told apart by content (the server sends no document version): each edit puts a finding
// at a line where none was, so the publish that answers it is the first one with that finding.
import * as fs from 'fs';
import * as path from 'path';
import {
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  PublishDiagnosticsNotification,
  type Diagnostic,
  type Range,
} from 'vscode-languageserver-protocol/node';
import { SERVER, TestClient, uri } from '../../test/helpers/lspClient';
import { Methods } from '../../shared/protocol';
import { measured, measureFile, readMeasure } from './child';

/** Edits per series, per session: spaced edits, keys typed, facts-changing edits. */
export interface EditCounts {
  spaced: number;
  keys: number;
  facts: number;
}
export const EDITS: EditCounts = { spaced: 20, keys: 200, facts: 8 };
/** For the bench's own test: enough of each series to check that it runs. */
export const QUICK_EDITS: EditCounts = { spaced: 3, keys: 60, facts: 2 };
const KEY_INTERVAL_MS = 20;
/** A key-shaped string for the inserted findings (varied characters: a run of one letter reads as a placeholder). */
const KEY_BODY = 'Zx8q3N7vK2pL9wR4tY6b';
const EDIT_GAP_MS = 100;

export interface LspResult {
  /** Series that could not be measured (the others still are). */
  errors: string[];
  /** spawn → initialize answered. */
  startMs: number;
  /** didOpen (sent right after `initialized`) → first publishDiagnostics for that file. */
  firstDiagnosticsMs: number;
  /** `initialized` → the scan's idle status. */
  scanMs: number;
  /** didChange → publish of the file's own new finding, edits 100 ms apart after each answer. */
  spacedMs: number[];
  /** Last keystroke (20 ms apart) → the publish that shows the finished line. */
  typingLagMs: number;
  /** Publishes for the file while the keys were typed. */
  typingPublishes: number;
  /** didChange (an import added: the file's facts change) → publish of the project rule's finding on it. */
  factsMs: number[];
  rssMiB?: number;
  cpuMs?: number;
}

interface Publish {
  t: number;
  uri: string;
  diagnostics: Diagnostic[];
}

const now = () => Number(process.hrtime.bigint()) / 1e6;
const sleepUntil = (t: number) => new Promise((r) => setTimeout(r, Math.max(0, t - now())));

/** One LSP change turning `before` into `after`: the span between their common prefix and suffix. */
function changeBetween(before: string, after: string): { range: Range; text: string } {
  let p = 0;
  const max = Math.min(before.length, after.length);
  while (p < max && before.charCodeAt(p) === after.charCodeAt(p)) p++;
  let s = 0;
  while (s < max - p && before.charCodeAt(before.length - 1 - s) === after.charCodeAt(after.length - 1 - s)) s++;
  const pos = (offset: number) => {
    let line = 0;
    let start = 0;
    for (let i = before.indexOf('\n'); i >= 0 && i < offset; i = before.indexOf('\n', i + 1)) {
      line++;
      start = i + 1;
    }
    return { line, character: offset - start };
  };
  return { range: { start: pos(p), end: pos(before.length - s) }, text: after.slice(p, after.length - s) };
}

const insertAtLine = (text: string, line: number, insert: string) => {
  const lines = text.split('\n');
  lines.splice(line, 0, insert);
  return lines.join('\n');
};

export async function lspSession(
  root: string,
  targetRel: string,
  run: number,
  counts: EditCounts = EDITS,
  /** Add a hardcoded key to the opened buffer (for --dir, where the file may have no finding to publish). */
  seedFinding = false,
): Promise<LspResult> {
  const rssOut = measureFile();
  const m = measured([process.execPath, SERVER, '--stdio'], rssOut);
  const env = { ...process.env };
  Object.assign(process.env, m.env); // the hook's output file, for the /proc method (TestClient spawns with our env)
  const t0 = now();
  const client = new TestClient(root, m.cmd);
  for (const k of Object.keys(m.env)) if (env[k] === undefined) delete process.env[k];
  const target = path.join(root, targetRel);
  const targetUri = uri(target);
  const publishes: Publish[] = [];
  const waiters = new Set<() => void>();
  client.conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
    publishes.push({ t: now(), uri: p.uri, diagnostics: p.diagnostics });
    for (const w of waiters) w();
  });
  let idleAt: number | undefined;
  client.conn.onNotification(Methods.scanStatus, (s: { state: string }) => {
    if (s.state === 'idle' && idleAt === undefined) {
      idleAt = now();
      for (const w of waiters) w();
    }
  });
  /** Resolves with the first publish for the target, from index `from` on, that `pred` accepts. */
  /** The scan may take minutes on a big tree; an edit that gets no answer in 5 minutes never will. */
  const waitFor = (what: string, pred: (d: Diagnostic[]) => boolean, from: number, timeoutMs = 5 * 60 * 1000) =>
    new Promise<Publish>((resolve, reject) => {
      let i = from;
      const check = () => {
        for (; i < publishes.length; i++)
          if (publishes[i].uri === targetUri && pred(publishes[i].diagnostics)) {
            done();
            resolve(publishes[i]);
            return;
          }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`timed out waiting for ${what}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        waiters.delete(check);
      };
      waiters.add(check);
      check();
    });

  try {
    await client.initialize();
    const startMs = now() - t0;
    const disk = fs.readFileSync(target, 'utf8');
    const base = seedFinding ? `${disk}${disk.endsWith('\n') ? '' : '\n'}const openedKey = 'sk_live_${KEY_BODY}0000';\n` : disk;
    let text = base;
    let version = 1;
    const tOpen = now();
    await client.conn.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri: targetUri, languageId: 'typescript', version, text },
    });
    const first = await waitFor('the first diagnostics', () => true, 0, 60 * 60 * 1000);
    const firstDiagnosticsMs = first.t - tOpen;
    await new Promise<void>((resolve) => {
      const w = () => {
        if (idleAt === undefined) return;
        waiters.delete(w);
        resolve();
      };
      waiters.add(w);
      w();
    });
    const scanMs = idleAt! - tOpen;
    const last = () => [...publishes].reverse().find((p) => p.uri === targetUri)!;
    const baseKey = JSON.stringify(last().diagnostics);

    const edit = async (next: string) => {
      const change = changeBetween(text, next);
      text = next;
      const t = now();
      await client.conn.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri: targetUri, version: ++version },
        contentChanges: [change],
      });
      return t;
    };
    const revert = async () => {
      const from = publishes.length;
      await edit(base);
      await waitFor('the reverted diagnostics', (d) => JSON.stringify(d) === baseKey, from);
    };
    const hasSecretAt = (line: number, end?: number) => (d: Diagnostic[]) =>
      d.some(
        (x) =>
          x.code === 'config/hardcoded-secret' &&
          x.range.start.line === line &&
          (end === undefined || x.range.end.character === end),
      );

    // Lines that start a top-level statement at column 0: a new statement can go just before them (in a real file a
    // blank line may be inside a class or an object literal).
    const TOP = /^(export\s|const\s|let\s|var\s|(async\s+)?function[\s*]|class\s|interface\s|type\s|enum\s|module\.exports|router\.|app\.)/;
    const starts = base
      .split('\n')
      .map((l, i) => (i > 0 && TOP.test(l) ? i : -1))
      .filter((i) => i >= 0);
    if (!starts.length) throw new Error(`${targetRel} has no top-level statement to insert before`);
    const secretLine = (k: number) =>
      `const spacedKey${k} = 'sk_live_${KEY_BODY}${(run * 1000 + k).toString(36).padStart(4, '0')}';`;

    // Spaced edits: each puts the secret line somewhere else, so each changes the file's own findings.
    const spacedMs: number[] = [];
    // Where the finding ends, counted from the line's closing quote (the typed line's names differ in length).
    let endFromQuote: number | undefined;
    for (let k = 0; k < counts.spaced; k++) {
      const line = starts[Math.floor(((k * 7 + 3) / (counts.spaced * 7 + 3)) * starts.length)];
      const from = publishes.length;
      const t = await edit(insertAtLine(base, line, secretLine(k)));
      const p = await waitFor(`spaced edit ${k}`, hasSecretAt(line), from);
      spacedMs.push(p.t - t);
      endFromQuote ??=
        p.diagnostics.find((x) => x.range.start.line === line)!.range.end.character - secretLine(k).lastIndexOf("'");
      await sleepUntil(now() + EDIT_GAP_MS);
    }
    await revert();

    // Typing: a comment and a secret line, one key every 20 ms, from the end of the line before a top-level statement
    // (so the statement's own line break follows what is typed); the last key closes the string.
    const typedSecret = secretLine(99);
    const room = counts.keys - typedSecret.length - 11;
    const typed = room > 0 ? `\n// typed ${'x'.repeat(room)}\n${typedSecret}` : `\n${typedSecret}`;
    const at = starts[Math.floor(starts.length / 2)];
    const offset = base.split('\n').slice(0, at).join('\n').length;
    const typingFrom = publishes.length;
    const tStart = now();
    let tLastKey = tStart;
    for (let j = 1; j <= typed.length; j++) {
      await sleepUntil(tStart + j * KEY_INTERVAL_MS);
      tLastKey = await edit(base.slice(0, offset) + typed.slice(0, j) + base.slice(offset));
    }
    const secretRow = at - 1 + typed.split('\n').length - 1;
    const secretEnd = typedSecret.lastIndexOf("'") + endFromQuote!;
    const typedDone = await waitFor('the typed line', hasSecretAt(secretRow, secretEnd), typingFrom);
    const typingLagMs = typedDone.t - tLastKey;
    const typingPublishes = publishes.filter((p, i) => i >= typingFrom && p.t <= tLastKey && p.uri === targetUri).length;
    await revert();

    // Facts-changing edits: an import of an undeclared package, a different one each time. A folder where the rule
    // stays quiet (no package.json above the file, the rule turned off) leaves this series out, not the others.
    const factsMs: number[] = [];
    const errors: string[] = [];
    try {
      for (let k = 0; k < counts.facts; k++) {
        const name = `pad-lib-${run}-${k}`;
        const from = publishes.length;
        const t = await edit(`import padLib${k} from '${name}';\nexport const padded${k} = padLib${k}('x');\n${base}`);
        const p = await waitFor(
          `facts edit ${k} (a dependencies/undeclared-import finding)`,
          (d) => d.some((x) => x.code === 'dependencies/undeclared-import' && String(x.message).includes(`'${name}'`)),
          from,
          k ? undefined : 2 * 60 * 1000,
        );
        factsMs.push(p.t - t);
        await sleepUntil(now() + EDIT_GAP_MS);
      }
      await revert();
    } catch (e) {
      errors.push((e as Error).message);
    }
    await client.stop();
    return {
      errors,
      startMs,
      firstDiagnosticsMs,
      scanMs,
      spacedMs,
      typingLagMs,
      typingPublishes,
      factsMs,
      ...readMeasure(rssOut),
    };
  } catch (e) {
    client.proc.kill('SIGKILL');
    throw new Error(`${(e as Error).message}; server log: ${client.logs.slice(-5).join(' | ')}`, { cause: e });
  }
}
