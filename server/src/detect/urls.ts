// Backing-service URLs: which schemes name one, which hosts are private, and the usual variable names.

const SERVICE_SCHEMES: Record<string, string> = {
  postgres: 'DATABASE_URL', postgresql: 'DATABASE_URL', mysql: 'DATABASE_URL', mysql2: 'DATABASE_URL', mariadb: 'DATABASE_URL',
  mssql: 'DATABASE_URL', sqlserver: 'DATABASE_URL', cockroachdb: 'DATABASE_URL', oracle: 'DATABASE_URL',
  mongodb: 'MONGODB_URI', 'mongodb+srv': 'MONGODB_URI',
  redis: 'REDIS_URL', rediss: 'REDIS_URL',
  amqp: 'AMQP_URL', amqps: 'AMQP_URL',
  nats: 'NATS_URL', kafka: 'KAFKA_URL', memcached: 'MEMCACHED_URL', elasticsearch: 'ELASTICSEARCH_URL',
  smtp: 'SMTP_URL', smtps: 'SMTP_URL', ldap: 'LDAP_URL', ldaps: 'LDAP_URL', sftp: 'SFTP_URL', ftp: 'FTP_URL',
};

export interface ServiceUrl {
  scheme: string;
  host: string;
  envName: string;
  /** `http` URLs to private hosts, as opposed to database/queue schemes. */
  http: boolean;
  hasCredentials: boolean;
}

export function parseServiceUrl(value: string): ServiceUrl | undefined {
  const m = /^([a-z][a-z0-9+.-]*):\/\/(?:([^@/\s]*)@)?(\[[^\]]+\]|[^:/?#\s]*)(?::\d+)?(?:[/?#]\S*)?$/i.exec(value.trim());
  if (!m) return undefined;
  const scheme = m[1].toLowerCase();
  const host = m[3].toLowerCase();
  const hasCredentials = !!m[2] && m[2].includes(':');
  if (scheme in SERVICE_SCHEMES) {
    if (!host && scheme !== 'mongodb+srv') return undefined;
    return { scheme, host, envName: SERVICE_SCHEMES[scheme], http: false, hasCredentials };
  }
  if ((scheme === 'http' || scheme === 'https' || scheme === 'ws' || scheme === 'wss') && isPrivateHost(host)) {
    const label = host.split('.')[0].replace(/[^a-z0-9]+/gi, '_').toUpperCase();
    const envName = /^\d/.test(label) ? 'SERVICE_URL' : `${label}_URL`;
    return { scheme, host, envName, http: true, hasCredentials };
  }
  return undefined;
}

/**
 * Hosts that are some team's own service rather than a public API: private IPs, cluster and internal DNS
 * names, and single-label names such as `billing` (docker-compose service names). Loopback is excluded for
 * http: `http://localhost:3000` is almost always a local-development default.
 */
export function isPrivateHost(host: string): boolean {
  if (!host || host === 'localhost' || host.startsWith('127.') || host === '[::1]' || host === '0.0.0.0') return false;
  if (/^10\.\d+\.\d+\.\d+$/.test(host) || /^192\.168\.\d+\.\d+$/.test(host) || /^172\.(1[6-9]|2\d|3[01])\.\d+\.\d+$/.test(host)) return true;
  if (/\.(internal|local|lan|corp|intranet|private|svc|cluster\.local|consul)$/.test(host) || host.includes('.svc.')) return true;
  if (/^[a-z][a-z0-9-]*$/.test(host) && !/^(example|test|invalid|host|hostname|domain|server|api|yourdomain)$/.test(host)) return true;
  return false;
}

/** Example and documentation hosts (RFC 2606) never count. */
export function isExampleHost(host: string): boolean {
  return /(^|\.)(example\.(com|org|net)|example|test|invalid|localhost\.localdomain)$/.test(host) || /your|my-?host|<|\{/.test(host);
}
