// Calls that write to the file system (fs, fs/promises, fs-extra, graceful-fs), with the argument that names the
// file being written and the data, resolved through imports so `writeFile` from a database client is not one.
import * as ts from 'typescript';
import type { NodeIndex } from './nodeIndex';
import type { ModuleRefs } from './moduleRefs';
import { lookupTable } from '../../util/table';
import { memoKey } from '../../util/memo';

export type FsOp = 'write' | 'append' | 'stream' | 'mkdir' | 'move' | 'copy';

export interface FsWrite {
  call: ts.CallExpression;
  op: FsOp;
  /** The method called: `writeFileSync`, `createWriteStream`, `outputJson` … */
  method: string;
  /** The path written to (the destination for move and copy). */
  target: ts.Expression;
  /** The data written, for writeFile/appendFile. */
  data?: ts.Expression;
}

const FS_MODULES = new Set(['fs', 'fs/promises', 'fs-extra', 'graceful-fs']);

const OPS: Record<string, FsOp> = lookupTable({
  writeFile: 'write',
  writeFileSync: 'write',
  outputFile: 'write',
  outputFileSync: 'write',
  writeJson: 'write',
  writeJSON: 'write',
  writeJsonSync: 'write',
  writeJSONSync: 'write',
  outputJson: 'write',
  outputJSON: 'write',
  outputJsonSync: 'write',
  outputJSONSync: 'write',
  appendFile: 'append',
  appendFileSync: 'append',
  createWriteStream: 'stream',
  mkdir: 'mkdir',
  mkdirSync: 'mkdir',
  ensureDir: 'mkdir',
  ensureDirSync: 'mkdir',
  mkdirp: 'mkdir',
  mkdirs: 'mkdir',
  mkdirpSync: 'mkdir',
  mkdirsSync: 'mkdir',
  rename: 'move',
  renameSync: 'move',
  move: 'move',
  moveSync: 'move',
  copyFile: 'copy',
  copyFileSync: 'copy',
  copy: 'copy',
  copySync: 'copy',
  cp: 'copy',
  cpSync: 'copy',
});

export function fsWrites(idx: NodeIndex, refs: ModuleRefs): FsWrite[] {
  const out: FsWrite[] = [];
  for (const call of idx.calls) {
    const ref = refs.resolve(call.expression);
    if (!ref || ref.called || !FS_MODULES.has(ref.module)) continue;
    // fs.writeFile, fs.promises.writeFile, require('fs/promises').writeFile
    const p = ref.path;
    const method = p[p.length - 1];
    if (!method || !(method in OPS) || !(p.length === 1 || (p.length === 2 && p[0] === 'promises'))) continue;
    const op = OPS[method];
    const target = op === 'move' || op === 'copy' ? call.arguments[1] : call.arguments[0];
    if (!target) continue;
    out.push({ call, op, method, target, data: op === 'write' || op === 'append' ? call.arguments[1] : undefined });
  }
  return out;
}

const FS_WRITES = memoKey<FsWrite[]>('fsWrites');
/** The file's fs writes, computed once per analysis (kept on its node index). */
export function fsWritesOf(idx: NodeIndex, refs: ModuleRefs): FsWrite[] {
  return idx.memo.get(FS_WRITES, () => fsWrites(idx, refs));
}
