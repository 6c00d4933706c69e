// Dockerfile structure shared by rules: stages, the final image's stage chain, image references, dev images.
import * as path from 'path';
import type { Dockerfile, DockerInstruction } from '../core/model';
import { isExamplePath, isTestPath } from '../core/paths';

/** `registry:5000/team/node:20-alpine@sha256:…` → [`registry:5000/team/node`, `20-alpine`]. */
export function splitImage(image: string): [string, string | undefined] {
  const noDigest = image.split('@')[0];
  const slash = noDigest.lastIndexOf('/');
  const colon = noDigest.lastIndexOf(':');
  if (colon > slash) return [noDigest.slice(0, colon), noDigest.slice(colon + 1)];
  return [noDigest, undefined];
}

export interface DockerStage {
  image: string;
  name?: string;
  from: DockerInstruction;
  instructions: DockerInstruction[];
}

/** FROM lines split a Dockerfile into stages. `FROM --platform=… image AS name`. */
export function dockerStages(df: Dockerfile): DockerStage[] {
  const stages: DockerStage[] = [];
  for (const ins of df.instructions) {
    if (ins.keyword === 'FROM') {
      const words = ins.args.split(/\s+/).filter((w) => !w.startsWith('--'));
      const as = words.findIndex((w) => w.toLowerCase() === 'as');
      stages.push({
        image: words[0] ?? '',
        name: as > 0 ? words[as + 1]?.toLowerCase() : undefined,
        from: ins,
        instructions: [],
      });
    } else if (stages.length) stages[stages.length - 1].instructions.push(ins);
  }
  return stages;
}

/** The final stage with the stages it builds on (`FROM base AS run` after `FROM node:20 AS base`), base first. */
export function finalStageChain(df: Dockerfile): DockerStage[] {
  const stages = dockerStages(df);
  const chain: DockerStage[] = [];
  let cur: DockerStage | undefined = stages[stages.length - 1];
  while (cur && chain.length < stages.length) {
    chain.unshift(cur);
    const image = cur.image.toLowerCase();
    cur = stages
      .slice(0, stages.indexOf(cur))
      .reverse()
      .find((s) => s.name === image);
  }
  return chain;
}

/** Dev and test images (`Dockerfile.dev`, `dev.Dockerfile`, `.devcontainer/`) do not build what production runs. */
export function isDevDockerfile(rel: string): boolean {
  const base = path.posix.basename(rel);
  if (/(^|\/)\.devcontainer\//.test(rel) || /^(dev|development|local|test)\.Dockerfile$/i.test(base)) return true;
  // `docker/development/Dockerfile`, `extras/docker/dev/Dockerfile`: the image's folder says what it is for.
  if (/(^|\/)(dev|development|local)\/[^/]+$/i.test(rel)) return true;
  // Test images (`test/smoke/Dockerfile`, `test/test-radius.dockerfile`) and dev workspaces (`.gitpod.Dockerfile`).
  if (isTestPath(rel) || isExamplePath(rel) || /^\.?(gitpod|devcontainer)\.Dockerfile$/i.test(base)) return true;
  return /[.-](dev|development|local|test|ci|e2e)([.-]|$)/i.test(base.replace(/^(Dockerfile|Containerfile)/i, ''));
}

/** A shell script named for local development, tests or CI: `start.dev.sh`, `startup.relational.test.sh`, `dev-entrypoint.sh`. */
export const DEV_SCRIPT_NAME = /(^|[.-])(dev|development|local|test|e2e|ci)[.-]/i;

/**
 * A dev image by its name, or one whose final CMD/ENTRYPOINT runs a script named for development
 * (`CMD ["/opt/startup.relational.dev.sh"]`): the local quick-start stack, not what is deployed.
 */
export function isDevImage(df: Dockerfile): boolean {
  if (isDevDockerfile(df.rel)) return true;
  const instructions = finalStageChain(df).flatMap((s) => s.instructions);
  return ['ENTRYPOINT', 'CMD'].some((kw) => {
    const ins = instructions.filter((i) => i.keyword === kw).pop();
    const words = ins ? (ins.exec ?? ins.args.split(/\s+/)) : [];
    return words.some((w) => /\.(sh|bash)$/.test(w) && DEV_SCRIPT_NAME.test(path.posix.basename(w)));
  });
}
