// Dockerfile here-documents (BuildKit): bodies belong to their RUN/COPY/ADD, are not read as instructions, and
// config/secret-in-dockerfile scans them (defect 6 of issue 7).
import * as assert from 'assert';
import * as fs from 'fs';
import { parseDockerfile } from '../../server/src/platform/dockerfile';
import { scan, tempProject } from '../helpers/engine';

const ID = 'config/secret-in-dockerfile';

describe('Dockerfile here-documents', () => {
  const dirs: string[] = [];
  after(() => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });
  const project = (files: Record<string, string>) => {
    const root = tempProject({ 'package.json': '{"name":"app","scripts":{"start":"node server.js"}}', ...files });
    dirs.push(root);
    return root;
  };

  it('reads bodies, several per instruction and with <<- and quoted delimiters, without taking their lines for instructions', () => {
    const ins = parseDockerfile(
      [
        'FROM node:20',
        'RUN <<EOF',
        'CMD ["evil"]',
        'echo hi',
        'EOF',
        'COPY <<-"A" /a <<B /b',
        '\tx=1',
        '\tA',
        'y=2',
        'B',
        'RUN cat <<EOF \\',
        '  > /out',
        'body',
        'EOF',
        'CMD ["node", "server.js"]',
      ].join('\n'),
    );
    assert.deepStrictEqual(
      ins.map((i) => `${i.keyword}:${i.range.start.line}`),
      ['FROM:0', 'RUN:1', 'COPY:5', 'RUN:10', 'CMD:14'],
    );
    assert.deepStrictEqual(ins[1].heredocs, [
      {
        name: 'EOF',
        body: 'CMD ["evil"]\necho hi',
        range: { start: { line: 2, character: 0 }, end: { line: 3, character: 7 } },
      },
    ]);
    assert.deepStrictEqual(
      ins[2].heredocs?.map((h) => [h.name, h.body, h.range.start.line, h.range.end.line]),
      [
        ['A', '\tx=1', 6, 6],
        ['B', 'y=2', 8, 8],
      ],
    );
    assert.deepStrictEqual(
      ins[3].heredocs?.map((h) => [h.body, h.range.start.line]),
      [['body', 12]],
    );
    // The instruction's own range stays its lines, for edits of the command.
    assert.deepStrictEqual(ins[3].range, { start: { line: 10, character: 0 }, end: { line: 11, character: 8 } });
  });

  it('runs an unterminated body to the end of the file, and ignores << inside exec form and other instructions', () => {
    const ins = parseDockerfile('FROM node:20\nRUN <<EOF\necho\nCMD ["x"]\n');
    assert.deepStrictEqual(
      ins.map((i) => i.keyword),
      ['FROM', 'RUN'],
    );
    assert.strictEqual(ins[1].heredocs?.[0].body, 'echo\nCMD ["x"]\n');
    const exec = parseDockerfile('FROM node:20\nRUN ["sh", "-c", "cat <<EOF"]\nCMD ["node", "a.js"]\n');
    assert.deepStrictEqual(
      exec.map((i) => i.keyword),
      ['FROM', 'RUN', 'CMD'],
    );
    assert.strictEqual(exec[1].heredocs, undefined);
  });

  it('config/secret-in-dockerfile: flags provider keys, secret assignments and URL passwords in bodies, redacted', async () => {
    const root = project({
      Dockerfile: [
        'FROM node:20',
        'RUN <<EOF',
        'echo "//registry.npmjs.org/:_authToken=npm_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8" > .npmrc',
        'export DB_PASSWORD=Xk29fLq8PzR4vB7n',
        'EOF',
        'COPY <<EOF /app/.env',
        'API_KEY=q8N3vZ2kLp0xR7tY4wB9eD5s',
        'DATABASE_URL=postgres://shop:S3cretPassw0rd@db.prod.internal/shop',
        'EOF',
        'CMD ["node", "server.js"]',
        '',
      ].join('\n'),
    });
    const s = await scan(root);
    assert.deepStrictEqual(s.where(ID), ['Dockerfile:3', 'Dockerfile:4', 'Dockerfile:7', 'Dockerfile:8']);
    const mine = s.findings.filter((f) => f.ruleId === ID);
    assert.match(
      mine[0].message,
      /^RUN <<EOF in Dockerfile holds an npm token \('npm_…r8'\), which the image layers keep/,
    );
    assert.match(mine[1].message, /^RUN <<EOF in Dockerfile sets DB_PASSWORD to a secret \('Xk29…n'\)/);
    assert.match(mine[2].message, /^COPY <<EOF in Dockerfile sets API_KEY to a secret/);
    // Like the other URL-password messages: whose password, not the URL (one short sentence).
    assert.strictEqual(
      mine[3].message,
      "COPY <<EOF in Dockerfile sets DATABASE_URL to a URL with the password of user 'shop', which the image layers keep.",
    );
    assert.deepStrictEqual(mine[1].range, { start: { line: 3, character: 19 }, end: { line: 3, character: 35 } });
    const all = s.findings.map((f) => f.message).join('\n');
    for (const secret of [
      'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8',
      'Xk29fLq8PzR4vB7n',
      'q8N3vZ2kLp0xR7tY4wB9eD5s',
      'S3cretPassw0rd',
    ])
      assert.ok(!all.includes(secret), all);
  });

  it('config/secret-in-dockerfile: leaves placeholders, variables and mounted secrets in bodies alone', async () => {
    const root = project({
      Dockerfile:
        'FROM node:20\nRUN --mount=type=secret,id=npm <<EOF\nexport DB_PASSWORD=$DB_PASSWORD\nexport API_KEY=changeme\nnpm ci\nEOF\nCMD ["node", "server.js"]\n',
    });
    const s = await scan(root);
    assert.deepStrictEqual(s.where(ID), []);
  });
});
