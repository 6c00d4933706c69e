// The secret's quick fix moves it to .env, adds .env.example and ignores .env.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { env, wb } from '../lib/session.mjs';
import { waitFor } from '../lib/wait.mjs';

const SECRET = 'sk_live_51H8xQ2eZvKYlo2C8Nf3kLmP9qR';
const read = (rel) => {
  const f = path.join(env.workspace, rel);
  return fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : null;
};
/** Polls the file on disk until `ok(text)`; the fix may write files asynchronously. */
const waitForFile = (rel, ok, what) =>
  waitFor(
    () => {
      const t = read(rel);
      return t !== null && ok(t);
    },
    { timeout: 30_000, what: () => `${rel}: ${what} (now: ${JSON.stringify(read(rel))})` },
  );

describe('Quick fix for a hardcoded secret', () => {
  it('offers "Move … to .env" in the quick-fix menu', async () => {
    await wb().openFile('src/server.js');
    await wb().waitForProblems((r) => r.some((p) => p.code === 'config/hardcoded-secret'), {
      what: 'secret diagnostic',
    });
    const items = await wb().openQuickFixMenu(SECRET);
    assert.ok(
      items.some((i) => i.title.startsWith('Move')),
      `menu items: ${JSON.stringify(items)}`,
    );
    await wb().screenshot('quick-fix-menu');
  });

  it('applying it rewrites the code and writes .env, .env.example and .gitignore', async () => {
    await wb().applyQuickFix('Move');
    // Refactorings save untouched files themselves; save the edited editor as a user would.
    await wb().runCommand('File: Save All Files');
    await waitForFile(
      'src/server.js',
      (t) => t.includes('process.env.STRIPE_SECRET_KEY') && !t.includes(SECRET),
      'literal replaced',
    );
    await waitForFile(
      '.env',
      (t) => /^STRIPE_SECRET_KEY=sk_live_51H8xQ2eZvKYlo2C8Nf3kLmP9qR\s*$/m.test(t),
      'holds the secret',
    );
    await waitForFile(
      '.env.example',
      (t) => /^STRIPE_SECRET_KEY=\s*$/m.test(t),
      'names the variable without its value',
    );
    await waitForFile(
      '.gitignore',
      (t) => /^\/?\.env\s*$/m.test(t) && /^node_modules\/\s*$/m.test(t),
      'ignores .env and keeps its entries',
    );
    await wb().waitForProblems((r) => !r.some((p) => p.code === 'config/hardcoded-secret'), {
      what: 'secret diagnostic gone',
    });
  });
});
