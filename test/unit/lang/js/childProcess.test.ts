// lang/js/childProcess.ts: calls that run another program, bound to child_process, execa, zx or Bun.
import * as assert from 'assert';
import {
  DYNAMIC,
  fullCommandLine,
  processCalls,
  PROCESS_TRIGGER,
  programsRun,
  wrapperProcessCalls,
} from '../../../../server/src/lang/js/childProcess';
import { parse } from '../../../helpers/ast';

/** Each call as "mode: full command line (or the known part…) → programs run". */
function calls(code: string): string[] {
  const p = parse(code);
  return processCalls(p.sf, p.idx).map(
    (c) => `${c.mode}: ${fullCommandLine(c) ?? `${c.command ?? c.program}…`} → ${programsRun(c).join(',')}`,
  );
}
function wrapped(code: string): string[] {
  const p = parse(code);
  return wrapperProcessCalls(p.sf, p.idx).map(
    (c) => `${c.mode}: ${c.command ?? c.program}${c.complete ? '' : '…'} → ${programsRun(c).join(',')}`,
  );
}

describe('lang/js/childProcess', () => {
  it('reads child_process shell calls through named, renamed, namespace and require bindings', () => {
    assert.deepStrictEqual(calls(`import { exec } from 'child_process'; exec('git pull && npm ci')`), [
      'shell: git pull && npm ci → git,npm',
    ]);
    assert.deepStrictEqual(calls(`import { execSync as run } from 'node:child_process'; run('ls -la')`), [
      'shell: ls -la → ls',
    ]);
    assert.deepStrictEqual(calls(`const exec = require('child_process').exec; exec('whoami')`), [
      'shell: whoami → whoami',
    ]);
    assert.deepStrictEqual(
      calls(
        `import { promisify } from 'util'; import { exec } from 'child_process'; const run = promisify(exec); run('pg_dump db')`,
      ),
      ['shell: pg_dump db → pg_dump'],
    );
  });

  it('reads a call on an inline require of child_process, with no other binding in the file', () => {
    assert.deepStrictEqual(calls(`require('child_process').execSync('whoami')`), ['shell: whoami → whoami']);
    assert.deepStrictEqual(calls(`require('node:child_process').spawn('ffmpeg', ['-i', 'a'])`), [
      'file: ffmpeg -i a → ffmpeg',
    ]);
  });

  it('reads file-mode calls with literal argument lists, quoting arguments in the full command line', () => {
    assert.deepStrictEqual(
      calls(`import * as cp from 'child_process'; cp.spawn('ffmpeg', ['-i', 'a.mp4', 'b.webm'])`),
      ['file: ffmpeg -i a.mp4 b.webm → ffmpeg'],
    );
    assert.deepStrictEqual(
      calls(
        `const { spawnSync } = require('child_process'); spawnSync('git', ['clone', 'https://x/y z'], { stdio: 'inherit' })`,
      ),
      ["file: git clone 'https://x/y z' → git"],
    );
    assert.deepStrictEqual(
      calls(
        `import util from 'util'; import cp from 'child_process'; const run = util.promisify(cp.execFile); run('pg_dump', ['db'])`,
      ),
      ['file: pg_dump db → pg_dump'],
    );
  });

  it('marks calls with arguments not known statically as incomplete, but still knows the program', () => {
    assert.deepStrictEqual(calls(`const cp = require('child_process'); cp.execFile('convert', ['a.png', file])`), [
      'file: convert… → convert',
    ]);
    assert.deepStrictEqual(calls(`import { spawn } from 'child_process'; spawn('convert', args)`), [
      'file: convert… → convert',
    ]);
    assert.deepStrictEqual(calls(`import { spawn } from 'child_process'; spawn('convert', [...args])`), [
      'file: convert… → convert',
    ]);
    assert.deepStrictEqual(calls(`import { spawn } from 'child_process'; spawn(cmd)`), []);
  });

  it('keeps the literal head and a template of `${…}` command lines; a program counts only when its name is complete', () => {
    const p = parse(
      "import { exec } from 'child_process'; exec(`convert ${a} out.png`); exec(`ffmpeg${x}`); exec(`${cmd} --version`)",
    );
    const [a, b, c] = processCalls(p.sf, p.idx);
    assert.deepStrictEqual(
      [a.command, a.complete, a.template, programsRun(a)],
      ['convert ', false, `convert ${DYNAMIC} out.png`, ['convert']],
    );
    assert.deepStrictEqual([programsRun(b), programsRun(c), fullCommandLine(a)], [[], [], undefined]);
  });

  it('reads spawn with shell: true as a command line, and shell: false as a program', () => {
    assert.deepStrictEqual(
      calls(`import { spawn } from 'child_process'; spawn('convert a.png b.jpg', { shell: true })`),
      ['shell: convert a.png b.jpg → convert'],
    );
    assert.deepStrictEqual(calls(`import { spawn } from 'child_process'; spawn('convert', ['a'], { shell: false })`), [
      'file: convert a → convert',
    ]);
  });

  it('reads sh -c bodies, whatever the shell path and combined flags', () => {
    assert.deepStrictEqual(
      calls(`import { spawn } from 'child_process'; spawn('sh', ['-c', 'ffmpeg -i a b && gs x'])`),
      ["file: sh -c 'ffmpeg -i a b && gs x' → sh,ffmpeg,gs"],
    );
    assert.deepStrictEqual(calls(`import { spawn } from 'child_process'; spawn('/usr/bin/bash', ['-lc', 'psql'])`), [
      'file: /usr/bin/bash -lc psql → bash,psql',
    ]);
  });

  it("reads execa (file and command forms, including execa ≤ 5's execa.sync), zx and Bun", () => {
    assert.deepStrictEqual(calls(`import { execa } from 'execa'; execa('ffmpeg', ['-i', 'x'])`), [
      'file: ffmpeg -i x → ffmpeg',
    ]);
    assert.deepStrictEqual(calls(`import execa from 'execa'; execa.sync('git', ['pull'])`), ['file: git pull → git']);
    assert.deepStrictEqual(
      calls(`const execa = require('execa'); execa.sync('git', ['pull']); execa.command('npm ci')`),
      ['file: git pull → git', 'shell: npm ci → npm'],
    );
    assert.deepStrictEqual(calls(`import { execaCommand } from 'execa'; execaCommand('git pull')`), [
      'shell: git pull → git',
    ]);
    assert.deepStrictEqual(calls("import { $ } from 'execa'; $`git pull`"), ['shell: git pull → git']);
    assert.deepStrictEqual(calls("import { $ } from 'zx'; $`ffmpeg -i ${a} out`"), ['shell: ffmpeg -i … → ffmpeg']);
    assert.deepStrictEqual(calls("import 'zx/globals'; $`git status`"), ['shell: git status → git']);
    assert.deepStrictEqual(calls(`Bun.spawn(['ffmpeg', '-i', 'x'])`), ['file: ffmpeg -i x → ffmpeg']);
    assert.deepStrictEqual(calls(`Bun.spawn({ cmd: ['git', 'pull'] })`), ['file: git pull → git']);
    assert.deepStrictEqual(calls('await Bun.$`ls`'), ['shell: ls → ls']);
  });

  it('ignores calls not bound to a process module: RegExp.exec, local functions, type-only imports', () => {
    assert.deepStrictEqual(calls(`const re = /x/; re.exec('abc')`), []);
    assert.deepStrictEqual(calls(`function exec(x) {} exec('rm -rf /')`), []);
    assert.deepStrictEqual(calls(`import type { exec } from 'child_process'; exec('x')`), []);
    assert.deepStrictEqual(calls('$`git pull`'), []);
    assert.deepStrictEqual(calls(''), []);
  });

  it('handles empty and non-ASCII command lines', () => {
    assert.deepStrictEqual(calls(`import { exec } from 'child_process'; exec('')`), ['shell:  → ']);
    assert.deepStrictEqual(calls(`import { exec } from 'child_process'; exec('échø "ünï code"')`), [
      'shell: échø "ünï code" → échø',
    ]);
  });

  it('finds programs passed to a same-file helper that runs its parameter straight through', () => {
    assert.deepStrictEqual(
      wrapped(
        `import { spawn } from 'child_process'; function run(cmd, args) { return spawn(cmd, args) } run('ffmpeg', ['-i']); run(x)`,
      ),
      ['file: ffmpeg… → ffmpeg'],
    );
    assert.deepStrictEqual(
      wrapped(`import { exec } from 'child_process'; const sh = (line) => exec(line); sh('git pull')`),
      ['shell: git pull → git'],
    );
    assert.deepStrictEqual(
      wrapped(
        `import { spawn } from 'child_process'; function run(opts, cmd) { return new Promise(() => spawn(cmd, [], { shell: true })) } run({}, 'convert a b')`,
      ),
      ['shell: convert a b → convert'],
    );
    assert.deepStrictEqual(
      wrapped(
        `import { promisify } from 'util'; import { execFile } from 'child_process'; const ef = promisify(execFile); async function run(bin) { await ef(bin) } run('gs')`,
      ),
      ['file: gs… → gs'],
    );
  });

  it('does not follow helpers that reassign the parameter or pass it to something else', () => {
    assert.deepStrictEqual(
      wrapped(
        `import { spawn } from 'child_process'; function run(cmd) { cmd = '/bin/' + cmd; return spawn(cmd) } run('ffmpeg')`,
      ),
      [],
    );
    assert.deepStrictEqual(wrapped(`function run(cmd) { return other(cmd) } run('ffmpeg')`), []);
  });

  it('triggers on process module names only', () => {
    for (const t of ['child_process', 'Bun.spawn(', 'Bun.$`', 'import "zx"', 'execa'])
      assert.ok(PROCESS_TRIGGER.test(t), t);
    for (const t of ['exec(', 'zxcvb', 'spawn(']) assert.ok(!PROCESS_TRIGGER.test(t), t);
  });
});
