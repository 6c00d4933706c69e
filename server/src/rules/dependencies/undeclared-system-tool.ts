// dependencies/undeclared-system-tool: the app shells out to an OS program (ffmpeg, ImageMagick, psql…) that
// nothing in the project installs or declares, so it works on the developer's machine and fails in production.
import * as path from 'path';
import * as ts from 'typescript';
import type { Finding, Fix, FixContext, ProjectContext, Range, Rule, SourceContext } from '../../engine/types';
import type { Dockerfile, Project } from '../../model/types';
import { PROCESS_TRIGGER, processCalls, programsRun, type ProcessCall } from '../../detect/childProcess';
import { moduleRefs, type ModuleRefs } from '../../detect/moduleRefs';
import { calleeName, declaredName, enclosingFunction, stringValue, unwrap } from '../../engine/astUtil';
import {
  SYSTEM_TOOLS, aptfileProvides, appJsonProvides, dockerfileProvides, nixpacksProvides,
  packageJsonDeclares, toolForProgram, type SystemTool,
} from '../../detect/systemTools';
import { finalStageChain, isDevDockerfile, splitImage } from '../../detect/docker';
import { isToolingPath, toolingScriptFiles } from '../../detect/sourceRole';
import { addToTopLevelList } from '../../fixes/packageJson';
import { diffEdit } from '../../util/text';
import { LineIndex, eolOf, toPosix } from '../../util/text';

const ID = 'dependencies/undeclared-system-tool';

interface ToolUse { program: string; tool: string; range: Range }

function checkSource(ctx: SourceContext): void {
  if (ctx.isTest || ctx.isExample) return;
  const uses: ToolUse[] = [];
  const calls = [...processCalls(ctx.sourceFile, ctx.index), ...wrapperCalls(ctx)];
  for (const call of calls) {
    for (const program of new Set(programsRun(call))) {
      const tool = toolForProgram(program);
      if (tool) uses.push({ program, tool: tool.id, range: ctx.rangeOf(call.commandNode) });
    }
  }
  if (uses.length) ctx.facts.custom[ID] = uses;
}

const FILE_FNS = new Set(['spawn', 'spawnSync', 'execFile', 'execFileSync']);
const SHELL_FNS = new Set(['exec', 'execSync']);
const EXECA_FILE = new Set(['', 'execa', 'execaSync', 'sync']);
const EXECA_SHELL = new Set(['execaCommand', 'execaCommandSync', 'command', 'commandSync']);

/** How a callee runs its first argument: as a program ('file') or a command line ('shell'). */
function runMode(callee: ts.Expression, refs: ModuleRefs, promisified: Map<string, ts.Expression>): 'file' | 'shell' | undefined {
  const e = unwrap(callee);
  // const execFileAsync = promisify(execFile)
  const inner = ts.isIdentifier(e) ? promisified.get(e.text) : undefined;
  const ref = refs.resolve(inner ?? e);
  if (!ref || ref.called || ref.path.length > 1) return undefined;
  const fn = ref.path[0] ?? '';
  if (ref.module === 'child_process') return FILE_FNS.has(fn) ? 'file' : SHELL_FNS.has(fn) ? 'shell' : undefined;
  if (ref.module === 'execa') return EXECA_FILE.has(fn) ? 'file' : EXECA_SHELL.has(fn) ? 'shell' : undefined;
  return undefined;
}

/** `spawn(cmd, args, { shell: true })` runs `cmd` as a command line. */
function shellOption(call: ts.CallExpression): boolean {
  return call.arguments.slice(1).some((a) => {
    const o = unwrap(a);
    return ts.isObjectLiteralExpression(o) && o.properties.some((p) => ts.isPropertyAssignment(p) && declaredName(p.name) === 'shell' && p.initializer.kind !== ts.SyntaxKind.FalseKeyword);
  });
}

/** The name a function is called by in this file: `function run() {}`, `const run = (…) => …`. */
function functionName(fn: ts.FunctionLikeDeclaration): string | undefined {
  if (ts.isFunctionDeclaration(fn)) return fn.name?.text;
  if (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) {
    let child: ts.Node = fn;
    let p = fn.parent;
    while (p && ts.isParenthesizedExpression(p)) { child = p; p = p.parent; }
    if (p && ts.isVariableDeclaration(p) && p.initializer === child && ts.isIdentifier(p.name)) return p.name.text;
  }
  return undefined;
}

/** Whether `fn` assigns its parameter `name` (`cmd = path.join(binDir, cmd)`): then it may run something else. */
function reassigned(assignments: ts.BinaryExpression[], fn: ts.Node, name: string): boolean {
  return assignments.some((a) => ts.isIdentifier(a.left) && a.left.text === name && a.pos >= fn.pos && a.end <= fn.end);
}

/** The nearest function whose parameter `name` is (`spawn(cmd)` inside a callback inside `run(cmd)`). */
function declaringFunction(node: ts.Node, name: string): { fn: ts.FunctionLikeDeclaration; index: number } | undefined {
  for (let fn = enclosingFunction(node); fn; fn = enclosingFunction(fn)) {
    const index = fn.parameters.findIndex((p) => ts.isIdentifier(p.name) && p.name.text === name && !p.dotDotDotToken);
    if (index >= 0) return { fn, index };
  }
  return undefined;
}

/**
 * A local helper that runs its parameter (`function run(cmd, args) { return spawn(cmd, args) }`) and the literal
 * programs this file passes it (`run('ffmpeg', […])`), each as a call of its own. Only same-file helpers with a
 * plain parameter passed straight through: anything less direct is not certain to run that program.
 */
function wrapperCalls(ctx: SourceContext): ProcessCall[] {
  const idx = ctx.index;
  const promisified = new Map<string, ts.Expression>();
  for (const v of idx.variables) {
    const init = v.initializer && unwrap(v.initializer);
    if (init && ts.isCallExpression(init) && calleeName(init.expression) === 'promisify' && ts.isIdentifier(v.name) && init.arguments[0]) promisified.set(v.name.text, init.arguments[0]);
  }
  let refs: ModuleRefs | undefined;
  const wrappers = new Map<string, { index: number; mode: 'file' | 'shell' }>();
  for (const call of idx.calls) {
    const first = call.arguments[0] && unwrap(call.arguments[0]);
    if (!first || !ts.isIdentifier(first)) continue;
    const declared = declaringFunction(call, first.text);
    const name = declared && functionName(declared.fn);
    if (!declared || !name || reassigned(idx.assignments, declared.fn, first.text)) continue;
    const index = declared.index;
    refs ??= moduleRefs(ctx.sourceFile, idx);
    const mode = runMode(call.expression, refs, promisified);
    if (mode) wrappers.set(name, { index, mode: mode === 'file' && shellOption(call) ? 'shell' : mode });
  }
  const out: ProcessCall[] = [];
  if (!wrappers.size) return out;
  for (const call of idx.calls) {
    const w = ts.isIdentifier(call.expression) ? wrappers.get(call.expression.text) : undefined;
    const arg = w && call.arguments[w.index];
    const text = arg && stringValue(unwrap(arg));
    if (!w || !arg || text === undefined) continue;
    out.push(w.mode === 'shell'
      ? { node: call, mode: 'shell', command: text, complete: true, commandNode: arg }
      : { node: call, mode: 'file', program: text, complete: false, commandNode: arg });
  }
  return out;
}

/** The project, the workspace members' root it belongs to, and the workspace root: where a tool may be declared. */
function declaringProjects(ctx: ProjectContext | FixContext, project: Project): Project[] {
  const out: Project[] = [];
  for (let p: Project | undefined = project; p; p = p.parent) out.push(p);
  const top = ctx.workspace.projects.find((p) => p.root === ctx.workspace.root);
  if (top && !out.includes(top)) out.push(top);
  return out;
}

function declared(ctx: ProjectContext, project: Project, tool: SystemTool): boolean {
  for (const p of declaringProjects(ctx, project)) {
    if (p.pkg && packageJsonDeclares(p.pkg, tool)) return true;
    if (p.dockerfiles.some((df) => dockerfileProvides(df, tool))) return true;
    const read = (name: string) => ctx.read(path.join(p.root, name));
    const aptfile = read('Aptfile');
    if (aptfile && aptfileProvides(aptfile, tool)) return true;
    const nixpacks = read('nixpacks.toml');
    if (nixpacks && nixpacksProvides(nixpacks, tool)) return true;
    const appJson = read('app.json');
    if (appJson && appJsonProvides(appJson, tool)) return true;
  }
  return false;
}

function checkProject(ctx: ProjectContext): void {
  const project = ctx.project;
  const verdict = new Map<string, boolean>();
  const toolingFiles = toolingScriptFiles(project.pkg?.scripts ?? {}, project.root);
  for (const src of project.sources) {
    const uses = ctx.facts(src)?.custom[ID] as ToolUse[] | undefined;
    if (!uses?.length) continue;
    // Build scripts and tool configs run on developer machines and CI, not in the deployed app.
    if (isToolingPath(toPosix(path.relative(project.root, src))) || toolingFiles.has(src)) continue;
    for (const use of uses) {
      const tool = SYSTEM_TOOLS.find((t) => t.id === use.tool);
      if (!tool) continue;
      if (!verdict.has(tool.id)) verdict.set(tool.id, declared(ctx, project, tool));
      if (verdict.get(tool.id)) continue;
      const what = tool.id === use.program ? `'${use.program}'` : `'${use.program}' (${tool.id})`;
      ctx.report(src, use.range, `${what} is run from the operating system, but nothing in the project installs or declares it. Install it in the Dockerfile, list it in an Aptfile, or declare it in package.json "systemDependencies" (factor II).`, {
        data: { tool: tool.id, program: use.program },
      });
    }
  }
}

type Distro = 'apt' | 'apk';

function distroOf(df: Dockerfile): Distro | undefined {
  const chain = finalStageChain(df);
  if (!chain.length) return undefined;
  const [name, tag = ''] = splitImage(chain[0].image.toLowerCase());
  const short = name.replace(/^(docker\.io\/)?(library\/)?/, '');
  if (/alpine/.test(tag) || short === 'alpine') return 'apk';
  if (/distroless|scratch|chainguard|wolfi/.test(name) || /^(amazonlinux|centos|fedora|rockylinux|almalinux)$/.test(short) || /ubi\d*/.test(short)) return undefined;
  if (['node', 'debian', 'ubuntu', 'buildpack-deps', 'python', 'ruby'].includes(short) || /bookworm|bullseye|buster|trixie|jammy|noble|focal/.test(tag)) return 'apt';
  return undefined;
}

function installLine(distro: Distro, pkg: string): string {
  return distro === 'apk'
    ? `RUN apk add --no-cache ${pkg}`
    : `RUN apt-get update && apt-get install -y --no-install-recommends ${pkg} && rm -rf /var/lib/apt/lists/*`;
}

function fixes(finding: Finding, ctx: FixContext): Fix[] {
  const data = finding.data as { tool: string } | undefined;
  const tool = SYSTEM_TOOLS.find((t) => t.id === data?.tool);
  const project = ctx.project;
  if (!tool || !project) return [];
  const projects = declaringProjects(ctx, project);
  const dockerfiles = projects.flatMap((p) => p.dockerfiles).filter((df) => !isDevDockerfile(df.rel));
  if (dockerfiles.length) {
    const df = dockerfiles[0];
    const distro = distroOf(df);
    const pkgName = distro === 'apk' ? tool.apk : distro === 'apt' ? tool.apt : undefined;
    const text = ctx.read(df.path);
    const chain = finalStageChain(df);
    if (!distro || !pkgName || text === undefined || !chain.length) return [];
    // Right after the final stage's FROM, before any USER switch drops the rights to install.
    const line = chain[chain.length - 1].from.range.end.line + 1;
    const lines = new LineIndex(text);
    const eol = eolOf(text);
    const atEnd = line >= lines.lineCount;
    const pos = atEnd ? lines.position(text.length) : { line, character: 0 };
    const newText = atEnd ? `${eol}${installLine(distro, pkgName)}${eol}` : `${installLine(distro, pkgName)}${eol}`;
    return [{
      title: `Install ${pkgName} in ${path.basename(df.path)}`,
      edits: [{ path: df.path, edits: [{ range: { start: pos, end: pos }, newText }] }],
    }];
  }
  const pkg = projects.find((p) => p.pkg)?.pkg;
  const text = pkg && ctx.read(pkg.path);
  if (!pkg || text === undefined) return [];
  const after = addToTopLevelList(text, 'systemDependencies', tool.id, { after: ['engines'], before: ['dependencies', 'devDependencies'] });
  if (after === text) return [];
  return [{
    title: `Declare ${tool.id} in package.json "systemDependencies"`,
    edits: [{ path: pkg.path, edits: [diffEdit(text, after)] }],
  }];
}

export const undeclaredSystemTool: Rule = {
  meta: {
    id: ID,
    factor: 'dependencies',
    severity: 'warning',
    description: 'Code runs an OS program (ffmpeg, ImageMagick, psql, …) that no Dockerfile, Aptfile or package.json declares.',
    fixable: true,
  },
  trigger: PROCESS_TRIGGER,
  checkSource,
  checkProject,
  appliesTo: (ctx) => ctx.project.sources.some((s) => !!ctx.facts(s)?.custom[ID]),
  fixes,
};
