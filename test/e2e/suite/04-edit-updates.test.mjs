// Removing a violation by editing updates the Problems panel and the checklist counts.
import { wb } from '../lib/session.mjs';
import { waitFor } from '../lib/wait.mjs';
import { factorRows, openChecklist } from '../lib/checklist.mjs';

const portStatus = async () => (await factorRows()).find((r) => r.label === 'VII. Port binding').description;

describe('Live updates after an edit', () => {
  it('fixing app.listen(3000) clears the port diagnostic and changes the checklist', async () => {
    await openChecklist();
    const before = await portStatus();
    await wb().openFile('src/server.js');
    await wb().waitForProblems((r) => r.some((p) => p.code === 'port-binding/hardcoded-port'), {
      what: 'port diagnostic',
    });
    // Double-click selects the number token; typing replaces it.
    await wb().editorToken('3000').dblclick();
    await wb().page.keyboard.type('process.env.PORT');
    await waitFor(async () => (await wb().editorLines()).some((l) => l.includes('app.listen(process.env.PORT);')), {
      what: 'edited line rendered',
    });
    await wb().runCommand('File: Save');
    await wb().waitForProblems((r) => !r.some((p) => p.code === 'port-binding/hardcoded-port'), {
      what: 'port diagnostic gone',
    });
    await openChecklist();
    let now;
    await waitFor(async () => (now = await portStatus()) !== before, {
      what: () => `Port binding status to change from "${before}" (now "${now}")`,
    });
  });
});
