// detect/systemTools.ts: OS programs, the packages that provide them and where a project declares them.
import * as assert from 'assert';
import {
  appJsonProvides,
  aptfileProvides,
  dockerfileProvides,
  namesTool,
  nixpacksProvides,
  packageJsonDeclares,
  SYSTEM_TOOLS,
  toolForProgram,
} from '../../../server/src/detect/systemTools';
import { parseDockerfile } from '../../../server/src/platform/dockerfile';
import { parsePackageJson } from '../../../server/src/ecosystem/npm/packageJson';

const tool = (id: string) => SYSTEM_TOOLS.find((t) => t.id === id)!;
const df = (text: string) => ({ path: '/p/Dockerfile', rel: 'Dockerfile', instructions: parseDockerfile(text) });
const pkg = (o: object) => parsePackageJson('/p/package.json', JSON.stringify(o));

describe('detect/systemTools', () => {
  it('maps programs to tools, and nothing else (prototype keys included)', () => {
    assert.deepStrictEqual(
      ['convert', 'pg_dump', 'ffprobe', 'gs', 'ogr2ogr'].map((p) => toolForProgram(p)?.id),
      ['imagemagick', 'postgresql-client', 'ffmpeg', 'ghostscript', 'gdal'],
    );
    for (const p of ['node', '', 'constructor', '__proto__']) assert.strictEqual(toolForProgram(p), undefined, p);
    const ids = SYSTEM_TOOLS.map((t) => t.id);
    assert.strictEqual(new Set(ids).size, ids.length);
  });

  it('recognises a tool by id, program or OS package name, with quotes, versions, architectures and nix paths', () => {
    const yes: [string, string][] = [
      ['ffmpeg', 'ffmpeg'],
      ['ffmpeg_6-headless', 'ffmpeg'],
      ['"ffmpeg"', 'ffmpeg'],
      ['ffmpeg=7:6.1-1', 'ffmpeg'],
      ['ImageMagick.x86_64', 'imagemagick'],
      ['nixpkgs/ffmpeg', 'ffmpeg'],
      ['git-core', 'git'],
      ['postgresql-client-16', 'postgresql-client'],
      ['libpq-bin', 'postgresql-client'],
      ['curl>=7', 'curl'],
      ['convert', 'imagemagick'],
      ['gdal-bin', 'gdal'],
    ];
    for (const [n, id] of yes) assert.ok(namesTool(n, tool(id)), `${n} ${id}`);
  });

  it('does not take libraries, data, docs or static npm builds of a tool, nor look-alike names, as the tool', () => {
    const no: [string, string][] = [
      ['ffmpeg-libs', 'ffmpeg'],
      ['ffmpeg-static', 'ffmpeg'],
      ['imagemagick-6-common', 'imagemagick'],
      ['chromium-common', 'chromium'],
      ['github', 'git'],
      ['curly', 'curl'],
      ['', 'curl'],
      ['  ', 'curl'],
      ['"', 'curl'],
    ];
    for (const [n, id] of no) assert.ok(!namesTool(n, tool(id)), `${n} ${id}`);
  });

  describe('dockerfileProvides', () => {
    it('knows what base images ship: full node images have curl and git, slim ones not, alpine has busybox wget', () => {
      assert.ok(dockerfileProvides(df('FROM node:20\nCMD node x'), tool('curl')));
      assert.ok(dockerfileProvides(df('FROM docker.io/library/node:20'), tool('git')));
      assert.ok(!dockerfileProvides(df('FROM node:20-slim\nCMD node x'), tool('curl')));
      assert.ok(dockerfileProvides(df('FROM node:20-alpine'), tool('wget')));
      assert.ok(!dockerfileProvides(df('FROM node:20-alpine'), tool('curl')));
      // python:<version> builds on buildpack-deps as node:<version> does.
      assert.ok(dockerfileProvides(df('FROM python:3.12-bookworm'), tool('git')));
      assert.ok(dockerfileProvides(df('FROM python:3.12'), tool('imagemagick')));
      assert.ok(!dockerfileProvides(df('FROM python:3.12-slim'), tool('curl')));
      assert.ok(dockerfileProvides(df('FROM jrottenberg/ffmpeg:6-ubuntu'), tool('ffmpeg')));
      assert.ok(dockerfileProvides(df('FROM postgres:16'), tool('postgresql-client')));
    });

    it('reads installs in the final stage and the stages it builds on, shell or exec form, over continuation lines', () => {
      assert.ok(
        dockerfileProvides(
          df(
            'FROM node:20-slim\nRUN apt-get update && apt-get install -y --no-install-recommends \\\n  ffmpeg imagemagick',
          ),
          tool('ffmpeg'),
        ),
      );
      assert.ok(
        dockerfileProvides(df('FROM node:20-slim AS base\nRUN apk add ffmpeg\nFROM base\nCMD x'), tool('ffmpeg')),
      );
      assert.ok(
        dockerfileProvides(df('FROM node:20-slim\nRUN ["apt-get", "install", "-y", "ffmpeg"]'), tool('ffmpeg')),
      );
      assert.ok(!dockerfileProvides(df('FROM node:20-slim\nRUN apt-get install -y ffmpeg-libs'), tool('ffmpeg')));
      // Installed in a build stage the final image does not build on.
      assert.ok(
        !dockerfileProvides(
          df('FROM node:20 AS build\nRUN apt-get install -y ffmpeg\nFROM node:20-slim\nCOPY --from=build /app /app'),
          tool('ffmpeg'),
        ),
      );
    });

    it('reads packages an ARG or ENV of the final stages lists for the install', () => {
      const text =
        'FROM python:3.12-slim\nARG RUNTIME_PACKAGES="curl \\\n  poppler-utils"\nRUN apt-get install -y ${RUNTIME_PACKAGES}';
      assert.ok(dockerfileProvides(df(text), tool('poppler-utils')));
      assert.ok(!dockerfileProvides(df(text), tool('ffmpeg')));
      assert.ok(
        dockerfileProvides(df('FROM python:3.12-slim\nENV PKGS=ffmpeg\nRUN apt-get install -y $PKGS'), tool('ffmpeg')),
      );
    });

    it('reads binaries copied from another image or stage', () => {
      assert.ok(
        dockerfileProvides(
          df('FROM node:20-slim\nCOPY --from=mwader/static-ffmpeg:6.1 /ffmpeg /usr/local/bin/'),
          tool('ffmpeg'),
        ),
      );
      assert.ok(
        dockerfileProvides(df('FROM node:20-slim\nCOPY --from=builder /usr/bin/gs /usr/bin/'), tool('ghostscript')),
      );
      assert.ok(!dockerfileProvides(df('FROM node:20-slim\nCOPY --from=builder /app /app'), tool('ghostscript')));
    });

    it('provides nothing without a FROM', () => {
      assert.ok(!dockerfileProvides(df(''), tool('curl')));
      assert.ok(!dockerfileProvides(df('# just a comment\n'), tool('curl')));
    });
  });

  it('reads Aptfiles: one package or .deb URL a line, comments and CRLF ignored', () => {
    assert.ok(aptfileProvides('ffmpeg\n# imagemagick\n', tool('ffmpeg')));
    assert.ok(aptfileProvides('https://example.org/ffmpeg_6.deb\r\n', tool('ffmpeg')));
    assert.ok(!aptfileProvides('# ffmpeg\n', tool('ffmpeg')));
    assert.ok(!aptfileProvides('', tool('ffmpeg')));
    assert.ok(!aptfileProvides('libffmpeg-dev', tool('ffmpeg')));
  });

  it('reads nixpacks.toml package lists, not other keys, and stays linear on unclosed lists', () => {
    assert.ok(nixpacksProvides(`[phases.setup]\nnixPkgs = ['...', 'ffmpeg']`, tool('ffmpeg')));
    assert.ok(nixpacksProvides(`aptPkgs = ["imagemagick"]`, tool('imagemagick')));
    assert.ok(nixpacksProvides(`nixPkgs = []\naptPkgs = ['ffmpeg']`, tool('ffmpeg')));
    assert.ok(!nixpacksProvides(`other = ['ffmpeg']`, tool('ffmpeg')));
    assert.ok(!nixpacksProvides(`nixPkgs = ['ffmpeg'`, tool('ffmpeg')));
    const t0 = Date.now();
    assert.ok(!nixpacksProvides('nixPkgs = ['.repeat(20000), tool('ffmpeg')));
    assert.ok(Date.now() - t0 < 500);
  });

  it('reads app.json buildpacks named after the tool, and survives invalid JSON and odd entries', () => {
    assert.ok(
      appJsonProvides(
        JSON.stringify({ buildpacks: [{ url: 'https://github.com/jonathanong/heroku-buildpack-ffmpeg-latest' }] }),
        tool('ffmpeg'),
      ),
    );
    assert.ok(appJsonProvides(JSON.stringify({ buildpacks: [{ url: 'heroku-buildpack-git' }] }), tool('git')));
    assert.ok(!appJsonProvides(JSON.stringify({ buildpacks: ['heroku/nodejs'] }), tool('ffmpeg')));
    // Two-letter programs (gs) are too short to find inside a URL.
    assert.ok(!appJsonProvides(JSON.stringify({ buildpacks: [null, 3, { url: 'x-gs-y' }] }), tool('ghostscript')));
    for (const t of ['{', 'null', '', '[]']) assert.ok(!appJsonProvides(t, tool('ffmpeg')), t);
  });

  it('reads package.json systemDependencies (list or object) and non-runtime engines keys', () => {
    assert.ok(packageJsonDeclares(pkg({ systemDependencies: ['ffmpeg'] }), tool('ffmpeg')));
    assert.ok(packageJsonDeclares(pkg({ systemDependencies: { ffmpeg: '>=6' } }), tool('ffmpeg')));
    assert.ok(packageJsonDeclares(pkg({ engines: { node: '20', imagemagick: '>=7' } }), tool('imagemagick')));
    assert.ok(!packageJsonDeclares(pkg({ engines: { node: '20' } }), tool('ffmpeg')));
    assert.ok(!packageJsonDeclares(pkg({}), tool('ffmpeg')));
  });
});
