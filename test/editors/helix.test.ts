// Helix is not installable on the test machine (Debian 12 has no package), so its README block is not run: it is
// parsed as TOML and checked for what Helix reads from it. The README says so.
import * as assert from 'assert';
import { parse } from 'smol-toml';
import { readmeBlock } from './helpers';

describe('Helix with the README config (parsed, not run)', () => {
  it('is valid TOML defining the twelve-factor server over stdio, added beside each language’s usual server', () => {
    const { lang, text } = readmeBlock('helix');
    assert.strictEqual(lang, 'toml');
    // Plain objects (smol-toml makes them without a prototype), for deepStrictEqual.
    const toml = JSON.parse(JSON.stringify(parse(text))) as {
      'language-server': Record<string, { command: string; args: string[] }>;
      language: { name: string; 'language-servers': string[] }[];
    };
    assert.deepStrictEqual(toml['language-server'], {
      'twelve-factor': { command: 'twelve-factor-lsp', args: ['--stdio'] },
    });
    assert.deepStrictEqual(
      toml.language.map((l) => l.name),
      ['typescript', 'javascript'],
    );
    for (const l of toml.language)
      assert.deepStrictEqual(l['language-servers'], ['typescript-language-server', 'twelve-factor'], l.name);
  });
});
