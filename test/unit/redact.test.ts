import * as assert from 'assert';
import { describeSecret, redact, redactUrl } from '../../server/src/util/redact';
import { scanFiles } from '../helpers/engine';

describe('redaction', () => {
  it('never shows more than a third of a secret: four leading and two trailing characters of a long one, fewer of a short one', () => {
    assert.strictEqual(redact('sk_live_4eC39HqLyjWDarjtT1zdp7dcTTx'), 'sk_l…Tx');
    assert.strictEqual(redact('keyboard cat'), 'key…t'); // 12 characters: 4 shown
    assert.strictEqual(redact('hunter2prod'), 'h…d');
    assert.strictEqual(redact('short'), 's…');
    assert.strictEqual(redact('ab'), '…');
    for (let n = 1; n <= 40; n++) {
      const secret = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH'.slice(0, n);
      const shown = redact(secret).replace('…', '').length;
      assert.ok(shown * 3 <= n, `${n} characters: ${redact(secret)}`);
    }
  });

  it('describes a short secret by its shape and length', () => {
    assert.strictEqual(describeSecret('k3yb0ardct'), "'k…t' (10 chars)");
    assert.strictEqual(describeSecret('sk_live_4eC39HqLyjWDarjtT1zdp7dcTTx'), "'sk_l…Tx'");
  });

  it('hides the whole password of a URL, even one containing @ or :', () => {
    assert.strictEqual(
      redactUrl('postgres://admin:Sup3r@Secr3tPw@db.internal:5432/app'),
      'postgres://admin:***@db.internal:5432/app',
    );
    assert.strictEqual(redactUrl('redis://:p:w@cache:6379'), 'redis://:***@cache:6379');
    assert.strictEqual(redactUrl('https://api.internal/v1?x=a@b'), 'https://api.internal/v1?x=a@b');
    assert.strictEqual(redactUrl('mongodb://user@host/db'), 'mongodb://user@host/db');
  });
});

describe('service URLs with @ in the password', () => {
  it('read the host after the last @, so the password never leaks into a message', async () => {
    const s = await scanFiles({
      'package.json': '{"name":"a","dependencies":{"pg":"^8.0.0"}}',
      'db.js': "module.exports = 'postgres://admin:Sup3r@Secr3tPw@db.internal:5432/app';\n",
    });
    const messages = s.findings.map((f) => f.message).join('\n');
    assert.ok(
      s.findings.some((f) => f.ruleId === 'backing-services/hardcoded-url'),
      messages,
    );
    assert.ok(!messages.includes('Secr3tPw') && !messages.includes('Sup3r'), messages);
  });
});
