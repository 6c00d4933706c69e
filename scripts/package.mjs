#!/usr/bin/env node
// `npm run package`: builds twelve-factor.vsix. Two allowlists ship two packages: package.json `files` is the npm
// package (the CLI and the language server), .vscodeignore the extension. vsce refuses a folder that has both, so it
// packages a staging copy of what .vscodeignore keeps, with `files` dropped from its package.json.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const vsce = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
const out = path.resolve(root, process.argv[2] ?? 'twelve-factor.vsix');

// `vsce ls` applies .vscodeignore (it ignores `files` when .vscodeignore exists) and does not reject the pair.
const kept = execFileSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: root, encoding: 'utf8' })
  .split('\n')
  .filter(Boolean);
const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'twelve-factor-vsix-'));
try {
  for (const f of [...kept, '.vscodeignore']) {
    fs.mkdirSync(path.dirname(path.join(stage, f)), { recursive: true });
    fs.copyFileSync(path.join(root, f), path.join(stage, f));
  }
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  delete pkg.files;
  fs.writeFileSync(path.join(stage, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  execFileSync(process.execPath, [vsce, 'package', '--no-dependencies', '--out', out], {
    cwd: stage,
    stdio: 'inherit',
  });
} finally {
  fs.rmSync(stage, { recursive: true, force: true });
}
