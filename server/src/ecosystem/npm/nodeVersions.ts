// Node.js versions as projects state them: engines ranges, .nvmrc/.node-version/.tool-versions, volta, and
// Dockerfile `FROM node:<tag>`. Everything is compared by major version.
import * as path from 'path';
import * as semver from 'semver';
import type { Dockerfile, DockerInstruction, Project } from '../../core/model';
import type { ProjectContext, Range } from '../../core/types';
import { isExamplePath, isTestPath } from '../../core/paths';
import { jsonRange } from './packageJson';
import { lookupTable } from '../../util/table';
import { cutTail } from '../../util/linear';

const LTS_CODENAMES: Record<string, number> = lookupTable({
  argon: 4,
  boron: 6,
  carbon: 8,
  dubnium: 10,
  erbium: 12,
  fermium: 14,
  gallium: 16,
  hydrogen: 18,
  iron: 20,
  jod: 22,
  krypton: 24,
});

/** `20`, `v20.11.0`, `20.x`, `lts/iron` → 20; `lts/*`, `node`, `stable`, `latest` → undefined (no fixed major). */
export function majorOfVersion(text: string): number | undefined {
  const v = text.trim().toLowerCase();
  const lts = /^lts\/([a-z]+)$/.exec(v);
  if (lts) return LTS_CODENAMES[lts[1]];
  const m = /^v?(\d+)(?:\.(?:\d+|x|\*)){0,2}$/.exec(v);
  return m ? Number(m[1]) : undefined;
}

export interface PinnedVersion {
  /** Where the version is written. */
  path: string;
  range: Range;
  /** The version text as written (`20`, `18.17.0`, `node:18-alpine`). */
  text: string;
  major: number;
  /** Human label: `.nvmrc`, `Dockerfile (FROM node:18-alpine)`. */
  label: string;
  kind: 'runtime-file' | 'volta' | 'docker';
  /** For Dockerfiles: whether this is the final stage of the project's main Dockerfile (what production runs). */
  production?: boolean;
}

/** The version in a .nvmrc/.node-version (whole file) or .tool-versions (`nodejs 20.1.0` / `node 20`). */
export function runtimeFileVersion(file: string, text: string): { text: string; range: Range } | undefined {
  const base = path.basename(file);
  const all = text.split(/\r?\n|\r/);
  for (let i = 0; i < all.length; i++) {
    const line = cutTail(all[i], '#');
    if (base === '.tool-versions') {
      const m = /^(\s*(?:nodejs|node)\s+)(\S+)/.exec(line);
      if (m)
        return {
          text: m[2],
          range: { start: { line: i, character: m[1].length }, end: { line: i, character: m[1].length + m[2].length } },
        };
    } else if (line.trim()) {
      const start = line.length - line.trimStart().length;
      const t = line.trim();
      return {
        text: t,
        range: { start: { line: i, character: start }, end: { line: i, character: start + t.length } },
      };
    }
  }
  return undefined;
}

/** Node image references: `node:20-alpine`, `docker.io/library/node:20`, `public.ecr.aws/docker/library/node:18`. */
const NODE_IMAGE = /^(?:(?:docker\.io\/|public\.ecr\.aws\/docker\/|mirror\.gcr\.io\/)?(?:library\/)?)node:([^\s@]+)/i;

export interface FromInfo {
  image: string;
  tag?: string;
  major?: number;
  stage?: string;
  instruction: DockerInstruction;
  isNode: boolean;
}

/** FROM instructions with ARG defaults substituted (`ARG NODE_VERSION=20` / `FROM node:${NODE_VERSION}-alpine`). */
export function fromInstructions(df: Dockerfile): FromInfo[] {
  const args = new Map<string, string>();
  const out: FromInfo[] = [];
  for (const ins of df.instructions) {
    if (ins.keyword === 'ARG' && out.length === 0) {
      for (const v of ins.vars ?? []) if (v.value !== undefined) args.set(v.key, v.value);
    }
    if (ins.keyword !== 'FROM') continue;
    const raw = ins.from?.image ?? '';
    const image = raw.replace(
      /\$\{?([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}?/g,
      (_m, name: string, dflt?: string) => args.get(name) ?? dflt ?? '',
    );
    const stage = ins.from?.stage;
    const m = NODE_IMAGE.exec(image);
    const tag = m?.[1];
    // gcr.io/distroless/nodejs20-debian12 names its major in the image itself.
    const distroless = /(?:^|\/)distroless\/nodejs(\d+)/.exec(image);
    const major = tag ? majorOfTag(tag) : distroless ? Number(distroless[1]) : undefined;
    out.push({ image, tag, major, stage, instruction: ins, isNode: !!m || !!distroless || /(^|\/)node$/.test(image) });
  }
  return out;
}

/** `20.12-alpine` → 20, `20-bookworm-slim` → 20, `lts-alpine`, `alpine`, `current` → undefined. */
export function majorOfTag(tag: string): number | undefined {
  const m = /^(\d+)(?:\.\d+){0,2}(?:-|$)/.exec(tag);
  return m ? Number(m[1]) : undefined;
}

/** Dockerfiles that build this project, outside tests and examples; the main one (`Dockerfile` at the root) first. */
export function projectDockerfiles(project: Project): Dockerfile[] {
  const list = project.dockerfiles.filter((d) => !isTestPath(d.rel) && !isExamplePath(d.rel));
  const isMain = (d: Dockerfile) => path.dirname(d.path) === project.root && path.basename(d.path) === 'Dockerfile';
  return [...list.filter(isMain), ...list.filter((d) => !isMain(d))];
}

/** Every place the project pins a Node version to one major. */
export function pinnedVersions(ctx: ProjectContext): PinnedVersion[] {
  return pinnedVersionsOf(ctx.project, ctx.read);
}

/**
 * What a workspace member inherits from its workspace root (`project.parent`) for the Node version: the root's
 * engines.node when the member declares none, and the root's version files (.nvmrc, .node-version,
 * .tool-versions, volta) when the member has none of its own. Labels say they are the root's.
 */
export function inheritedVersions(
  project: Project,
  read: (p: string) => string | undefined,
): { engines?: { range: string; label: string }; pinned: PinnedVersion[] } {
  const root = project.parent;
  if (!root) return { pinned: [] };
  const own = pinnedVersionsOf(project, read, false);
  const rootEngines = enginesNode(project) ? undefined : enginesNode(root);
  const pinned = own.length
    ? []
    : pinnedVersionsOf(root, read, false).map((p) => ({ ...p, label: `the workspace root's ${p.label}` }));
  return { engines: rootEngines && { range: rootEngines.range, label: "the workspace root's package.json" }, pinned };
}

function pinnedVersionsOf(
  project: Project,
  read: (p: string) => string | undefined,
  withDocker = true,
): PinnedVersion[] {
  const out: PinnedVersion[] = [];
  for (const f of project.files) {
    if (f.kind !== 'runtime-version' || path.dirname(f.path) !== project.root) continue;
    const text = read(f.path);
    const v = text === undefined ? undefined : runtimeFileVersion(f.path, text);
    const major = v ? majorOfVersion(v.text) : undefined;
    if (v && major !== undefined)
      out.push({
        path: f.path,
        range: v.range,
        text: v.text,
        major,
        label: path.basename(f.path),
        kind: 'runtime-file',
      });
  }
  const pkg = project.pkg;
  const volta = pkg?.data.volta?.node;
  if (pkg && typeof volta === 'string') {
    const major = majorOfVersion(volta);
    const range = jsonRange(pkg, ['volta', 'node']);
    if (major !== undefined && range)
      out.push({ path: pkg.path, range, text: volta, major, label: 'package.json volta.node', kind: 'volta' });
  }
  if (!withDocker) return out;
  const dockerfiles = projectDockerfiles(project);
  dockerfiles.forEach((df, i) => {
    const froms = fromInstructions(df);
    const nodeFroms = froms.filter((f) => f.major !== undefined);
    const last = froms[froms.length - 1];
    for (const f of nodeFroms) {
      const r = f.instruction.argsRange;
      out.push({
        path: df.path,
        range: r,
        text: f.image,
        major: f.major!,
        label: `FROM ${f.image} in ${df.rel}`,
        kind: 'docker',
        production: i === 0 && f === last,
      });
    }
  });
  return out;
}

/** The engines.node range, if it is a valid semver range. */
export function enginesNode(project: Project): { range: string; where: Range } | undefined {
  const pkg = project.pkg;
  const v = pkg?.data.engines?.node;
  if (!pkg || typeof v !== 'string' || !semver.validRange(v)) return undefined;
  const where = jsonRange(pkg, ['engines', 'node']);
  return where ? { range: v, where } : undefined;
}

/** Whether a range admits some version of a major (">=18" admits 20; "20.x" admits 20.12). */
export function rangeAdmitsMajor(range: string, major: number): boolean {
  try {
    return semver.intersects(range, `${major}.x`);
  } catch {
    return true; // an unreadable range contradicts nothing
  }
}
