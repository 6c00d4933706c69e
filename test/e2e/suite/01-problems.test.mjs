// Diagnostics from the language server reach the Problems panel with source and rule code.
import assert from 'node:assert/strict';
import { waitFor } from '../lib/wait.mjs';
import { wb } from '../lib/session.mjs';

describe('Problems panel', () => {
  it('lists the hardcoded secret and the hardcoded port with their rule codes', async () => {
    await wb().openFile('src/server.js');
    const rows = await wb().waitForProblems(
      (r) => ['config/hardcoded-secret', 'port-binding/hardcoded-port'].every((code) => r.some((p) => p.code === code)),
      { what: 'both twelve-factor diagnostics' },
    );
    const secret = rows.find((p) => p.code === 'config/hardcoded-secret');
    const port = rows.find((p) => p.code === 'port-binding/hardcoded-port');
    for (const p of [secret, port]) {
      assert.equal(p.source, 'twelve-factor');
      assert.equal(p.file, 'server.js');
      assert.ok(p.message.length > 0, 'has a message');
    }
    assert.equal(secret.line, 4, 'secret is on line 4 of the fixture');
    assert.equal(port.line, 10, 'port is on line 10 of the fixture');
  });

  it("opens the rule's rendered documentation from the code link, not its Markdown source", async () => {
    const { page } = wb();
    await wb().waitForProblems((r) => r.some((p) => p.code === 'port-binding/hardcoded-port'), {
      what: 'the port diagnostic',
    });
    const row = page
      .locator('.markers-panel .monaco-list-row')
      .filter({ hasText: 'port-binding/hardcoded-port' })
      .first();
    await row.locator('.marker-code a, a.monaco-link').first().click();
    // The preview's tab reads "Preview hardcoded-port.md"; the source would read "hardcoded-port.md".
    const title = await waitFor(
      async () => {
        const t = await wb().activeTabTitle();
        return t?.includes('hardcoded-port.md') && t;
      },
      { what: 'a tab for the rule page' },
    );
    assert.match(title, /^Preview hardcoded-port\.md/);
    // Keys go to the preview's webview now, so close the tab with its close button rather than a command.
    const tab = page.locator('.tabs-container .tab').filter({ hasText: 'Preview hardcoded-port.md' }).first();
    await tab.hover();
    await tab.locator('.tab-actions .action-label').first().click();
    await waitFor(async () => (await wb().activeTabTitle()) === 'server.js', { what: 'back to server.js' });
  });
});
