import * as assert from 'assert';
import { redact, redactUrl } from '../../server/src/util/redact';
import { scanFiles } from '../helpers/engine';

describe('redaction', () => {
  it('shows four leading and two trailing characters of a long secret, nothing of a short one', () => {
    assert.strictEqual(redact('sk_live_4eC39HqLyjWDarjtT1zdp7dcTTx'), 'sk_l…Tx');
    assert.strictEqual(redact('short'), '…');
  });

  it('hides the whole password of a URL, even one containing @ or :', () => {
    assert.strictEqual(redactUrl('postgres://admin:Sup3r@Secr3tPw@db.internal:5432/app'), 'postgres://admin:***@db.internal:5432/app');
    assert.strictEqual(redactUrl('redis://:p:w@cache:6379'), 'redis://:***@cache:6379');
    assert.strictEqual(redactUrl('https://api.internal/v1?x=a@b'), 'https://api.internal/v1?x=a@b');
    assert.strictEqual(redactUrl('mongodb://user@host/db'), 'mongodb://user@host/db');
  });
});

describe('service URLs with @ in the password', () => {
  it('read the host after the last @, so the password never leaks into a message', async () => {
    const s = await scanFiles({ 'package.json': '{"name":"a","dependencies":{"pg":"^8.0.0"}}', 'db.js': "module.exports = 'postgres://admin:Sup3r@Secr3tPw@db.internal:5432/app';\n" });
    const messages = s.findings.map((f) => f.message).join('\n');
    assert.ok(s.findings.some((f) => f.ruleId === 'backing-services/hardcoded-url'), messages);
    assert.ok(!messages.includes('Secr3tPw') && !messages.includes('Sup3r'), messages);
  });
});
