// Every rule gives the same result run alone as with all the others: no rule may depend on another rule having run
// (facts another rule recorded, a graph another rule filled). This is what lets a rule turned `off` not run at all.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Engine } from '../../server/src/engine/engine';
import { ALL_RULES } from '../../server/src/rules';
import type { Finding, Rule } from '../../server/src/core/types';
import { silentLogger } from '../../server/src/core/types';
import { FIXTURES } from '../helpers/engine';

const EXAMPLES = path.join(__dirname, '..', '..', 'examples');

/** Both examples, every rule fixture root (positive, negative, workspace, …) and the other fixture apps. */
function roots(): string[] {
  const out = fs
    .readdirSync(EXAMPLES)
    .map((d) => path.join(EXAMPLES, d))
    .filter((d) => fs.statSync(d).isDirectory());
  const rules = path.join(FIXTURES, 'rules');
  for (const factor of fs.readdirSync(rules)) {
    for (const rule of fs.readdirSync(path.join(rules, factor))) {
      const dir = path.join(rules, factor, rule);
      if (!fs.statSync(dir).isDirectory()) continue;
      for (const kind of fs.readdirSync(dir))
        if (fs.statSync(path.join(dir, kind)).isDirectory()) out.push(path.join(dir, kind));
    }
  }
  for (const other of fs.readdirSync(FIXTURES)) {
    if (other === 'rules') continue;
    for (const app of fs.readdirSync(path.join(FIXTURES, other))) {
      const dir = path.join(FIXTURES, other, app);
      if (fs.statSync(dir).isDirectory()) out.push(dir);
    }
  }
  return out;
}

/** What a rule contributes: its findings (place, message, severity) and the checklist status of its factor from it alone. */
interface Outcome {
  findings: string[];
  status: string;
}

function findingKey(e: Engine, f: Finding): string {
  const r = f.range;
  return `${e.rel(f.path)}:${r.start.line + 1}:${r.start.character + 1}-${r.end.line + 1}:${r.end.character + 1} ${f.severity} ${f.message}`;
}

/** The factor status the checklist gives from this rule's findings and applicability alone (see Engine.checklist). */
function statusOf(e: Engine, rule: Rule, findings: Finding[]): string {
  const mine = findings.filter((f) => f.ruleId === rule.meta.id);
  const noProject = !e.workspace?.projects.length;
  const partial = e.skipped.some(
    (s) => s.reason === 'unreadable' || s.reason === 'too-large' || s.reason === 'not-a-file',
  );
  if ((noProject && !mine.length) || !e.ruleApplied(rule.meta.id)) return 'not-applicable';
  if (mine.some((f) => f.severity === 'error')) return 'fail';
  if (mine.length) return 'warn';
  return partial ? 'warn' : 'pass';
}

function outcome(e: Engine, rule: Rule): Outcome {
  const findings = e.findings();
  return {
    findings: findings
      .filter((f) => f.ruleId === rule.meta.id)
      .map((f) => findingKey(e, f))
      .sort(),
    status: statusOf(e, rule, findings),
  };
}

describe('rule isolation', function () {
  this.timeout(300_000);

  it('every rule run alone gives what it gives with all the others (findings and checklist status)', async () => {
    const diffs: string[] = [];
    for (const root of roots()) {
      const all = new Engine({ root, rules: ALL_RULES, logger: silentLogger });
      await all.scan();
      for (const rule of ALL_RULES) {
        const alone = new Engine({ root, rules: [rule], logger: silentLogger });
        await alone.scan();
        const a = outcome(all, rule);
        const b = outcome(alone, rule);
        // The checklist of the lone engine must agree with how it is computed here.
        const factor = alone.checklist().find((c) => c.slug === rule.meta.factor)!;
        assert.strictEqual(factor.status, b.status, `${rule.meta.id} on ${root}: checklist status`);
        const where = `${rule.meta.id} on ${path.relative(path.join(__dirname, '..', '..'), root)}`;
        if (a.status !== b.status) diffs.push(`${where}: status ${a.status} with all rules, ${b.status} alone`);
        for (const f of a.findings) if (!b.findings.includes(f)) diffs.push(`${where}: lost alone: ${f}`);
        for (const f of b.findings) if (!a.findings.includes(f)) diffs.push(`${where}: only alone: ${f}`);
      }
    }
    const rules = [...new Set(diffs.map((d) => d.split(' ')[0]))].sort();
    assert.ok(
      !diffs.length,
      `${diffs.length} differences for ${rules.length} rules (${rules.join(', ')}):\n${diffs.join('\n')}`,
    );
  });
});
