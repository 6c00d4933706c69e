// dev-prod-parity/runtime-version-drift: the Node major differs between package.json engines, .nvmrc /
// .node-version / .tool-versions, volta and the Dockerfile's FROM node:<tag>.
import * as path from 'path';
import * as semver from 'semver';
import {
  defineRule,
  type Finding,
  type Fix,
  type FixContext,
  type Message,
  type ProjectContext,
  type Range,
} from '../../core/types';
import {
  enginesNode,
  inheritedVersions,
  pinnedVersions,
  rangeAdmitsMajor,
  type PinnedVersion,
} from '../../ecosystem/npm/nodeVersions';
import { LineIndex } from '../../util/text';
import { constraintsAgree } from '../../ecosystem/python/versions';
import type { PythonVersionStatement } from '../../core/model';

const ID = 'dev-prod-parity/runtime-version-drift';

/** For `FROM node:18.17-alpine`, the range of `18.17`: findings and fixes point at the version itself. */
function versionRange(ctx: ProjectContext, p: PinnedVersion): Range {
  if (p.kind !== 'docker') return p.range;
  const text = ctx.read(p.path);
  if (text === undefined) return p.range;
  const lines = LineIndex.of(text);
  const line = lines.lineText(p.range.start.line);
  const m = /(?:^|[\s/])node:(\d+(?:\.\d+){0,2})/.exec(line.slice(p.range.start.character));
  if (!m) return p.range;
  const start = p.range.start.character + m.index + m[0].length - m[1].length;
  return {
    start: { line: p.range.start.line, character: start },
    end: { line: p.range.start.line, character: start + m[1].length },
  };
}

/** Python statements that name one version or series (a version file, runtime.txt, an image tag), not a range. */
const PINNED_SOURCES = new Set(['.python-version', 'runtime.txt', 'dockerfile']);

/**
 * Python: `.python-version`, `runtime.txt`, `requires-python` (or Poetry's, Pipenv's, setup.cfg's) and the production
 * image's `FROM python:<tag>`. The production image is the reference, else runtime.txt (what Heroku runs), else
 * `.python-version`; each statement that cannot hold with it is reported.
 */
function checkPython(ctx: ProjectContext): void {
  const versions = (ctx.project.python?.versions ?? []).filter((v) => v.anyOf);
  if (versions.length < 2) return;
  const ref =
    versions.find((v) => v.source === 'dockerfile') ??
    versions.find((v) => v.source === 'runtime.txt') ??
    versions.find((v) => v.source === '.python-version');
  const label = (v: PythonVersionStatement) => {
    const file = path.relative(ctx.project.root, v.file).split(path.sep).join('/');
    return v.source === 'dockerfile'
      ? `${file}'s image (${v.text})`
      : PINNED_SOURCES.has(v.source)
        ? file
        : `${v.source} in ${file}`;
  };
  const pinnedText = (v: PythonVersionStatement) => v.anyOf![0].replace(/^==/, '').replace(/\.\*$/, '');
  if (ref) {
    for (const v of versions) {
      if (v === ref || constraintsAgree(v.anyOf!, ref.anyOf!) !== false) continue;
      const data = { source: label(v), other: label(ref), otherVersion: pinnedText(ref) };
      ctx.report(
        v.file,
        v.range,
        PINNED_SOURCES.has(v.source)
          ? { messageId: 'pythonDiffers', data: { ...data, version: pinnedText(v) } }
          : { messageId: 'pythonOutsideRange', data: { ...data, range: v.text } },
      );
    }
    return;
  }
  // Only ranges: two that no version satisfies both of.
  for (let i = 1; i < versions.length; i++)
    if (constraintsAgree(versions[i].anyOf!, versions[0].anyOf!) === false)
      ctx.report(versions[i].file, versions[i].range, {
        messageId: 'pythonRanges',
        data: {
          source: label(versions[i]),
          range: versions[i].text,
          other: label(versions[0]),
          otherRange: versions[0].text,
        },
      });
}

function checkProject(ctx: ProjectContext): void {
  checkPython(ctx);
  const pinned = pinnedVersions(ctx);
  const reported = new Set<PinnedVersion>();
  const report = (p: PinnedVersion, message: Message, ref?: number) => {
    reported.add(p);
    ctx.report(p.path, versionRange(ctx, p), message, {
      data: ref !== undefined && p.kind !== 'volta' ? { major: ref, kind: p.kind } : undefined,
    });
  };
  checkOwn(ctx, pinned, report);
  checkInherited(
    ctx,
    pinned.filter((p) => !reported.has(p)),
    report,
  );
}

type Report = (p: PinnedVersion, message: Message, ref?: number) => void;

/**
 * A workspace member without its own engines.node or version file follows the workspace root's: its Dockerfile's
 * `FROM node:18` drifts from the root's `.nvmrc` 20 or `engines.node ">=20.10"`. Reported on the member's file.
 */
function checkInherited(ctx: ProjectContext, pinned: PinnedVersion[], report: Report): void {
  if (!pinned.length) return;
  const inh = inheritedVersions(ctx.project, ctx.read);
  const admitted = (major: number) => !inh.engines || rangeAdmitsMajor(inh.engines.range, major);
  const ref = inh.pinned.find((q) => admitted(q.major));
  const refMajor = ref?.major ?? (inh.engines ? semver.minVersion(inh.engines.range)?.major : undefined);
  for (const p of pinned) {
    if (inh.engines && !admitted(p.major)) {
      report(
        p,
        {
          messageId: ref ? 'outsideInheritedRef' : 'outsideInherited',
          data: {
            source: p.label,
            major: p.major,
            range: inh.engines.range,
            enginesFile: inh.engines.label,
            other: ref?.label,
            otherMajor: ref?.major,
          },
        },
        refMajor,
      );
      continue;
    }
    const other = inh.pinned.find((q) => q.major !== p.major);
    if (other)
      report(
        p,
        {
          messageId: 'differs',
          data: { source: p.label, major: p.major, other: other.label, otherMajor: other.major },
        },
        other.major,
      );
  }
}

function checkOwn(ctx: ProjectContext, pinned: PinnedVersion[], report: Report): void {
  const engines = enginesNode(ctx.project);
  if (pinned.length + (engines ? 1 : 0) < 2) return;
  const prod = pinned.find((p) => p.production);
  if (prod) {
    for (const p of pinned) {
      if (p === prod || p.major === prod.major) continue;
      report(
        p,
        {
          messageId: 'production',
          data: { source: p.label, major: p.major, other: prod.label, otherMajor: prod.major },
        },
        prod.major,
      );
    }
    if (engines && !rangeAdmitsMajor(engines.range, prod.major)) {
      ctx.report(ctx.project.pkg!.path, engines.where, {
        messageId: 'enginesExcludeProduction',
        data: { range: engines.range, major: prod.major, source: prod.label },
      });
    }
    return;
  }
  let candidates = pinned;
  if (engines) {
    for (const p of pinned) {
      if (rangeAdmitsMajor(engines.range, p.major)) continue;
      report(p, { messageId: 'outsideEngines', data: { source: p.label, major: p.major, range: engines.range } });
    }
    candidates = pinned.filter((p) => rangeAdmitsMajor(engines.range, p.major));
  }
  if (new Set(candidates.map((p) => p.major)).size < 2) return;
  // No production image to go by: the major most files agree on (the first one on a tie) is the reference.
  const counts = new Map<number, number>();
  for (const p of candidates) counts.set(p.major, (counts.get(p.major) ?? 0) + 1);
  const refMajor = [...counts].sort((a, b) => b[1] - a[1])[0][0];
  const ref = candidates.find((p) => p.major === refMajor)!;
  for (const p of candidates) {
    if (p.major === refMajor) continue;
    report(
      p,
      { messageId: 'differs', data: { source: p.label, major: p.major, other: ref.label, otherMajor: refMajor } },
      refMajor,
    );
  }
}

function fixes(finding: Finding, ctx: FixContext): Fix[] {
  const data = finding.data as { major?: number; kind?: string } | undefined;
  const text = ctx.read(finding.path);
  if (!data?.major || text === undefined) return [];
  const lines = LineIndex.of(text);
  const current = text.slice(lines.offset(finding.range.start), lines.offset(finding.range.end));
  // Docker tags take any precision; version files may need an exact version (asdf, nodenv), so only a bare major is rewritten.
  if (!(data.kind === 'docker' ? /^\d+(\.\d+){0,2}$/ : /^v?\d+$/).test(current)) return [];
  const file = path.basename(finding.path);
  return [
    {
      title: `Use Node ${data.major} in ${file}`,
      edits: [
        {
          path: finding.path,
          edits: [{ range: finding.range, newText: `${current.startsWith('v') ? 'v' : ''}${data.major}` }],
        },
      ],
    },
  ];
}

function appliesTo(ctx: ProjectContext): boolean {
  if ((ctx.project.python?.versions.filter((v) => v.anyOf).length ?? 0) >= 2) return true;
  const inh = inheritedVersions(ctx.project, ctx.read);
  return pinnedVersions(ctx).length + (enginesNode(ctx.project) || inh.engines ? 1 : 0) + inh.pinned.length >= 2;
}

export const runtimeVersionDrift = defineRule({
  meta: {
    id: ID,
    inputs: ['package-json', 'dockerfile', 'python-manifest', 'python-version'],
    factor: 'dev-prod-parity',
    severity: 'warning',
    description:
      'Node.js or Python versions that disagree across engines/requires-python, version files (.nvmrc, .python-version, runtime.txt, …) and the Dockerfile.',
    why: 'Keep development, CI and production alike (factor X): with different Node majors or Python versions, what works locally or in CI can break in production. Use one version in the manifest (engines.node, requires-python), the version files and the Dockerfile.',
    fixable: true,
    messages: {
      outsideInherited: '{{source}} uses Node {{major}}, outside engines.node "{{range}}" in {{enginesFile}}.',
      outsideInheritedRef:
        '{{source}} uses Node {{major}}, outside engines.node "{{range}}" in {{enginesFile}} ({{other}} says Node {{otherMajor}}).',
      differs: '{{source}} uses Node {{major}}, but {{other}} says Node {{otherMajor}}.',
      production: '{{source}} uses Node {{major}}, but production runs Node {{otherMajor}} ({{other}}).',
      enginesExcludeProduction: 'engines.node "{{range}}" excludes Node {{major}}, which production runs ({{source}}).',
      outsideEngines: '{{source}} uses Node {{major}}, outside engines.node "{{range}}" in package.json.',
      pythonDiffers: '{{source}} says Python {{version}}, but {{other}} says Python {{otherVersion}}.',
      pythonOutsideRange: '{{source}} "{{range}}" excludes Python {{otherVersion}}, which {{other}} runs.',
      pythonRanges: '{{source}} "{{range}}" and {{other}} "{{otherRange}}" admit no Python version in common.',
    },
  },
  checkProject,
  appliesTo,
  fixes,
});
