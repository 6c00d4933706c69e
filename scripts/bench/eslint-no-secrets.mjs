// The ESLint baseline: eslint-plugin-no-secrets (its recommended rule, defaults) over the plain JS files the
// parse-only baseline parsed, i.e. the JS files we parse too. `node eslint-no-secrets.mjs TOOLS_DIR LIST_FILE ROOT`.
// No other rule runs. Prints { files, problems, eslint, plugin } as JSON.
import * as fs from 'fs';
import * as path from 'path';
import { createRequire } from 'module';
import { pathToFileURL } from 'url';

const [toolsDir, listFile, root] = process.argv.slice(2);
const require = createRequire(path.join(toolsDir, 'package.json'));
const { ESLint } = await import(pathToFileURL(require.resolve('eslint')).href);
const plugin = require('eslint-plugin-no-secrets');

const files = fs.readFileSync(listFile, 'utf8').split('\n').filter(Boolean);
const eslint = new ESLint({
  cwd: root,
  overrideConfigFile: true,
  overrideConfig: [
    {
      files: ['**/*.js', '**/*.cjs', '**/*.mjs', '**/*.jsx'],
      languageOptions: { ecmaVersion: 'latest', sourceType: 'module', parserOptions: { ecmaFeatures: { jsx: true } } },
      plugins: { 'no-secrets': plugin },
      rules: { 'no-secrets/no-secrets': 'error' },
    },
  ],
  // Files it cannot parse are reported, not fatal; a warning for a file outside the config is not counted as work.
  errorOnUnmatchedPattern: false,
});
const results = files.length ? await eslint.lintFiles(files) : [];
let problems = 0;
for (const r of results) problems += r.messages.length;
const version = (name) => JSON.parse(fs.readFileSync(require.resolve(`${name}/package.json`), 'utf8')).version;
process.stdout.write(
  JSON.stringify({
    files: results.length,
    problems,
    eslint: ESLint.version,
    plugin: version('eslint-plugin-no-secrets'),
  }) + '\n',
);
