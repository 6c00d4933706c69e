// Bundles the client, server and CLI with esbuild. `--watch` rebuilds on change.
import * as esbuild from 'esbuild';

const watch = process.argv.includes('--watch');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  minify: !watch,
  logLevel: 'warning',
  // No keepNames: it wraps every function and class with a name-setting call, and made scans 1.7-1.9x slower (the
  // CLI on NodeBB: 22-25 s against 13-14 s). Errors are logged as one line naming the rule; `--debug` maps traces
  // through the source maps instead.
  // jsonc-parser's UMD main build uses dynamic requires esbuild cannot follow; its ESM build bundles cleanly.
  mainFields: ['module', 'main'],
};
const builds = [
  { ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
  { ...common, entryPoints: ['server/src/lsp/main.ts'], outfile: 'dist/server.js' },
  { ...common, entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js' },
];
if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
