// The extension manifest against the code: command ids, views, settings and files it points at, and the text the
// checklist and status item show (the end-to-end suite matches these strings in the real workbench).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { CLIENT_ID, Commands, SETTINGS_SECTION, Views } from '../../shared/protocol';
import { DEFAULT_SETTINGS } from '../../server/src/lsp/settings';
import { FACTORS } from '../../server/src/core/factors';
import {
  countsDescription,
  durationText,
  factorLabel,
  problemsText,
  problemsWords,
  scoreOf,
  scoreText,
} from '../../client/src/format';

const ROOT = path.join(__dirname, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const contributes = pkg.contributes;
const exists = (rel: string) => fs.existsSync(path.join(ROOT, rel));

/** Commands users run from the palette; their titles are part of the interface (and of the e2e suite). */
const PALETTE: Record<string, string> = {
  [Commands.rescan]: 'Rescan Workspace',
  [Commands.fixAllInFile]: 'Fix All in File',
  [Commands.showOutput]: 'Show Output Channel',
  [Commands.restartServer]: 'Restart Server',
  [Commands.openChecklist]: 'Open Checklist',
  [Commands.exportReport]: 'Export Report',
  [Commands.openWebsite]: 'Open 12factor.net',
};

describe('extension manifest', () => {
  it('contributes every command of shared/protocol.ts, in the Twelve-Factor category, and no other', () => {
    const contributed = contributes.commands.map((c: { command: string }) => c.command).sort();
    assert.deepStrictEqual(contributed, Object.values(Commands).sort());
    for (const c of contributes.commands) assert.strictEqual(c.category, 'Twelve-Factor', c.command);
    for (const [id, title] of Object.entries(PALETTE)) {
      assert.strictEqual(contributes.commands.find((c: { command: string }) => c.command === id)?.title, title, id);
    }
  });

  it('hides the internal commands from the palette and shows the others', () => {
    const hidden = new Set(
      contributes.menus.commandPalette
        .filter((m: { when: string }) => m.when === 'false')
        .map((m: { command: string }) => m.command),
    );
    for (const id of Object.values(Commands)) assert.strictEqual(hidden.has(id), !(id in PALETTE), id);
  });

  it('registers a handler for every command in the client', () => {
    const source = fs.readFileSync(path.join(ROOT, 'client', 'src', 'commands.ts'), 'utf8');
    for (const [key, id] of Object.entries(Commands))
      assert.ok(source.includes(`register(Commands.${key},`), `${id} is registered`);
  });

  it('menus only reference contributed commands and the checklist view', () => {
    const ids = new Set(Object.values(Commands) as string[]);
    for (const [menu, items] of Object.entries(
      contributes.menus as Record<string, { command: string; when?: string }[]>,
    )) {
      for (const item of items) {
        assert.ok(ids.has(item.command), `${menu}: ${item.command}`);
        if (menu.startsWith('view/'))
          assert.match(
            item.when ?? '',
            new RegExp(`view == ${Views.checklist.replace('.', '\\.')}\\b`),
            `${menu}: ${item.command}`,
          );
      }
    }
  });

  it('has the "Twelve-Factor" container holding the "Checklist" view', () => {
    assert.deepStrictEqual(
      contributes.viewsContainers.activitybar.map((c: { id: string; title: string }) => [c.id, c.title]),
      [[Views.container, 'Twelve-Factor']],
    );
    assert.deepStrictEqual(
      contributes.views[Views.container].map((v: { id: string; name: string }) => [v.id, v.name]),
      [[Views.checklist, 'Checklist']],
    );
  });

  it('declares a setting for every server setting, with the server default, plus the trace setting', () => {
    const props = contributes.configuration.properties;
    for (const [key, value] of Object.entries(DEFAULT_SETTINGS)) {
      // Rule options are written inside twelveFactor.rules (`"id": ["warning", { … }]`), not as a setting of their own.
      if (key === 'ruleOptions') continue;
      const p = props[`${SETTINGS_SECTION}.${key}`];
      assert.ok(p, `${SETTINGS_SECTION}.${key}`);
      assert.deepStrictEqual(p.default, value, `${key} default`);
      assert.strictEqual(p.scope, 'resource', `${key} is per folder`);
    }
    assert.deepStrictEqual(props[`${CLIENT_ID}.trace.server`]?.enum, ['off', 'messages', 'verbose']);
    // A level, or ESLint's [level, options].
    const [level, withOptions] = props[`${SETTINGS_SECTION}.rules`].additionalProperties.anyOf;
    assert.deepStrictEqual(level.enum, ['error', 'warning', 'info', 'hint', 'off']);
    assert.deepStrictEqual(withOptions.items[0], level);
  });

  it('points only at files that exist and will be packaged', () => {
    const files = [
      pkg.main.replace(/^\.\//, '').replace('dist/client.js', 'client/src/extension.ts'),
      pkg.icon,
      ...contributes.viewsContainers.activitybar.map((c: { icon: string }) => c.icon),
      ...contributes.snippets.map((s: { path: string }) => s.path.replace(/^\.\//, '')),
      ...contributes.walkthroughs.flatMap((w: { steps: { media: { markdown?: string; image?: string } }[] }) =>
        w.steps.map((s) => s.media.markdown ?? s.media.image),
      ),
    ];
    for (const f of files) assert.ok(exists(f), f);
    const ignore = fs
      .readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8')
      .split('\n')
      .map((l) => l.trim());
    assert.strictEqual(
      ignore.find((l) => l && !l.startsWith('#')),
      '**',
      '.vscodeignore is an allowlist',
    );
    for (const needed of [
      '!dist/client.js',
      '!dist/server.js',
      '!snippets/**',
      '!media/**',
      '!docs/rules/**',
      '!package.json',
      '!LICENSE',
    ]) {
      assert.ok(ignore.includes(needed), `.vscodeignore keeps ${needed}`);
    }
  });

  it('is trusted in untrusted workspaces, not offered for virtual ones, and activates on startup', () => {
    assert.strictEqual(pkg.capabilities.untrustedWorkspaces.supported, true);
    assert.strictEqual(pkg.capabilities.virtualWorkspaces.supported, false);
    assert.ok(pkg.activationEvents.includes('onStartupFinished'));
    assert.strictEqual(`${pkg.publisher}.${pkg.name}`, 'twelve-factor.twelve-factor');
  });
});

describe('checklist and status text', () => {
  // The e2e suite's pattern for a factor's description.
  const STATUS =
    /^((\d+ (errors?|warnings?|infos?|hints?|baselined)(, \d+ (errors?|warnings?|infos?|hints?|baselined))*)(, partly analysed)?|partly analysed|no findings|not applicable)$/;
  const counts = (error = 0, warning = 0, info = 0, hint = 0) => ({ error, warning, info, hint });

  it('labels factors as 12factor.net numbers them', () => {
    assert.deepStrictEqual(
      FACTORS.map((f) => factorLabel({ factor: f.n, name: f.name })),
      [
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
      ],
    );
  });

  it('describes a factor by its counts, most severe first', () => {
    const cases: [Parameters<typeof countsDescription>[0], string][] = [
      [{ status: 'fail', counts: counts(2, 1) }, '2 errors, 1 warning'],
      [{ status: 'fail', counts: counts(1, 0, 3, 1) }, '1 error, 3 infos, 1 hint'],
      [{ status: 'warn', counts: counts(0, 2) }, '2 warnings'],
      [{ status: 'pass', counts: counts() }, 'no findings'],
      [{ status: 'warn', counts: counts(), partial: true }, 'partly analysed'],
      [{ status: 'warn', counts: counts(0, 1), partial: true }, '1 warning, partly analysed'],
      [{ status: 'fail', counts: counts(1), baselined: 4 }, '1 error, 4 baselined'],
      [{ status: 'warn', counts: counts(), baselined: 1 }, '1 baselined'],
      [{ status: 'not-applicable', counts: counts() }, 'not applicable'],
    ];
    for (const [input, want] of cases) {
      assert.strictEqual(countsDescription(input), want);
      assert.match(want, STATUS);
    }
  });

  it('scores passing over applicable factors across folders', () => {
    const factor = (status: 'pass' | 'warn' | 'fail' | 'not-applicable', error = 0, warning = 0) =>
      ({ status, counts: counts(error, warning, 1) }) as never;
    const score = scoreOf({
      folders: [
        {
          uri: 'file:///a',
          name: 'a',
          projects: 1,
          factors: [factor('pass'), factor('fail', 1, 2), factor('not-applicable')],
        },
        { uri: 'file:///b', name: 'b', projects: 2, factors: [factor('pass'), factor('warn', 0, 1)] },
      ],
    });
    assert.deepStrictEqual(score, { passing: 2, applicable: 4, errors: 1, warnings: 3, projects: 3 });
    assert.strictEqual(scoreText({ passing: 9, applicable: 12 }), 'Twelve-Factor 9/12');
    // The counts move with every fix, even when no factor turns to passing yet.
    assert.strictEqual(problemsText(score), '$(error) 1 $(warning) 3');
    assert.strictEqual(problemsWords(score), '1 error and 3 warnings');
    assert.strictEqual(problemsWords({ passing: 0, applicable: 0, errors: 0, warnings: 1 }), '0 errors and 1 warning');
    assert.strictEqual(durationText(420), '420 ms');
    assert.strictEqual(durationText(1530), '1.5 s');
  });
});
