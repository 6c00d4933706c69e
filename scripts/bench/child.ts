// Runs one measured child process: wall time from spawn to exit, and its CPU time and peak RSS, read by GNU time
// (`/usr/bin/time -v`, which reads the kernel's rusage at exit) when present, or else by a preloaded hook that reads
// VmHWM from /proc/self/status as the process exits (Node children only).
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';

export interface ChildResult {
  wallMs: number;
  cpuMs?: number;
  rssMiB?: number;
  code: number | null;
  stdout: string;
  stderr: string;
}

const TIME = '/usr/bin/time';
const HOOK = pathToFileURL(path.join(__dirname, 'rss-hook.mjs')).href;

let method: 'time' | 'proc' | undefined;

/** How peak RSS is read on this machine, for the report. */
export function rssMethod(): 'time' | 'proc' {
  if (method) return method;
  const r = fs.existsSync(TIME) ? spawnSync(TIME, ['-v', 'true'], { encoding: 'utf8' }) : undefined;
  method = r && /Maximum resident set size/.test(r.stderr ?? '') ? 'time' : 'proc';
  return method;
}

export const RSS_METHODS = {
  time: 'GNU time (/usr/bin/time -v: maximum resident set size, from the kernel at exit)',
  proc: 'VmHWM from /proc/<pid>/status, read by a preloaded hook as the process exits',
};

/**
 * The command wrapped so its peak RSS and CPU land in `out`. `cmd[0]` must be a node binary for the /proc method
 * (the hook is preloaded with --import).
 */
export function measured(cmd: string[], out: string): { cmd: string[]; env: NodeJS.ProcessEnv } {
  if (rssMethod() === 'time') return { cmd: [TIME, '-v', '-o', out, ...cmd], env: {} };
  return { cmd: [cmd[0], '--import', HOOK, ...cmd.slice(1)], env: { TF_BENCH_RSS_OUT: out } };
}

/** Peak RSS (MiB) and CPU (ms) from what `measured` wrote, once the process has exited. */
export function readMeasure(out: string): { rssMiB?: number; cpuMs?: number } {
  let text = '';
  try {
    text = fs.readFileSync(out, 'utf8');
  } catch {
    return {};
  }
  fs.rmSync(out, { force: true });
  const num = (re: RegExp) => {
    const m = re.exec(text);
    return m ? Number(m[1]) : undefined;
  };
  if (rssMethod() === 'time') {
    const kb = num(/Maximum resident set size \(kbytes\): (\d+)/);
    const user = num(/User time \(seconds\): ([\d.]+)/);
    const sys = num(/System time \(seconds\): ([\d.]+)/);
    return {
      rssMiB: kb === undefined ? undefined : kb / 1024,
      cpuMs: user === undefined || sys === undefined ? undefined : (user + sys) * 1000,
    };
  }
  const kb = num(/VmHWM:\s*(\d+)/);
  const cpu = num(/cpuMs: ([\d.]+)/);
  return { rssMiB: kb === undefined ? undefined : kb / 1024, cpuMs: cpu };
}

let seq = 0;
export const measureFile = () => path.join(os.tmpdir(), `tf-bench-rss-${process.pid}-${seq++}.txt`);

/** Runs `cmd` to completion (stdout and stderr collected) and measures it. */
export function runChild(
  cmd: string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<ChildResult> {
  const out = measureFile();
  const m = measured(cmd, out);
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(m.cmd[0], m.cmd.slice(1), {
      cwd: opts.cwd,
      env: { ...process.env, ...opts.env, ...m.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => stdout.push(d));
    child.stderr.on('data', (d: Buffer) => stderr.push(d));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 30 * 60 * 1000);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
      resolve({
        wallMs,
        code,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
        ...readMeasure(out),
      });
    });
  });
}
