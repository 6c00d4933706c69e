// Temp folders made by test helpers, removed once the whole mocha run ends (a root hook registered in .mocharc).
// Per-test removal would need every test to hold on to its folder; many only pass it to a scan.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const made = new Set<string>();

/** A fresh folder under the OS temp dir, deleted when the run ends. */
export function makeTempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.add(dir);
  return dir;
}

export const mochaHooks = {
  afterAll(): void {
    for (const dir of made) {
      try {
        fs.rmSync(dir, { recursive: true, force: true });
      } catch {
        // Hostile tests leave unreadable folders; as a non-root user they must be opened up to be removed.
        restoreAccess(dir);
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }
    made.clear();
  },
};

function restoreAccess(p: string): void {
  try {
    if (fs.lstatSync(p).isSymbolicLink()) return;
    fs.chmodSync(p, 0o700);
    if (fs.statSync(p).isDirectory()) for (const e of fs.readdirSync(p)) restoreAccess(path.join(p, e));
  } catch {
    /* gone, or not ours to change */
  }
}
