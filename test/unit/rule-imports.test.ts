// No rule imports another rule: what two rules share lives in detect/ or model/ (or, within one factor, in a helper
// beside its rules), and facts one rule needs from a file are the engine's, never another rule's.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';

const RULES = path.join(__dirname, '..', '..', 'server', 'src', 'rules');

function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  return [
    ...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+['"]([^'"]+)['"]/g),
    ...text.matchAll(/\b(?:require|import)\(\s*['"]([^'"]+)['"]\s*\)/g),
  ].map((m) => m[1]);
}

describe('rule files', () => {
  it('no rule file imports another rule file', () => {
    // Rule files are those a factor's index.ts lists; other files beside them are that factor's helpers.
    const ruleFiles = new Set<string>();
    for (const factor of fs.readdirSync(RULES)) {
      const index = path.join(RULES, factor, 'index.ts');
      if (!fs.existsSync(index)) continue;
      for (const spec of importsOf(index))
        if (spec.startsWith('./')) ruleFiles.add(path.resolve(RULES, factor, spec) + '.ts');
    }
    assert.ok(ruleFiles.size > 40, `found ${ruleFiles.size} rule files`);
    const offending: string[] = [];
    const all = fs
      .readdirSync(RULES, { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.ts'))
      .map((f) => path.join(RULES, f));
    for (const file of all) {
      if (path.basename(file) === 'index.ts') continue;
      for (const spec of importsOf(file)) {
        if (!spec.startsWith('.')) continue;
        const target = path.resolve(path.dirname(file), spec).replace(/\.js$/, '') + '.ts';
        if (ruleFiles.has(target) && target !== file)
          offending.push(`${path.relative(RULES, file)} imports ${path.relative(RULES, target)}`);
      }
    }
    assert.deepStrictEqual(offending, []);
  });
});
