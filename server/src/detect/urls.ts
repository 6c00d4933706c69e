// Backing-service URLs: which schemes name one, which hosts are private, and the usual variable names.
import { lookupTable } from '../util/table';
import { hasAngleBracketed } from '../util/linear';

const SERVICE_SCHEMES: Record<string, string> = lookupTable({
  postgres: 'DATABASE_URL',
  postgresql: 'DATABASE_URL',
  mysql: 'DATABASE_URL',
  mysql2: 'DATABASE_URL',
  mariadb: 'DATABASE_URL',
  mssql: 'DATABASE_URL',
  sqlserver: 'DATABASE_URL',
  cockroachdb: 'DATABASE_URL',
  oracle: 'DATABASE_URL',
  mongodb: 'MONGODB_URI',
  'mongodb+srv': 'MONGODB_URI',
  redis: 'REDIS_URL',
  rediss: 'REDIS_URL',
  amqp: 'AMQP_URL',
  amqps: 'AMQP_URL',
  nats: 'NATS_URL',
  kafka: 'KAFKA_URL',
  memcached: 'MEMCACHED_URL',
  elasticsearch: 'ELASTICSEARCH_URL',
  smtp: 'SMTP_URL',
  smtps: 'SMTP_URL',
  ldap: 'LDAP_URL',
  ldaps: 'LDAP_URL',
  sftp: 'SFTP_URL',
  ftp: 'FTP_URL',
});

export interface ServiceUrl {
  scheme: string;
  host: string;
  envName: string;
  /** `http` URLs to private hosts, as opposed to database/queue schemes. */
  http: boolean;
  hasCredentials: boolean;
  /** The user and password of `scheme://user:password@host`, percent-decoded; undefined without a password. */
  user?: string;
  password?: string;
  /** Every host of a multi-host URL (`mongodb://mongo-0:27017,mongo-1:27017/app`); `host` is the first. */
  hosts: string[];
}

/**
 * `scheme://[user[:password]@]host[:port][,host[:port]…][/path]`: replica sets and multi-host Postgres list hosts.
 * A host is a bracketed IPv6 literal or a name without brackets: were `[` allowed in names, `[a],[b]` could split
 * in many ways and a failing match would try them all (exponential).
 */
const SERVICE_URL =
  /^([a-z][a-z0-9+.-]*):\/\/(?:([^/\s]*)@)?((?:\[[^\]]+\]|[^:/?#\s@,[\]]*)(?::\d+)?(?:,(?:\[[^\]]+\]|[^:/?#\s@,[\]]*)(?::\d+)?)*)(?:[/?#]\S*)?$/i;

/**
 * SERVICE_URL on a trimmed value. A URL has no whitespace: refused up front, since a late one would fail the
 * match only after every `@` was tried as the end of the credentials, each time reading on to it.
 */
function matchServiceUrl(value: string): RegExpExecArray | null {
  const v = value.trim();
  return /\s/.test(v) ? null : SERVICE_URL.exec(v);
}

export function parseServiceUrl(value: string): ServiceUrl | undefined {
  const m = matchServiceUrl(value);
  if (!m) return undefined;
  const full = m[1].toLowerCase();
  // SQLAlchemy names the driver after the dialect: `postgresql+asyncpg://`, `mysql+pymysql://`.
  const scheme = full in SERVICE_SCHEMES ? full : full.replace(/\+[a-z0-9_]+$/, '');
  const hosts = m[3]
    .toLowerCase()
    .split(',')
    .map((h) => h.replace(/:\d+$/, ''));
  const host = hosts[0];
  const hasCredentials = !!m[2] && m[2].includes(':');
  const creds = hasCredentials ? splitUserInfo(m[2]) : {};
  if (scheme in SERVICE_SCHEMES) {
    if (!host && scheme !== 'mongodb+srv') return undefined;
    return { scheme, host, hosts, envName: SERVICE_SCHEMES[scheme], http: false, hasCredentials, ...creds };
  }
  if ((scheme === 'http' || scheme === 'https' || scheme === 'ws' || scheme === 'wss') && isPrivateHost(host)) {
    const label = host
      .split('.')[0]
      .replace(/[^a-z0-9]+/gi, '_')
      .toUpperCase();
    const envName = /^\d/.test(label) ? 'SERVICE_URL' : `${label}_URL`;
    return { scheme, host, hosts, envName, http: true, hasCredentials, ...creds };
  }
  return undefined;
}

function splitUserInfo(userInfo: string): { user: string; password: string } {
  const i = userInfo.indexOf(':');
  const decode = (s: string): string => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  return { user: decode(userInfo.slice(0, i)), password: decode(userInfo.slice(i + 1)) };
}

/** Loopback and unspecified addresses: a URL to them is a local-development default. */
export function isLoopbackHost(host: string): boolean {
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host.startsWith('127.') ||
    host === '[::1]' ||
    host === '0.0.0.0' ||
    host === 'host.docker.internal'
  );
}

/**
 * Passwords in connection URLs that are not credentials: empty, templates (`${DB_PASSWORD}`, `$DB_PASSWORD`,
 * `<password>`, `{{pw}}`, `%s`), masks (`***`), documentation words (`password`, `pass`, `changeme`, `your-password`)
 * and the image defaults of local containers (`postgres:postgres`, `root`, `guest`). Weak but real passwords such as
 * `hunter2-prod` are not placeholders here: a URL to a real host carries them to that host.
 */
export function isPlaceholderPassword(password: string, user = ''): boolean {
  const p = password.trim();
  if (!p) return true;
  if (/\$\{|\$\(|^\$[A-Za-z_]\w*$|\{\{|%s|%\(|^\*+$|^x+$|\.\.\.|…/i.test(p) || hasAngleBracketed(p)) return true;
  if (
    /^(pass|password|passwd|pwd|pw|secret|postgres|postgresql|mysql|mariadb|mongo|mongodb|redis|rabbitmq|root|admin|guest|user|username|test|dev|local|docker|example|default|none|null|undefined)$/i.test(
      p,
    )
  )
    return true;
  if (
    /change.?me|changeit|replace|your[_-]?|example|sample|dummy|fake|placeholder|redacted|not.?a.?real|secret_?here|password_?here|test|mock/i.test(
      p,
    )
  )
    return true;
  if (/^(.)\1+$/.test(p)) return true;
  if (user && p.toLowerCase() === user.toLowerCase()) return true; // app:app, shop:shop — compose-style defaults
  return false;
}

/** A password found in a URL, with what the URL points at. */
export interface UrlCredential {
  scheme: string;
  host: string;
  user: string;
  password: string;
  /** The usual variable for the whole URL (DATABASE_URL, REDIS_URL …), or undefined for a public web URL. */
  envName?: string;
  /** Where the password is in the value as written (still percent-encoded): [start, end) offsets. */
  passwordSpan: [number, number];
}

/**
 * A real password written into a URL: `postgres://shop:S3cretPw@db.prod.internal/shop`,
 * `https://deploy:glpat…@gitlab.com/acme/app.git`. Loopback and example hosts and placeholder passwords do not count.
 */
export function urlCredential(value: string): UrlCredential | undefined {
  if (!value.includes('@')) return undefined;
  const m = matchServiceUrl(value);
  if (!m || !m[2]?.includes(':')) return undefined;
  const scheme = m[1].toLowerCase();
  const host = m[3].toLowerCase().split(',')[0].replace(/:\d+$/, '');
  const svc = parseServiceUrl(value);
  if (!svc && !/^(https?|wss?|ftps?|git|ssh)$/.test(scheme)) return undefined;
  if (!host || isLoopbackHost(host) || isExampleHost(host)) return undefined;
  const { user, password } = splitUserInfo(m[2]);
  if (isPlaceholderPassword(password, user)) return undefined;
  // The match ran on the trimmed value and is anchored at its start: the user info follows "<scheme>://".
  const userInfoStart = value.length - value.trimStart().length + m[1].length + 3;
  const passwordSpan: [number, number] = [userInfoStart + m[2].indexOf(':') + 1, userInfoStart + m[2].length];
  return { scheme, host, user, password, envName: svc?.envName, passwordSpan };
}

/** Endpoints of managed database and cache instances: RDS, ElastiCache, DocumentDB, Azure, Atlas, Cloud SQL. */
const MANAGED_INSTANCE =
  /\.(rds|cache|docdb|memorydb|redshift)\.amazonaws\.com$|\.(redis\.cache|database|postgres\.database|mysql\.database)\.(windows\.net|azure\.com)$|\.mongodb\.net$|\.cloudsql\./;

/** DNS labels that mark a private network, wherever they appear in a host name. */
const PRIVATE_LABEL = /^(internal|intranet|corp|private|svc)$/;

/**
 * Hosts that are some team's own service rather than a public API: private IPs, cluster and internal DNS
 * names, and single-label names such as `billing` (docker-compose service names). Loopback is excluded for
 * http: `http://localhost:3000` is almost always a local-development default.
 */
export function isPrivateHost(host: string): boolean {
  if (!host || host === 'localhost' || host.startsWith('127.') || host === '[::1]' || host === '0.0.0.0') return false;
  if (
    /^10\.\d+\.\d+\.\d+$/.test(host) ||
    /^192\.168\.\d+\.\d+$/.test(host) ||
    /^172\.(1[6-9]|2\d|3[01])\.\d+\.\d+$/.test(host)
  )
    return true;
  if (/\.(internal|local|lan|corp|intranet|private|svc|cluster\.local|consul)$/.test(host) || host.includes('.svc.'))
    return true;
  // A private-network label anywhere in a dotted name: billing.internal.acme-corp.io, api.corp.acme.com.
  if (host.includes('.') && host.split('.').some((l) => PRIVATE_LABEL.test(l))) return true;
  // A managed database or cache instance's endpoint names one deploy's service, though its DNS is public.
  if (MANAGED_INSTANCE.test(host)) return true;
  if (
    /^[a-z][a-z0-9-]*$/.test(host) &&
    !/^(example|test|invalid|host|hostname|domain|server|api|yourdomain)$/.test(host)
  )
    return true;
  return false;
}

/** Example and documentation hosts (RFC 2606) never count. */
export function isExampleHost(host: string): boolean {
  return (
    /(^|\.)(example\.(com|org|net)|example|test|invalid|localhost\.localdomain)$/.test(host) ||
    /your|my-?host|<|\{/.test(host)
  );
}

/**
 * Whether a service URL in the fallback of an environment read (`process.env.REDIS_URL || '…'`) is a
 * local-development default: a loopback, example or single-label (docker-compose service) host, with no password
 * or a placeholder one. Anything else (`mongodb+srv://app:Pw@cluster0.prod.mongodb.net`) is a real deploy's
 * location that a missing variable silently falls back to.
 */
export function isLocalDefaultUrl(value: string): boolean {
  const svc = parseServiceUrl(value);
  if (!svc) return true;
  if (svc.password !== undefined && !isPlaceholderPassword(svc.password, svc.user)) return false;
  if (svc.scheme === 'mongodb+srv') return false; // an SRV record names a hosted cluster
  return svc.hosts.every(isLocalDevHost);
}

/**
 * Hosts a local-development default may name: loopback and unspecified addresses, `host.docker.internal`,
 * example hosts, mDNS `*.local` names and single-label docker-compose service names (`redis`, `db`). Any other
 * dotted name or IP (`mongo-0.orders.prod.internal`, `10.0.4.12`, `*.rds.amazonaws.com`) is some deploy's.
 */
export function isLocalDevHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '');
  if (isLoopbackHost(host) || h === '::1' || h === '::' || isExampleHost(host) || /^[a-z][a-z0-9_-]*$/.test(h))
    return true;
  // mDNS names (`redis.local`, `db.orb.local`); Kubernetes' `*.svc.cluster.local` is a cluster's service.
  return /^[a-z0-9-]+(\.[a-z0-9-]+)*\.local$/.test(h) && !h.split('.').some((l) => l === 'svc' || l === 'cluster');
}

/** `client`, `dialect`, `type` or `driver` values that say an object or config file configures a database. */
export const DB_NAMES =
  /^(pg|postgres|postgresql|mysql|mysql2|mariadb|mssql|tedious|oracledb|oracle|cockroachdb|mongodb|redshift)$/;

/** Loopback hosts: a server bound to one is reachable only from its own machine or container. */
export const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);
