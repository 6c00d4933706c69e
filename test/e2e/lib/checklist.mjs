// Helpers for the Twelve-Factor "Checklist" tree view.
import { wb } from './session.mjs';
import { waitFor } from './wait.mjs';

export const VIEW = 'Checklist';
export const FACTORS = [
  'I. Codebase',
  'II. Dependencies',
  'III. Config',
  'IV. Backing services',
  'V. Build, release, run',
  'VI. Processes',
  'VII. Port binding',
  'VIII. Concurrency',
  'IX. Disposability',
  'X. Dev/prod parity',
  'XI. Logs',
  'XII. Admin processes',
];
// "1 error", "2 warnings", "1 error, 1 warning", "no findings", "not applicable".
export const STATUS =
  /^(\d+ (errors?|warnings?|infos?|hints?)(, \d+ (errors?|warnings?|infos?|hints?))*|no findings|not applicable)$/;

export async function openChecklist() {
  await wb().runCommand('Twelve-Factor: Open Checklist');
  await wb().viewPane(VIEW).waitFor({ state: 'visible' });
}

/** Top-level rows once all twelve factors are rendered with a status description. */
export async function factorRows() {
  let rows = [];
  await waitFor(
    async () => {
      rows = (await wb().treeRows(VIEW)).filter((r) => r.level === 1);
      return rows.length === 12 && rows.every((r) => r.description);
    },
    { timeout: 60_000, what: () => `twelve factor rows with statuses (now: ${JSON.stringify(rows)})` },
  );
  return rows;
}

/**
 * Expands the factor and its file rows and returns the first finding: factor (level 1) >
 * file (level 2) > finding (level 3). Level-2 leaves are manual checks, not findings.
 */
export async function firstFindingUnder(factorLabel) {
  return waitFor(
    async () => {
      const rows = await wb().treeRows(VIEW);
      const start = rows.findIndex((r) => r.level === 1 && r.label === factorLabel);
      if (start < 0) return null;
      const base = rows[start].level;
      for (let i = start; i < rows.length && (i === start || rows[i].level > base); i++) {
        if (rows[i].expanded === 'false') {
          await wb().treeRow(VIEW, rows[i].index).locator('.monaco-tl-twistie').click();
          return null; // re-read after the tree re-renders
        }
        if (rows[i].level === base + 2) return rows[i];
      }
      return null;
    },
    { timeout: 30_000, what: `a finding under ${factorLabel}` },
  );
}
