// Diagnostics from the language server reach the Problems panel with source and rule code.
import assert from 'node:assert/strict';
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
});
