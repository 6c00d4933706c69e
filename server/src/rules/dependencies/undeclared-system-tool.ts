// dependencies/undeclared-system-tool: the app shells out to an OS program (ffmpeg, ImageMagick, psql…) that
// nothing in the project installs or declares, so it works on the developer's machine and fails in production.
import * as path from 'path';
import { defineRule, type Finding, type Fix, type FixContext, type ProjectContext } from '../../core/types';
import type { Dockerfile, Project } from '../../core/model';
import {
  SYSTEM_TOOLS,
  aptfileProvides,
  appJsonProvides,
  dockerfileProvides,
  nixpacksProvides,
  packageJsonDeclares,
  type SystemTool,
} from '../../detect/systemTools';
import { finalStageChain, isDevDockerfile, splitImage } from '../../platform/docker';
import { isToolingPath } from '../../detect/sourceRole';
import { isUndeployedLibrary } from '../../detect/deployable';
import { toolingOnlyFiles, PROCESS_MODEL_INPUTS } from '../../model/processes';
import { addToTopLevelList } from '../../fixes/packageJson';
import { appendLine } from '../../fixes/gitignore';
import { LineIndex, diffEdit, eolOf, toPosix } from '../../util/text';
import { TOOL_USES } from '../../facts/dependencies';
import { undeclaredSystemToolJs } from '../../lang/js/checks/dependencies/undeclared-system-tool';
import { undeclaredSystemToolPy } from '../../lang/py/checks/dependencies/undeclared-system-tool';
import { sourceLanguage } from '../../core/paths';
import { lookupTable } from '../../util/table';

const ID = 'dependencies/undeclared-system-tool';

/** The project, the workspace members' root it belongs to, and the workspace root: where a tool may be declared. */
function declaringProjects(ctx: ProjectContext | FixContext, project: Project): Project[] {
  const out: Project[] = [];
  for (let p: Project | undefined = project; p; p = p.parent) out.push(p);
  const top = ctx.workspace.projects.find((p) => p.root === ctx.workspace.root);
  if (top && !out.includes(top)) out.push(top);
  return out;
}

/** Python distributions that put a tool's program on the PATH when the project installs them (`pip install awscli`). */
const PIP_PROVIDES = lookupTable<readonly string[]>({ awscli: ['awscli'], 'azure-cli': ['azure-cli'] });

function declared(ctx: ProjectContext, project: Project, tool: SystemTool): boolean {
  for (const p of declaringProjects(ctx, project)) {
    if (p.pkg && packageJsonDeclares(p.pkg, tool)) return true;
    if (p.python?.dependencies.some((d) => d.scope !== 'dev' && PIP_PROVIDES[d.normalized]?.includes(tool.id)))
      return true;
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
  // A library or CLI others install is not deployed: its users bring the tools it runs (uptime-kuma's kuma-pr runs
  // docker on a tester's machine).
  if (isUndeployedLibrary(project)) return;
  const verdict = new Map<string, boolean>();
  const toolingFiles = toolingOnlyFiles(project, ctx.facts, ctx.workspace);
  // Python files are not in `sources`: their checks skip tooling by the file's own content (lang/py/checks).
  const python = project.files.filter((f) => f.kind === 'source' && sourceLanguage(f.path) === 'py').map((f) => f.path);
  for (const src of [...project.sources, ...python]) {
    const uses = ctx.fact(src, TOOL_USES);
    if (!uses?.length) continue;
    // Build scripts and tool configs run on developer machines and CI, not in the deployed app.
    if (isToolingPath(toPosix(path.relative(project.root, src))) || toolingFiles.has(src)) continue;
    for (const use of uses) {
      const tool = SYSTEM_TOOLS.find((t) => t.id === use.tool);
      if (!tool) continue;
      if (!verdict.has(tool.id)) verdict.set(tool.id, declared(ctx, project, tool));
      if (verdict.get(tool.id)) continue;
      ctx.report(
        src,
        use.range,
        {
          messageId: tool.id === use.program ? 'undeclared' : 'undeclaredTool',
          data: { program: use.program, tool: tool.id },
        },
        {
          data: { tool: tool.id, program: use.program },
        },
      );
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
  if (
    /distroless|scratch|chainguard|wolfi/.test(name) ||
    /^(amazonlinux|centos|fedora|rockylinux|almalinux)$/.test(short) ||
    /ubi\d*/.test(short)
  )
    return undefined;
  if (
    ['node', 'debian', 'ubuntu', 'buildpack-deps', 'python', 'ruby'].includes(short) ||
    /bookworm|bullseye|buster|trixie|jammy|noble|focal/.test(tag)
  )
    return 'apt';
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
    const lines = LineIndex.of(text);
    const eol = eolOf(text);
    const atEnd = line >= lines.lineCount;
    const pos = atEnd ? lines.position(text.length) : { line, character: 0 };
    const newText = atEnd ? `${eol}${installLine(distro, pkgName)}${eol}` : `${installLine(distro, pkgName)}${eol}`;
    return [
      {
        title: `Install ${pkgName} in ${path.basename(df.path)}`,
        edits: [{ path: df.path, edits: [{ range: { start: pos, end: pos }, newText }] }],
      },
    ];
  }
  // A Procfile app with no package.json of its own (a Heroku Python app): the apt buildpack installs its Aptfile's list.
  if (!project.pkg && project.procfile && tool.apt) return [aptfileFix(ctx, project.root, tool.apt)];
  const pkg = projects.find((p) => p.pkg)?.pkg;
  const text = pkg && ctx.read(pkg.path);
  if (!pkg || text === undefined) return [];
  const after = addToTopLevelList(text, 'systemDependencies', tool.id, {
    after: ['engines'],
    before: ['dependencies', 'devDependencies'],
  });
  if (after === text) return [];
  return [
    {
      title: `Declare ${tool.id} in package.json "systemDependencies"`,
      edits: [{ path: pkg.path, edits: [diffEdit(text, after)] }],
    },
  ];
}

function aptfileFix(ctx: FixContext, root: string, pkgName: string): Fix {
  const file = path.join(root, 'Aptfile');
  const text = ctx.read(file);
  const edit =
    text === undefined
      ? { path: file, create: true, edits: [{ range: zeroRange(), newText: `${pkgName}\n` }] }
      : { path: file, edits: [appendLine(text, pkgName)] };
  return { title: `List ${pkgName} in Aptfile (Heroku apt buildpack)`, edits: [edit] };
}

const zeroRange = () => ({ start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });

export const undeclaredSystemTool = defineRule({
  meta: {
    id: ID,
    inputs: [...PROCESS_MODEL_INPUTS, 'python-manifest'],
    factor: 'dependencies',
    severity: 'warning',
    description:
      'Code runs an OS program (ffmpeg, ImageMagick, psql, …) that no Dockerfile, Aptfile or package.json declares.',
    why: 'An app never relies on system-wide tools being there (factor II): a deploy image without the program fails at run time. Install it in the Dockerfile, list it in an Aptfile, or declare it in package.json "systemDependencies".',
    fixable: true,
    messages: {
      undeclared: "'{{program}}' is run from the OS, but nothing in the project installs or declares it.",
      undeclaredTool:
        "'{{program}}' ({{tool}}) is run from the OS, but nothing in the project installs or declares it.",
    },
  },
  sources: [undeclaredSystemToolJs, undeclaredSystemToolPy],
  checkProject,
  appliesTo: (ctx) =>
    ctx.project.sources.some((s) => !!ctx.fact(s, TOOL_USES)) ||
    ctx.project.files.some((f) => f.kind === 'source' && !!ctx.fact(f.path, TOOL_USES)),
  fixes,
});
