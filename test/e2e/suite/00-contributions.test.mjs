// The extension's static contributions are present: activity-bar container and commands.
import { wb } from '../lib/session.mjs';
import { waitFor } from '../lib/wait.mjs';

const COMMANDS = [
  'Rescan Workspace',
  'Fix All in File',
  'Show Output Channel',
  'Restart Server',
  'Open Checklist',
  'Export Report',
];

describe('Contributions', () => {
  it('adds a "Twelve-Factor" container to the activity bar', async () => {
    const item = wb().page.locator('.activitybar .action-item a.action-label[aria-label^="Twelve-Factor"]');
    await waitFor(() => item.count(), { what: 'Twelve-Factor activity-bar item' });
  });

  it('contributes the Twelve-Factor commands', async () => {
    // Labels may carry a keybinding after a comma.
    const has = (labels, cmd) =>
      labels.some((l) => l === `Twelve-Factor: ${cmd}` || l.startsWith(`Twelve-Factor: ${cmd},`));
    await wb().paletteLabels('Twelve-Factor: ', (labels) => COMMANDS.every((c) => has(labels, c)));
  });
});
