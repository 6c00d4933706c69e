// Entry point VS Code calls inside the extension host: runs the bundled mocha suite next to this file.
// With TF_TEST_RESULTS set (test/e2e/vscode-suite.mjs sets it), it also writes each test's outcome there as JSON
// when the run ends, for a harness that cannot read the extension host's console.
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';

/** What TF_TEST_RESULTS receives: every test (and failed hook) in the order it finished. */
export interface SuiteResults {
  tests: { title: string; state: 'passed' | 'failed' | 'pending'; duration?: number; error?: string }[];
  failures: number;
}

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: true, timeout: 120_000, reporter: 'spec' });
  mocha.addFile(path.join(__dirname, 'extension.test.js'));
  const resultsFile = process.env.TF_TEST_RESULTS;
  const results: SuiteResults = { tests: [], failures: 0 };
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      results.failures = failures;
      if (resultsFile) fs.writeFileSync(resultsFile, JSON.stringify(results, null, 2));
      if (failures) reject(new Error(`${failures} test(s) failed`));
      else resolve();
    });
    runner.on('pass', (t) => results.tests.push({ title: t.fullTitle(), state: 'passed', duration: t.duration }));
    runner.on('fail', (t, err: Error) =>
      results.tests.push({ title: t.fullTitle(), state: 'failed', error: err?.stack ?? String(err) }),
    );
    runner.on('pending', (t) => results.tests.push({ title: t.fullTitle(), state: 'pending' }));
  });
}
