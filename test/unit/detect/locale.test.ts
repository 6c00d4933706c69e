// detect/locale.ts: which data files are translation catalogues.
import * as assert from 'assert';
import { isLocalePath } from '../../../server/src/detect/locale';

describe('detect/locale', () => {
  it('takes files in translation folders, wherever the folder is', () => {
    for (const p of [
      'src/locales/de.json',
      'public/locales/de/common.json',
      'src/lang/en.ts',
      'i18n/x.yml',
      'src/locale/x.json',
      'src/intl/a.json',
      'app/nls/a.json',
      'L10N/fr.yaml',
    ])
      assert.ok(isLocalePath(p), p);
  });

  it('takes catalogue formats and catalogue names', () => {
    for (const p of [
      'messages.po',
      'po/de.pot',
      'app.XLF',
      'a.xliff',
      'lib/l10n_de.arb',
      'translation.json',
      'translations.de.yaml',
      'messages/de.json',
      'strings.yml',
    ]) {
      assert.ok(isLocalePath(p), p);
    }
  });

  it('takes files named by a locale with its region or script, and not bare language codes', () => {
    for (const p of ['de-DE.json', 'zh_Hant_TW.yml', 'pt-BR.json', 'es-419.json', 'conf/sr-Latn.yaml'])
      assert.ok(isLocalePath(p), p);
    // A bare `de.json` is too ambiguous to call a catalogue outside a locale folder.
    for (const p of ['de.json', 'deDE.json', 'DE-de.json', 'en-us.json', 'de-DE.js']) assert.ok(!isLocalePath(p), p);
  });

  it('does not take other data files or folders whose name only contains a locale word', () => {
    for (const p of [
      '',
      'config.json',
      'src/language.ts',
      'src/langchain/x.json',
      'slang/x.json',
      'src/message.json',
      'data/strings-backup/a.txt',
    ]) {
      assert.ok(!isLocalePath(p), p);
    }
  });
});
