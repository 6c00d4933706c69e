// uWSGI's ini configuration (`uwsgi --ini uwsgi.ini`, `uwsgi app.ini`): the options of its `[uwsgi]` section, each
// with where its value is, for the rules that read what a web server's config runs at start-up (`hook-pre-app =
// exec:./manage.py migrate`), supervises (`attach-daemon = celery worker`), or writes (`pidfile`, `daemonize`).
import type { Range } from '../util/types';

export interface UwsgiOption {
  key: string;
  value: string;
  /** 0-based line of the option. */
  line: number;
  /** The value's range (one line). */
  valueRange: Range;
  /** Inside an `if-env`/`if-exists`/… block: set only when the condition holds at start-up. */
  conditional: boolean;
}

/**
 * The options of an ini file's `[uwsgi]` section (or `section`, for `uwsgi --ini file.ini:name`), in order. Keys
 * repeat (`attach-daemon` once per daemon); `;` and `#` start comment lines; `if-*`/`endif` blocks are kept,
 * marked conditional. Never throws: a line it cannot read is skipped.
 */
export function parseUwsgiIni(text: string, section = 'uwsgi'): UwsgiOption[] {
  const out: UwsgiOption[] = [];
  let current: string | undefined;
  let depth = 0;
  const lines = text.split(/\r\n|\r|\n/);
  lines.forEach((raw, n) => {
    const line = raw.trim();
    if (!line || line.startsWith(';') || line.startsWith('#')) return;
    const head = /^\[([^\]]*)\]$/.exec(line);
    if (head) {
      current = head[1].trim();
      depth = 0;
      return;
    }
    if (current !== section) return;
    const eq = raw.indexOf('=');
    if (eq < 0) return;
    const key = raw.slice(0, eq).trim().toLowerCase();
    if (!/^[a-z0-9][a-z0-9_-]*$/.test(key)) return;
    if (key === 'endif' || key === 'end-if') {
      depth = Math.max(0, depth - 1);
      return;
    }
    if (/^if-/.test(key)) {
      depth++;
      return;
    }
    const after = raw.slice(eq + 1);
    const value = after.trim();
    const start = eq + 1 + (after.length - after.trimStart().length);
    out.push({
      key,
      value,
      line: n,
      valueRange: { start: { line: n, character: start }, end: { line: n, character: start + value.length } },
      conditional: depth > 0,
    });
  });
  return out;
}

/**
 * Options whose value is a command run once as uWSGI starts: `exec-*` hooks take the command, `hook-*` hooks an
 * `action:args` pair of which only `exec:` runs a command.
 */
const EXEC_OPTIONS =
  /^(exec-(asap|pre-jail|post-jail|in-jail|as-root|as-user|as-user-atexit|pre-app|post-app|as-vassal|as-emperor))$/;
const HOOK_OPTIONS =
  /^(hook-(asap|pre-jail|post-jail|in-jail|as-root|as-user|pre-app|post-app|accepting|accepting1|accepting-once|accepting1-once|as-vassal|as-emperor))$/;

/** The command an option runs at start-up (`hook-pre-app = exec:./manage.py migrate` → `./manage.py migrate`). */
export function uwsgiStartCommand(o: UwsgiOption): { command: string; offset: number } | undefined {
  if (EXEC_OPTIONS.test(o.key)) return o.value ? { command: o.value, offset: 0 } : undefined;
  if (HOOK_OPTIONS.test(o.key)) {
    const m = /^exec:\s*/.exec(o.value);
    return m && o.value.length > m[0].length ? { command: o.value.slice(m[0].length), offset: m[0].length } : undefined;
  }
  return undefined;
}

/** Options that run a process uWSGI's master keeps alive beside the app (it restarts it when it dies). */
export const UWSGI_DAEMON_OPTIONS =
  /^(attach-daemon|attach-daemon2|smart-attach-daemon|smart-attach-daemon2|attach-control-daemon|legion-attach-daemon|legion-smart-attach-daemon)$/;

/** The ini file a uWSGI command line loads: `--ini file`, `--ini=file`, or a bare `file.ini` (uWSGI's magic). */
export function uwsgiIniOf(args: readonly string[]): { file: string; section?: string } | undefined {
  let word: string | undefined;
  for (let i = 0; i < args.length && word === undefined; i++) {
    const a = args[i];
    if (a === '--ini') word = args[i + 1];
    else if (a.startsWith('--ini=')) word = a.slice(6);
    else if (!a.startsWith('-') && /\.ini(:[\w-]+)?$/.test(a)) word = a;
  }
  if (!word || /[$`]/.test(word)) return undefined;
  const m = /^(.*\.ini)(?::([\w-]+))?$/.exec(word);
  return m ? { file: m[1], section: m[2] } : undefined;
}
