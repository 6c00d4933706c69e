// The "Checklist" tree: twelve factors with statuses; a finding opens its location.
import assert from 'node:assert/strict';
import { FACTORS, STATUS, VIEW, factorRows, firstFindingUnder, openChecklist } from '../lib/checklist.mjs';
import { wb } from '../lib/session.mjs';
import { waitFor } from '../lib/wait.mjs';

describe('Factor Checklist view', () => {
  it('shows all twelve factors with a status each', async () => {
    await openChecklist();
    const rows = await factorRows();
    assert.deepEqual(
      rows.map((r) => r.label),
      FACTORS,
    );
    for (const r of rows) assert.match(r.description, STATUS, `status of ${r.label}`);
    const byLabel = Object.fromEntries(rows.map((r) => [r.label, r.description]));
    assert.match(byLabel['III. Config'], /error/, 'the hardcoded secret counts against Config');
    assert.match(byLabel['VII. Port binding'], /warning|error/, 'the hardcoded port counts against Port binding');
    await wb().screenshot('checklist', wb().page.locator('.part.sidebar'));
    await wb().screenshot('checklist-workbench');
  });

  it('status bar shows the factor score and the error and warning counts', async () => {
    // "Twelve-Factor 9/11 1 3": passing over applicable factors, then errors and warnings (icons render as empty spans).
    await waitFor(
      async () =>
        (await wb().statusBarTexts()).some((t) => /^Twelve-Factor \d+\/(\d|1[0-2])\s+\d+\s+[1-9]\d*$/.test(t)),
      {
        what: 'status bar item "Twelve-Factor N/M E W"',
      },
    );
  });

  it('clicking a finding opens its file at its line', async () => {
    await openChecklist();
    await factorRows();
    const finding = await firstFindingUnder('VII. Port binding');
    // Move the cursor elsewhere first so the check below proves the click moved it.
    await wb().openFile('package.json');
    await wb().treeRow(VIEW, finding.index).click();
    await waitFor(async () => (await wb().activeTabTitle()) === 'server.js', { what: 'server.js tab active' });
    await waitFor(async () => (await wb().cursorPosition())?.line === 10, {
      what: 'cursor on line 10 (Ln 10 in the status bar)',
    });
  });
});
