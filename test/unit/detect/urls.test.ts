// detect/urls.ts beyond what the hardcoded-url rule test covers: URL parsing, credentials, placeholder passwords, host kinds.
import * as assert from 'assert';
import {
  isExampleHost,
  isLocalDefaultUrl,
  isLocalDevHost,
  isLoopbackHost,
  isPlaceholderPassword,
  isPrivateHost,
  parseServiceUrl,
  urlCredential,
} from '../../../server/src/detect/urls';

describe('detect/urls', () => {
  describe('parseServiceUrl', () => {
    it('reads scheme, host, variable name and percent-decoded credentials of a service URL, case-insensitively and trimmed', () => {
      assert.deepStrictEqual(parseServiceUrl('  postgres://shop:S3cretPw@db.prod.internal:5432/shop  '), {
        scheme: 'postgres',
        host: 'db.prod.internal',
        hosts: ['db.prod.internal'],
        envName: 'DATABASE_URL',
        http: false,
        hasCredentials: true,
        user: 'shop',
        password: 'S3cretPw',
      });
      assert.deepStrictEqual(parseServiceUrl('POSTGRES://U:P@DB.Internal')?.host, 'db.internal');
      assert.strictEqual(parseServiceUrl('postgres://u:p%40ss@db/x')?.password, 'p@ss');
      assert.strictEqual(parseServiceUrl('postgres://u:%E0%A4%A@db/x')?.password, '%E0%A4%A'); // malformed escapes kept as written
      assert.strictEqual(parseServiceUrl('postgres://u:pässwörd@db.internal/x')?.password, 'pässwörd');
    });

    it('takes the last @ before the host as the end of the credentials, as URL parsers do', () => {
      const u = parseServiceUrl('postgres://u:p@ss@db.internal/x');
      assert.deepStrictEqual([u?.host, u?.password], ['db.internal', 'p@ss']);
    });

    it('names the variable after the scheme for services, and after the first host label for private http hosts', () => {
      const env = (s: string) => parseServiceUrl(s)?.envName;
      assert.deepStrictEqual(
        [
          'mongodb+srv://c0.mongodb.net/app',
          'rediss://cache:6380',
          'amqps://mq',
          'ftp://files.internal',
          'ldaps://dir.corp',
        ].map(env),
        ['MONGODB_URI', 'REDIS_URL', 'AMQP_URL', 'FTP_URL', 'LDAP_URL'],
      );
      assert.deepStrictEqual(
        [
          'http://billing/api',
          'ws://chat.internal',
          'http://order-svc.svc.cluster.local',
          'http://10.0.0.5:8080',
          'http://1.internal',
        ].map(env),
        ['BILLING_URL', 'CHAT_URL', 'ORDER_SVC_URL', 'SERVICE_URL', 'SERVICE_URL'],
      );
      assert.strictEqual(parseServiceUrl('http://billing/api')?.http, true);
    });

    it('has no credentials without a password, and reads bracketed IPv6 hosts', () => {
      assert.strictEqual(parseServiceUrl('postgres://user@db/x')?.hasCredentials, false);
      assert.strictEqual(parseServiceUrl('postgres://user@db/x')?.password, undefined);
      assert.deepStrictEqual(parseServiceUrl('redis://:pass@redis:6379')?.user, '');
      assert.deepStrictEqual(parseServiceUrl('postgres://[::1]:5432/db')?.hosts, ['[::1]']);
    });

    it("reads SQLAlchemy's dialect+driver schemes as the dialect's; mongodb+srv stays its own scheme", () => {
      const u = parseServiceUrl('postgresql+asyncpg://app:Hq3vN8xTz5@34.76.112.9:5432/app');
      assert.deepStrictEqual(
        [u?.scheme, u?.envName, u?.host, u?.password],
        ['postgresql', 'DATABASE_URL', '34.76.112.9', 'Hq3vN8xTz5'],
      );
      assert.strictEqual(parseServiceUrl('mysql+pymysql://u:p@db.internal/x')?.scheme, 'mysql');
      assert.strictEqual(parseServiceUrl('mongodb+srv://u:p@cluster0.abcde.mongodb.net/x')?.scheme, 'mongodb+srv');
      assert.strictEqual(parseServiceUrl('gopher+tls://h.internal'), undefined);
      assert.strictEqual(urlCredential('postgresql+psycopg2://app:Hq3vN8xTz5@db.prod.internal/app')?.user, 'app');
    });

    it('is undefined for public web URLs, loopback http, unknown schemes, empty hosts, whitespace and non-URLs', () => {
      for (const s of [
        '',
        'not a url',
        'https://api.stripe.com',
        'http://localhost:3000',
        'http://my_svc/x',
        'file:///etc/passwd',
        'redis://',
        'postgres://db x/y',
        'gopher://h.internal',
      ]) {
        assert.strictEqual(parseServiceUrl(s), undefined, s);
      }
    });

    it('stays linear on long hostile values', () => {
      const t0 = Date.now();
      parseServiceUrl('postgres://' + '@'.repeat(50000) + ' x');
      parseServiceUrl('mongodb://' + 'a,'.repeat(50000) + '[');
      urlCredential('postgres://u:' + ':@'.repeat(30000));
      assert.ok(Date.now() - t0 < 500, `${Date.now() - t0} ms`);
    });
  });

  describe('urlCredential', () => {
    it('finds a real password sent to a real host, with its span in the value as written', () => {
      for (const v of [
        'postgres://shop:S3cretPw@db.prod.internal/shop',
        '  postgres://shop:S3cretPw@db.prod.internal/shop',
        'postgres://u:p%40ssW0rd9@db.internal/x',
      ]) {
        const c = urlCredential(v)!;
        assert.ok(c, v);
        assert.strictEqual(decodeURIComponent(v.slice(...c.passwordSpan)), c.password, v);
      }
      assert.deepStrictEqual(urlCredential('postgres://shop:S3cretPw@db.prod.internal/shop'), {
        scheme: 'postgres',
        host: 'db.prod.internal',
        user: 'shop',
        password: 'S3cretPw',
        envName: 'DATABASE_URL',
        passwordSpan: [16, 24],
      });
    });

    it('finds passwords in public web, git and mail URLs too, without a variable name for public hosts', () => {
      const c = urlCredential('https://deploy:Xk29fLq8PzR4@gitlab.com/acme/app.git')!;
      assert.deepStrictEqual([c.host, c.password, c.envName], ['gitlab.com', 'Xk29fLq8PzR4', undefined]);
      assert.strictEqual(urlCredential('smtp://u:Xk29fLq8@smtp.sendgrid.net')?.envName, 'SMTP_URL');
    });

    it('ignores loopback and example hosts, placeholder and user-named passwords, user-only URLs and unknown schemes', () => {
      for (const v of [
        '',
        'postgres://shop:S3cretPw@localhost/shop',
        'postgres://shop:S3cretPw@db.example.com/shop',
        'postgres://shop:${DB_PASSWORD}@db.prod.internal/shop',
        'postgres://shop:shop@db.prod.internal/shop',
        'postgres://shop@db.prod.internal/shop',
        'gopher://u:Xk29fLq8@host.com',
        'no at sign://x',
      ]) {
        assert.strictEqual(urlCredential(v), undefined, v);
      }
    });
  });

  describe('isPlaceholderPassword', () => {
    it('takes empty values, templates, masks, documentation words, image defaults and the user name as placeholders', () => {
      for (const p of [
        '',
        '  ',
        '${X}',
        '$(cat f)',
        '$DB_PASS',
        '{{pw}}',
        '%s',
        '%(pw)s',
        '****',
        'xxxx',
        '...',
        '…',
        '<password>',
        'postgres',
        'Password',
        'guest',
        'changeme',
        'your_password',
        'pw-testing',
        'aaaa',
      ])
        assert.ok(isPlaceholderPassword(p), JSON.stringify(p));
      assert.ok(isPlaceholderPassword('App', 'app'));
    });

    it('keeps weak but real passwords: a URL to a real host carries them there', () => {
      for (const p of ['hunter2-prod', 'S3cretPw', 'pässwörd']) assert.ok(!isPlaceholderPassword(p), p);
      assert.ok(!isPlaceholderPassword('app2', 'app'));
    });
  });

  describe('host kinds', () => {
    it('isLoopbackHost: localhost names, 127/8, [::1], 0.0.0.0 and host.docker.internal only', () => {
      for (const h of ['localhost', 'app.localhost', '127.0.0.53', '[::1]', '0.0.0.0', 'host.docker.internal'])
        assert.ok(isLoopbackHost(h), h);
      for (const h of ['localhost.com', '128.0.0.1', '::1', '', 'mylocalhost']) assert.ok(!isLoopbackHost(h), h);
    });

    it('isExampleHost: RFC 2606 names and obvious stand-ins, not names that merely contain "example"', () => {
      for (const h of [
        'example.com',
        'api.example.org',
        'example',
        'x.test',
        'foo.invalid',
        'localhost.localdomain',
        'your-db-host',
        'myhost',
        'my-host.io',
        '<host>',
        '{host}',
      ]) {
        assert.ok(isExampleHost(h), h);
      }
      for (const h of ['examples.com', 'notexample.com', 'mydb.acme.io', 'testing.acme.io'])
        assert.ok(!isExampleHost(h), h);
    });

    it('isPrivateHost: RFC 1918 ranges exactly, private suffixes, managed instances and single-label names', () => {
      for (const h of [
        '172.16.0.1',
        '172.31.255.1',
        '192.168.1.1',
        '10.1.2.3',
        'db.local',
        'x.consul',
        'mydb.abc.us-east-1.rds.amazonaws.com',
        'x.redis.cache.windows.net',
        'c0.mongodb.net',
        'billing',
        'svc-1',
      ])
        assert.ok(isPrivateHost(h), h);
      for (const h of [
        '',
        '172.15.0.1',
        '172.32.0.1',
        '11.1.2.3',
        '127.0.0.1',
        '0.0.0.0',
        'example',
        'api',
        'server',
        '1abc',
        'my_svc',
      ])
        assert.ok(!isPrivateHost(h), h);
    });

    it('isLocalDevHost: loopback, example, mDNS and compose service names, but not cluster or IP hosts', () => {
      for (const h of ['redis', 'db_1', '::', '[::]', '::1', 'redis.local', 'db.orb.local', 'host.docker.internal'])
        assert.ok(isLocalDevHost(h), h);
      for (const h of ['a.svc.cluster.local', 'x.cluster.local', '10.0.0.1', 'db.prod.acme.io'])
        assert.ok(!isLocalDevHost(h), h);
    });

    it("isLocalDefaultUrl: non-service values are not a deploy's URL; a real password makes one", () => {
      for (const s of ['', 'nope', 'postgres://app:postgres@db/x', 'http://billing:8080', 'http://localhost:3000'])
        assert.ok(isLocalDefaultUrl(s), s);
      assert.ok(!isLocalDefaultUrl('postgres://app:S3cretPw@db/x'));
    });
  });
});
