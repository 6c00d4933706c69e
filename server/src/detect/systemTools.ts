// OS programs an app may shell out to, the OS packages that provide them, and the places a project can
// declare them: a Dockerfile's final stage, an Aptfile, nixpacks.toml, app.json buildpacks, package.json.
import type { Dockerfile, PackageJson } from '../core/model';
import { parseShell, allCommands } from '../platform/shell';
import { finalStageChain, splitImage } from '../platform/docker';
import { cutTail } from '../util/linear';

export interface SystemTool {
  /** Short id used in messages and in package.json `systemDependencies` (`imagemagick`). */
  id: string;
  programs: string[];
  /** OS package names (apt, apk, yum/dnf, nix) that provide it. */
  packages: RegExp;
  /** Package to install with apt-get (Debian/Ubuntu) and apk (Alpine), for fixes. */
  apt?: string;
  apk?: string;
  /** Base images that ship the tool. */
  images?: RegExp;
}

const T = (
  id: string,
  programs: string[],
  packages: RegExp,
  apt?: string,
  apk?: string,
  images?: RegExp,
): SystemTool => ({ id, programs, packages, apt, apk, images });

export const SYSTEM_TOOLS: SystemTool[] = [
  T(
    'imagemagick',
    ['convert', 'magick', 'identify', 'mogrify', 'composite', 'montage', 'compare'],
    /^(imagemagick\d*|graphicsmagick-imagemagick-compat)([-.].*)?$/i,
    'imagemagick',
    'imagemagick',
    /imagemagick/i,
  ),
  T('graphicsmagick', ['gm'], /^graphicsmagick/i, 'graphicsmagick', 'graphicsmagick'),
  // ffmpeg, ffmpeg-free (Fedora), ffmpeg_6 / ffmpeg-headless / ffmpeg_7-full (nix)
  T('ffmpeg', ['ffmpeg', 'ffprobe', 'ffplay'], /^ffmpeg[\d_]*(-.*)?$/i, 'ffmpeg', 'ffmpeg', /ffmpeg/i),
  T('curl', ['curl'], /^curl$/i, 'curl', 'curl', /curl/i),
  T('wget', ['wget'], /^wget$/i, 'wget', 'wget'),
  T('git', ['git'], /^git(-core)?$/i, 'git', 'git', /(^|\/)git$|alpine\/git/i),
  T(
    'postgresql-client',
    ['psql', 'pg_dump', 'pg_restore', 'pg_dumpall', 'pg_isready', 'createdb', 'dropdb'],
    /^(postgresql|libpq-bin)/i,
    'postgresql-client',
    'postgresql-client',
    /(^|\/)(postgres|postgis)/i,
  ),
  T(
    'mysql-client',
    ['mysql', 'mysqldump', 'mysqladmin', 'mariadb', 'mariadb-dump'],
    /^(default-mysql-client|mysql|mariadb)/i,
    'default-mysql-client',
    'mysql-client',
    /(^|\/)(mysql|mariadb)/i,
  ),
  T(
    'mongodb-tools',
    ['mongodump', 'mongorestore', 'mongoexport', 'mongoimport', 'mongosh', 'mongo'],
    /^mongo/i,
    undefined,
    undefined,
    /(^|\/)mongo/i,
  ),
  T('redis-tools', ['redis-cli'], /^redis/i, 'redis-tools', 'redis', /(^|\/)redis/i),
  T('ghostscript', ['gs'], /^ghostscript/i, 'ghostscript', 'ghostscript'),
  T('pdftk', ['pdftk'], /^pdftk/i, 'pdftk', undefined),
  T('wkhtmltopdf', ['wkhtmltopdf', 'wkhtmltoimage'], /wkhtmlto(pdf|x)/i, 'wkhtmltopdf', undefined, /wkhtml/i),
  T(
    'libreoffice',
    ['libreoffice', 'soffice', 'lowriter', 'localc'],
    /^libreoffice/i,
    'libreoffice',
    'libreoffice',
    /libreoffice/i,
  ),
  T('zip', ['zip'], /^zip$/i, 'zip', 'zip'),
  T('unzip', ['unzip'], /^unzip$/i, 'unzip', 'unzip'),
  T('7zip', ['7z', '7za', '7zr'], /^(p7zip|7zip)/i, 'p7zip-full', 'p7zip'),
  T('rsync', ['rsync'], /^rsync$/i, 'rsync', 'rsync'),
  T('openssh-client', ['ssh', 'scp', 'sftp', 'ssh-keyscan'], /^openssh/i, 'openssh-client', 'openssh-client'),
  T('awscli', ['aws'], /^(awscli|aws-cli)$/i, 'awscli', 'aws-cli', /aws-cli/i),
  T(
    'google-cloud-cli',
    ['gcloud', 'gsutil', 'bq'],
    /^google-cloud-(sdk|cli)/i,
    undefined,
    undefined,
    /cloud-sdk|google-cloud-cli/i,
  ),
  T('azure-cli', ['az'], /^azure-cli$/i, undefined, undefined, /azure-cli/i),
  T('kubectl', ['kubectl'], /^(kubectl|kubernetes-client)$/i, undefined, 'kubectl', /kubectl/i),
  T('helm', ['helm'], /^helm$/i, undefined, 'helm', /helm/i),
  T('docker-cli', ['docker'], /^docker(\.io|-ce-cli|-cli|-ce)?$/i, 'docker.io', 'docker-cli', /(^|\/)docker(:|$)/i),
  T('terraform', ['terraform'], /^terraform$/i, undefined, 'terraform', /terraform/i),
  T(
    'python',
    ['python', 'python3', 'pip', 'pip3'],
    /^python3?(\.\d+)?(-minimal|-pip|-full)?$|^py3-pip$/i,
    'python3',
    'python3',
    /(^|\/)(python|pypy)/i,
  ),
  T(
    'java',
    ['java'],
    /(jre|jdk|^java)/i,
    'default-jre-headless',
    'openjdk17-jre-headless',
    /openjdk|temurin|corretto|zulu|liberica|jdk|jre|maven|gradle/i,
  ),
  T('ruby', ['ruby', 'gem', 'bundle'], /^ruby/i, 'ruby', 'ruby', /(^|\/)ruby/i),
  T('php', ['php'], /^php/i, 'php-cli', 'php', /(^|\/)php/i),
  T('tesseract', ['tesseract'], /^tesseract/i, 'tesseract-ocr', 'tesseract-ocr', /tesseract/i),
  T(
    'poppler-utils',
    ['pdftotext', 'pdfinfo', 'pdftoppm', 'pdfimages', 'pdftocairo', 'pdfseparate', 'pdfunite'],
    /^poppler/i,
    'poppler-utils',
    'poppler-utils',
  ),
  T('qpdf', ['qpdf'], /^qpdf$/i, 'qpdf', 'qpdf'),
  T('exiftool', ['exiftool'], /exiftool/i, 'libimage-exiftool-perl', 'exiftool'),
  T('sox', ['sox'], /^sox$/i, 'sox', 'sox'),
  T('lame', ['lame'], /^lame$/i, 'lame', 'lame'),
  T(
    'chromium',
    ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'],
    /^(chromium|google-chrome)/i,
    'chromium',
    'chromium',
    /puppeteer|chrom|playwright|browserless/i,
  ),
  T('pandoc', ['pandoc'], /^pandoc/i, 'pandoc', 'pandoc', /pandoc/i),
  T('graphviz', ['dot', 'neato'], /^graphviz/i, 'graphviz', 'graphviz'),
  T('inkscape', ['inkscape'], /^inkscape/i, 'inkscape', 'inkscape'),
  // GDAL's command-line tools (geospatial conversion), in Debian's gdal-bin; GDAL's own images carry them.
  T(
    'gdal',
    ['ogr2ogr', 'ogrinfo', 'gdalinfo', 'gdal_translate', 'gdalwarp'],
    /^(gdal-bin|gdal-tools|gdal)$/i,
    'gdal-bin',
    'gdal-tools',
    /(^|\/)(gdal|osgeo\/gdal)/i,
  ),
  T('vips', ['vips', 'vipsthumbnail'], /^(libvips-tools|vips-tools|vips)$/i, 'libvips-tools', 'vips-tools'),
  T('webp', ['cwebp', 'dwebp', 'gif2webp'], /^(webp|libwebp-tools)$/i, 'webp', 'libwebp-tools'),
  T('pngquant', ['pngquant'], /^pngquant$/i, 'pngquant', 'pngquant'),
  T('jpegoptim', ['jpegoptim'], /^jpegoptim$/i, 'jpegoptim', 'jpegoptim'),
  T('optipng', ['optipng'], /^optipng$/i, 'optipng', 'optipng'),
  T('gifsicle', ['gifsicle'], /^gifsicle$/i, 'gifsicle', 'gifsicle'),
  T('sqlite3', ['sqlite3'], /^sqlite3?$/i, 'sqlite3', 'sqlite'),
  T('gnupg', ['gpg', 'gpg2'], /^gnupg2?$/i, 'gnupg', 'gnupg'),
  T('clamav', ['clamscan', 'clamdscan', 'freshclam'], /^clamav/i, 'clamav', 'clamav', /clamav/i),
];

const BY_PROGRAM = new Map<string, SystemTool>();
for (const t of SYSTEM_TOOLS) for (const p of t.programs) BY_PROGRAM.set(p, t);

export function toolForProgram(program: string): SystemTool | undefined {
  return BY_PROGRAM.get(program);
}

/**
 * Libraries, data, docs and debug symbols of a tool (ffmpeg-libs, imagemagick-6-common, chromium-common) do not
 * install its programs; nor does the npm package ffmpeg-static put one on the PATH.
 */
const PARTIAL_PACKAGE = /-(libs?|common|data|docs?|dbg|static)$/i;

/** Whether a declared name (a package, program or tool id) means this tool. */
export function namesTool(name: string, tool: SystemTool): boolean {
  const n = cutTail(name.trim().replace(/^['"]|['"]$/g, ''), '=~<>').replace(/\.(x86_64|aarch64|noarch)$/, '');
  if (!n) return false;
  const base = n.split('/').pop() ?? n;
  if (base === tool.id || tool.programs.includes(base)) return true;
  if (PARTIAL_PACKAGE.test(base)) return false;
  return tool.packages.test(base);
}

/**
 * Official node and python images that are not -slim or -alpine build on buildpack-deps, which ships these programs.
 * Alpine images have busybox's wget and unzip.
 */
const FULL_DEBIAN_TOOLS = new Set(['curl', 'wget', 'git', 'openssh-client', 'imagemagick', 'unzip', 'gnupg']);
const ALPINE_TOOLS = new Set(['wget', 'unzip']);
const FULL_DEBIAN_BASED = new Set(['node', 'python', 'buildpack-deps']);

function baseImageProvides(image: string, tool: SystemTool): boolean {
  const [name, tag = 'latest'] = splitImage(image);
  const short = name.replace(/^(docker\.io\/)?(library\/)?/, '');
  if (tool.images?.test(short)) return true;
  if (FULL_DEBIAN_BASED.has(short) && !/slim|alpine/.test(tag) && FULL_DEBIAN_TOOLS.has(tool.id)) return true;
  if (/alpine/.test(tag) || short === 'alpine') return ALPINE_TOOLS.has(tool.id);
  return false;
}

/** Whether the image a Dockerfile builds has the tool: base image, installed by RUN, or copied from another image. */
export function dockerfileProvides(df: Dockerfile, tool: SystemTool): boolean {
  const chain = finalStageChain(df);
  if (!chain.length) return false;
  if (baseImageProvides(chain[0].image, tool)) return true;
  // `ARG RUNTIME_PACKAGES="curl poppler-utils"` then `apt-get install ${RUNTIME_PACKAGES}` (paperless-ngx).
  const vars = new Map<string, string>();
  for (const stage of chain)
    for (const ins of stage.instructions) {
      if (ins.keyword !== 'ARG' && ins.keyword !== 'ENV') continue;
      const eq = ins.args.indexOf('=');
      const name = eq > 0 ? ins.args.slice(0, eq).trim() : '';
      if (/^[A-Za-z_]\w*$/.test(name)) vars.set(name, ins.args.slice(eq + 1).replace(/^\s*["']|["']\s*$/g, ''));
    }
  const names = (word: string): boolean => {
    const ref = /^\$\{?([A-Za-z_]\w*)\}?$/.exec(word);
    const value = ref ? vars.get(ref[1]) : undefined;
    return value !== undefined ? value.split(/\s+/).some((v) => namesTool(v, tool)) : namesTool(word, tool);
  };
  for (const stage of chain) {
    for (const ins of stage.instructions) {
      if (ins.keyword === 'RUN') {
        const text = ins.exec ? ins.exec.join(' ') : ins.args;
        for (const c of allCommands(parseShell(text))) {
          if (c.words.some((w) => names(w.text))) return true;
        }
      } else if ((ins.keyword === 'COPY' || ins.keyword === 'ADD') && /--from=/.test(ins.args)) {
        // COPY --from=mwader/static-ffmpeg:6.1 /ffmpeg /usr/local/bin/
        const from = /--from=(\S+)/.exec(ins.args)![1];
        if (tool.images?.test(from)) return true;
        const paths = ins.args.split(/\s+/).filter((w) => !w.startsWith('--'));
        if (paths.some((p) => tool.programs.includes(p.split('/').pop() ?? ''))) return true;
      }
    }
  }
  return false;
}

/** Aptfile (Heroku apt buildpack): one package or .deb URL per line. */
export function aptfileProvides(text: string, tool: SystemTool): boolean {
  return text
    .split(/\r?\n/)
    .map((l) => cutTail(l, '#').trim())
    .filter(Boolean)
    .some((l) => namesTool(l, tool) || (/^https?:/.test(l) && tool.programs.some((p) => l.toLowerCase().includes(p))));
}

/** nixpacks.toml: `nixPkgs = ['ffmpeg']`, `aptPkgs = ['imagemagick']`. */
export function nixpacksProvides(text: string, tool: SystemTool): boolean {
  // `key = [` then the list up to the first `]` (`\[([^\]]*)\]` read to the end again from every `key = [` without one).
  const open = /\b(nixPkgs|aptPkgs|nixLibs)\s*=\s*\[/g;
  for (let m = open.exec(text); m; m = open.exec(text)) {
    const close = text.indexOf(']', open.lastIndex);
    if (close < 0) break;
    const list = text.slice(open.lastIndex, close);
    for (const q of list.matchAll(/['"]([^'"]+)['"]/g)) if (namesTool(q[1], tool)) return true;
    open.lastIndex = close + 1;
  }
  return false;
}

/** app.json `buildpacks: [{ url }]`: a buildpack named after the tool (heroku-buildpack-ffmpeg-latest). */
export function appJsonProvides(text: string, tool: SystemTool): boolean {
  try {
    const data = JSON.parse(text);
    const urls: string[] = (Array.isArray(data?.buildpacks) ? data.buildpacks : []).map((b: unknown) =>
      String((b as { url?: unknown } | null)?.url ?? b ?? '').toLowerCase(),
    );
    return urls.some((u) => u.includes(tool.id) || tool.programs.some((p) => p.length > 2 && u.includes(p)));
  } catch {
    return false;
  }
}

/** Runtimes `engines` may pin that are not system tools. */
const ENGINE_RUNTIMES = new Set(['node', 'npm', 'yarn', 'pnpm', 'bun', 'deno', 'vscode']);

/**
 * package.json declarations: `"systemDependencies": ["ffmpeg"]` or `{ "ffmpeg": ">=6" }`, or a non-runtime key
 * of `engines` (`"engines": { "node": "20.x", "imagemagick": ">=7" }`).
 */
export function packageJsonDeclares(pkg: PackageJson, tool: SystemTool): boolean {
  const names: string[] = [...(pkg.data.systemDependencies ?? [])];
  names.push(...Object.keys(pkg.data.engines ?? {}).filter((k) => !ENGINE_RUNTIMES.has(k)));
  return names.some((n) => namesTool(n, tool));
}
