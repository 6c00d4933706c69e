// What the Marketplace, Open VSX and npm show: the manifest's links, and a README and changelog whose links work
// without the repository around them.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');
const PKG = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const REPO = String(PKG.repository?.url)
  .replace(/^git\+/, '')
  .replace(/\.git$/, '');

/** Link and image targets of a Markdown file, outside code blocks and code spans. */
function targets(markdown: string): string[] {
  const prose = markdown.replace(/^```[^\n]*\n[\s\S]*?^```$/gm, '').replace(/`[^`\n]*`/g, '``');
  return [
    ...[...prose.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]),
    ...[...prose.matchAll(/^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)].map((m) => m[1]),
    ...[...prose.matchAll(/<img\b[^>]*\bsrc\s*=\s*["']([^"']+)["']/gi)].map((m) => m[1]),
  ];
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
function anchors(markdown: string): Set<string> {
  const prose = markdown.replace(/^```[^\n]*\n[\s\S]*?^```$/gm, '');
  return new Set(
    [...prose.matchAll(/^#{1,6}\s+(.+?)\s*#*$/gm)].map((m) =>
      m[1]
        .toLowerCase()
        .replace(/[^\p{L}\p{N}\s_-]/gu, '')
        .replace(/\s/g, '-'),
    ),
  );
}

describe('the package manifest', () => {
  it('names one GitHub repository as repository, bugs and homepage', () => {
    assert.match(REPO, /^https:\/\/github\.com\/[\w.-]+\/[\w.-]+$/);
    assert.strictEqual(PKG.repository.type, 'git');
    assert.strictEqual(PKG.bugs.url, `${REPO}/issues`);
    assert.strictEqual(PKG.homepage, `${REPO}#readme`);
  });

  it('packages the .vsix without --allow-missing-repository', () => {
    for (const script of Object.values<string>(PKG.scripts)) assert.doesNotMatch(script, /allow-missing-repository/);
  });

  for (const file of ['README.md', 'CHANGELOG.md']) {
    it(`${file}: every link and image is an absolute https URL or an anchor of the page, and repository links resolve`, () => {
      const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
      const found = targets(text);
      assert.ok(found.length > 0, `no links found in ${file}`);
      const headings = anchors(text);
      for (const t of found) {
        if (t.startsWith('#')) {
          assert.ok(headings.has(t.slice(1)), `${file}: no heading for ${t}`);
          continue;
        }
        assert.match(t, /^https:\/\//, `${file}: ${t} is not an absolute https URL (the Marketplace shows it broken)`);
        if (!t.startsWith(`${REPO}/`)) continue;
        const m = /^\/(blob|tree|raw)\/HEAD\/([^#?]+)/.exec(t.slice(REPO.length));
        assert.ok(m, `${file}: ${t} should be ${REPO}/blob/HEAD/<path> (tree/ for a folder, raw/ for an image)`);
        const local = path.join(ROOT, decodeURIComponent(m[2]));
        assert.ok(fs.existsSync(local), `${file}: ${t} names ${m[2]}, which does not exist`);
        assert.strictEqual(fs.statSync(local).isDirectory(), m[1] === 'tree', `${file}: ${t}: tree/ is for folders`);
      }
    });
  }

  it('the README links each rule to its docs page in the repository', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const rules = targets(readme).filter((t) => /\/docs\/rules\/.+\.md$/.test(t));
    assert.strictEqual(
      rules.length,
      fs.readdirSync(path.join(ROOT, 'docs', 'rules'), { recursive: true }).filter((f) => String(f).endsWith('.md'))
        .length,
    );
    for (const t of rules) assert.ok(t.startsWith(`${REPO}/blob/HEAD/docs/rules/`), t);
  });
});
