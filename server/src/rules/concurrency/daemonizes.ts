// concurrency/daemonizes: processes that put themselves in the background instead of staying in the foreground
// for the platform's process manager (pm2 start, forever start, `cmd &`, detached children, daemon packages).
import { defineRule, type Finding, type Fix, type FixContext, type ProjectContext } from '../../core/types';
import { runsServerOrWorker } from '../../detect/appCode';
import {
  allCommands,
  isBackgrounded,
  parseShell,
  shellQuote,
  type ShellCommand,
  type ShellWord,
} from '../../platform/shell';
import {
  currentSite,
  describe,
  runtimeSites,
  uwsgiConfigs,
  type CommandSite,
  type SiteRef,
} from '../../model/startSites';
import { argvOf } from '../../platform/command';
import { pySubcommands, pythonInvocation } from '../../platform/pyCommand';
import { lookupTable } from '../../util/table';
import { rewriteSite } from '../../fixes/startCommand';
import { excerpt } from '../../util/redact';
import { PROCESS_MODEL_INPUTS } from '../../model/processes';
import { daemonizesJs } from '../../lang/js/checks/concurrency/daemonizes';

const RULE_ID = 'concurrency/daemonizes';
/** `message` is a clause: a site's problems are joined into one sentence. */
interface Problem {
  message: string;
  fixable: boolean;
  preferred: boolean;
}
interface Analysis {
  problems: Problem[];
  fixed?: string | string[];
}

/** What in a command line daemonizes, and the command line with every fixable part fixed. */
export function analyseSite(site: CommandSite): Analysis {
  const problems: Problem[] = [];
  // An exec form that runs no shell is one command, its words the arguments: nothing in it is a `&` operator.
  const argvOnly = !!site.exec && site.exec.body === undefined;
  const list = parseShell(site.command);
  // Offset edits on the command line (or word edits on an exec form), applied right to left.
  const edits: { start: number; end: number; text: string }[] = [];
  list.forEach((c, k) => {
    const args = c.args;
    if (c.program === 'pm2' && args[0] === 'start' && !args.includes('--no-daemon')) {
      problems.push({
        message: '`pm2 start` hands the app to a background pm2 daemon',
        fixable: true,
        preferred: false,
      });
      const w = c.programWord!;
      edits.push({ start: w.start, end: w.end, text: w.text.replace(/pm2$/, 'pm2-runtime') });
    } else if (pythonDaemon(c)) {
      const d = pythonDaemon(c)!;
      problems.push({ message: d.message, fixable: d.remove.length > 0, preferred: true });
      for (const w of d.remove) {
        // The word and the blank before it.
        let start = w.start;
        while (start > 0 && /\s/.test(site.command[start - 1])) start--;
        edits.push({ start: argvOnly ? w.start : start, end: w.end, text: '' });
      }
    } else if (c.program === 'forever' && args[0] === 'start') {
      problems.push({ message: '`forever start` puts the app in the background', fixable: true, preferred: true });
      const idx = c.words.indexOf(c.programWord!);
      const w = c.words[idx + 1];
      const next = c.words[idx + 2];
      if (w) edits.push({ start: w.start, end: next ? next.start : w.end, text: '' });
    }
    if (!argvOnly && isBackgrounded(site.command, list, k)) {
      const last = k === list.length - 1;
      const nohup = c.words.find((w) => w.text === 'nohup');
      const shown = `\`${excerpt(c.text, 36, 33)} &\``;
      if (last) {
        problems.push({ message: `${shown} puts the app in the background`, fixable: true, preferred: true });
        const amp = site.command.lastIndexOf('&');
        let start = amp;
        while (start > 0 && /\s/.test(site.command[start - 1])) start--;
        edits.push({ start, end: amp + 1, text: '' });
        if (nohup) {
          const after = c.words[c.words.indexOf(nohup) + 1];
          edits.push({ start: nohup.start, end: after ? after.start : nohup.end, text: '' });
        }
      } else {
        problems.push({
          message: `${shown} starts an unsupervised background process`,
          fixable: false,
          preferred: false,
        });
      }
    }
  });
  // `sh -c '… &'` bodies: reported, not rewritten.
  for (const c of allCommands(list).filter((x) => !list.includes(x))) {
    if (
      (c.program === 'pm2' && c.args[0] === 'start' && !c.args.includes('--no-daemon')) ||
      (c.program === 'forever' && c.args[0] === 'start')
    ) {
      problems.push({
        message: `\`${c.program} start\` puts the app in the background`,
        fixable: false,
        preferred: false,
      });
    }
    const d = pythonDaemon(c);
    if (d) problems.push({ message: d.message, fixable: false, preferred: false });
  }
  if (!problems.length || problems.some((p) => !p.fixable) || !edits.length) return { problems };
  edits.sort((a, b) => b.start - a.start);
  if (argvOnly) {
    // Exec form: word edits map onto the words' positions in the line they were quoted into.
    const words = [...site.exec!.argv];
    const starts = list[0].words.map((w) => w.start);
    for (const e of edits) {
      const i = starts.indexOf(e.start);
      if (i < 0) return { problems };
      if (e.text) words[i] = e.text;
      else words.splice(i, 1);
    }
    return { problems, fixed: words };
  }
  let fixed = site.command;
  for (const e of edits) fixed = fixed.slice(0, e.start) + e.text + fixed.slice(e.end);
  return { problems, fixed: fixed.trim() };
}

/** Flags of Python servers and workers that detach them: gunicorn `--daemon`/`-D`, Celery `--detach`, uWSGI `--daemonize`. */
const DAEMON_FLAGS: Record<string, RegExp> = lookupTable({
  gunicorn: /^(-D|--daemon)$/,
  celery: /^--detach$/,
  uwsgi: /^(-d|--daemonize|--daemonize2)(=|$)/,
});

/**
 * A Python server or worker told to daemonize, with the words a fix removes (none when the flag takes a value it
 * would leave behind, or for `celery multi start`, which has no foreground form).
 */
function pythonDaemon(c: ShellCommand): { message: string; remove: ShellWord[] } | undefined {
  const inv = pythonInvocation(argvOf(c));
  if (!inv) return undefined;
  if (inv.tool === 'celery' && pySubcommands(inv)[0] === 'multi' && pySubcommands(inv)[1] !== 'stop')
    return { message: '`celery multi` starts the workers in the background', remove: [] };
  const flag = DAEMON_FLAGS[inv.tool];
  const arg = flag && inv.args.find((a) => flag.test(a));
  if (!arg) return undefined;
  const name = arg.split('=')[0];
  const word = c.words.find((w) => w.text === arg);
  const takesValue = inv.tool === 'uwsgi';
  return {
    message: `\`${name}\` puts ${inv.tool} in the background`,
    remove: word && !takesValue ? [word] : [],
  };
}

/** uWSGI's ini options that daemonize it. */
const UWSGI_DAEMONIZE = /^daemonize2?$/;

function checkProject(ctx: ProjectContext): void {
  for (const config of uwsgiConfigs(ctx.project, ctx.workspace.root, ctx.read)) {
    for (const o of config.options) {
      if (!UWSGI_DAEMONIZE.test(o.key) || o.conditional || !o.value || /^(false|0|no|off)$/i.test(o.value)) continue;
      ctx.report(config.path, o.valueRange, { messageId: 'uwsgi', data: { option: o.key, by: config.runBy } });
    }
  }
  for (const site of runtimeSites(ctx.project, ctx.workspace.root, ctx.read)) {
    const { problems } = analyseSite(site);
    if (!problems.length) continue;
    const text = problems.map((p) => p.message).join('; ');
    const where = describe(site);
    const ref: SiteRef = { kind: site.kind, path: site.path, key: site.key, runBy: site.runBy };
    ctx.report(
      site.path,
      site.range,
      { messageId: 'site', data: { where: `${where[0].toUpperCase()}${where.slice(1)}`, problems: text } },
      {
        data: { kind: 'site', site: ref, preferred: problems.every((p) => p.preferred) },
      },
    );
  }
}

function fixes(finding: Finding, ctx: FixContext): Fix[] {
  const data = finding.data as { kind?: string; preferred?: boolean } | undefined;
  if (data?.kind !== 'site') return [];
  const found = currentSite(finding, ctx.read);
  if (!found) return [];
  const { site, text } = found;
  const { fixed } = analyseSite(site);
  if (fixed === undefined) return [];
  const edit = rewriteSite(site, text, fixed);
  if (!edit) return [];
  const shown = Array.isArray(fixed) ? fixed.map(shellQuote).join(' ') : fixed;
  return [{ title: `Run in the foreground: ${excerpt(shown, 60, 57)}`, preferred: !!data.preferred, edits: [edit] }];
}

export const daemonizes = defineRule({
  meta: {
    id: RULE_ID,
    inputs: [...PROCESS_MODEL_INPUTS],
    factor: 'concurrency',
    severity: 'warning',
    description:
      'A process that daemonizes (pm2 start, forever start, a trailing &, detached+unref children, daemon packages) instead of running in the foreground.',
    why: 'Processes run in the foreground and the platform (Procfile, container, systemd) supervises, restarts and scales them (factor VIII); a daemonized app escapes that, and a container whose command returns exits at once. Run it in the foreground (`pm2-runtime`, `forever <script>` or plain `node`), and give each extra process a process type of its own.',
    fixable: true,
    messages: {
      site: '{{where}} daemonizes: {{problems}}.',
      uwsgi: 'The uWSGI config that {{by}} loads puts uWSGI in the background ({{option}}).',
      detached:
        "This child is started with `detached: true` and then `unref()`'d, so it outlives this process unsupervised.",
      package: "{{package}} puts this process in the background, away from the platform's process manager.",
    },
  },
  sources: [daemonizesJs],
  checkProject,
  appliesTo: (ctx: ProjectContext) => runsServerOrWorker(ctx),
  fixes,
});
