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
    for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
    made.clear();
  },
};
