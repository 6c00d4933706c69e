// build-release-run/unpinned-base-image: `FROM node` or `FROM node:latest`: two builds of the same commit can
// produce different images, so a build is not reproducible.
import * as path from 'path';
import * as semver from 'semver';
import { defineRule, type Finding, type Fix, type FixContext, type ProjectContext, type Range } from '../../core/types';
import type { Dockerfile, DockerInstruction } from '../../core/model';
import { isDevDockerfile, splitImage } from '../../platform/docker';
import { parseDockerfile } from '../../platform/dockerfile';

const ID = 'build-release-run/unpinned-base-image';

/** Tag words that move to a new version on their own. `node:lts-alpine` floats; `debian:bookworm` does not. */
const FLOATING = new Set(['latest', 'lts', 'current', 'stable', 'edge', 'alpine', 'slim', 'mainline']);

interface FromRef {
  ins: DockerInstruction;
  image: string;
  resolved: string;
  range: Range;
}

/** `ARG NODE_VERSION=20` before the first FROM, for `FROM node:${NODE_VERSION}`. */
function globalArgs(instructions: DockerInstruction[]): Map<string, string | undefined> {
  const args = new Map<string, string | undefined>();
  for (const ins of instructions) {
    if (ins.keyword === 'FROM') break;
    if (ins.keyword !== 'ARG') continue;
    const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:=(.*))?$/.exec(ins.args.trim());
    if (m) args.set(m[1], m[2]?.replace(/^["']|["']$/g, ''));
  }
  return args;
}

function substitute(image: string, args: Map<string, string | undefined>): string | undefined {
  let unresolved = false;
  const sub = (_m: string, a?: string, def?: string, b?: string) => {
    const v = args.get((a ?? b)!) ?? def;
    if (v === undefined || v === '') unresolved = true;
    return v ?? '';
  };
  // `${NAME}` needs a `}`: past the last one only `$NAME` can match. Without the split, every `${A-` of a long
  // image read on to the end looking for one.
  const close = image.lastIndexOf('}') + 1;
  const out =
    image.slice(0, close).replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, sub) +
    image.slice(close).replace(/\$([A-Za-z_][A-Za-z0-9_]*)/g, (m, b: string) => sub(m, undefined, undefined, b));
  return unresolved ? undefined : out;
}

/** Every FROM that names an external image (not `scratch`, not an earlier stage). */
function externalFroms(instructions: DockerInstruction[]): FromRef[] {
  const args = globalArgs(instructions);
  const stages = new Set<string>();
  const out: FromRef[] = [];
  for (const ins of instructions) {
    if (ins.keyword !== 'FROM') continue;
    const words = ins.args.split(/\s+/).filter((w) => w && !w.startsWith('--'));
    const image = words[0];
    const as = words.findIndex((w) => w.toLowerCase() === 'as');
    const stageName = as > 0 ? words[as + 1]?.toLowerCase() : undefined;
    if (image && image.toLowerCase() !== 'scratch' && !stages.has(image.toLowerCase())) {
      const resolved = substitute(image, args);
      const at = ins.args.indexOf(image);
      const range: Range =
        ins.range.start.line === ins.range.end.line && at >= 0
          ? {
              start: { line: ins.range.start.line, character: ins.argsRange.start.character + at },
              end: { line: ins.range.start.line, character: ins.argsRange.start.character + at + image.length },
            }
          : ins.range;
      if (resolved !== undefined) out.push({ ins, image, resolved, range });
    }
    if (stageName) stages.add(stageName);
  }
  return out;
}

/** Why an image reference floats, or undefined when it is pinned (a version tag or a digest). */
export function floating(image: string): 'untagged' | 'latest' | 'floating' | undefined {
  if (image.includes('@')) return undefined; // digest
  const [name, tag] = splitImage(image);
  // `gcr.io/distroless/nodejs24-debian13` carries its versions in the name and publishes no version tags.
  if (tag === undefined) return /\/[a-z]+\d+(-[a-z]+\d+)*$/.test(name) ? undefined : 'untagged';
  if (tag === 'latest') return 'latest';
  return tag.split('-').every((w) => FLOATING.has(w)) ? 'floating' : undefined;
}

function checkProject(ctx: ProjectContext): void {
  for (const df of ctx.project.dockerfiles) {
    if (isDevDockerfile(df.rel)) continue;
    for (const ref of externalFroms(df.instructions)) {
      const why = floating(ref.resolved);
      if (!why) continue;
      const tag = why === 'floating' ? { tag: splitImage(ref.resolved)[1] ?? '' } : {};
      ctx.report(
        df.path,
        ref.range,
        { messageId: why, data: { image: ref.resolved, ...tag } },
        {
          data: { image: ref.image },
        },
      );
    }
  }
}

/** The Node major version the project asks for: engines.node, else .nvmrc / .node-version. */
function nodeMajor(ctx: FixContext): { major: number; from: string } | undefined {
  const project = ctx.project;
  if (!project) return undefined;
  const engines = project.pkg?.data.engines?.node;
  // minVersion throws on what is no range at all (`lts/*`).
  if (typeof engines === 'string' && semver.validRange(engines, { loose: true })) {
    const min = semver.minVersion(engines, { loose: true }) ?? undefined;
    if (min && min.major > 0) return { major: min.major, from: 'engines.node' };
  }
  for (const name of ['.nvmrc', '.node-version']) {
    const text = ctx.read(path.join(project.root, name))?.trim();
    const m = text && /^v?(\d+)(\.\d+){0,2}$/.exec(text);
    if (m) return { major: Number(m[1]), from: name };
  }
  return undefined;
}

function fixes(finding: Finding, ctx: FixContext): Fix[] {
  const image = (finding.data as { image?: string } | undefined)?.image;
  if (!image || image.includes('$')) return [];
  const [name, tag] = splitImage(image);
  if (name.replace(/^(docker\.io\/)?(library\/)?/, '') !== 'node') return [];
  const text = ctx.read(finding.path);
  if (text === undefined) return [];
  // The image must still be where the finding says.
  const ins = parseDockerfile(text).find(
    (i) => i.keyword === 'FROM' && i.range.start.line === finding.range.start.line,
  );
  if (!ins || !ins.args.split(/\s+/).includes(image) || finding.range.start.line !== finding.range.end.line) return [];
  const node = nodeMajor(ctx);
  if (!node) return [];
  const variant = (tag ?? '').split('-').filter((w) => w === 'alpine' || w === 'slim');
  const pinned = `${name}:${[String(node.major), ...variant].join('-')}`;
  return [
    {
      title: `Pin the base image to ${pinned} (from ${node.from})`,
      edits: [{ path: finding.path, edits: [{ range: finding.range, newText: pinned }] }],
    },
  ];
}

export const unpinnedBaseImage = defineRule({
  meta: {
    id: ID,
    inputs: ['dockerfile'],
    factor: 'build-release-run',
    severity: 'info',
    description: 'A Dockerfile FROM without a tag, with :latest, or with a moving tag such as lts or alpine.',
    why: 'A build must be repeatable (factor V): with a moving base-image tag two builds of the same commit can get different images. Pin a version tag (node:20.12-alpine) or a digest.',
    fixable: true,
    messages: {
      untagged: "Base image '{{image}}' has no tag, so it means :latest.",
      latest: "Base image '{{image}}' uses :latest.",
      floating: "Base image '{{image}}' uses the moving tag ':{{tag}}'.",
    },
  },
  checkProject,
  appliesTo: (ctx) => ctx.project.dockerfiles.some((df: Dockerfile) => !isDevDockerfile(df.rel)),
  fixes,
});
