// The twelve factors: slugs prefix rule ids, names and summaries feed the checklist and reports.

export const FACTORS = [
  { n: 1, slug: 'codebase', name: 'Codebase', summary: 'One codebase tracked in revision control, many deploys.' },
  {
    n: 2,
    slug: 'dependencies',
    name: 'Dependencies',
    summary: 'Explicitly declare and isolate dependencies; never rely on implicit system-wide packages.',
  },
  {
    n: 3,
    slug: 'config',
    name: 'Config',
    summary: 'Store config, including credentials, in the environment, strictly separated from code.',
  },
  {
    n: 4,
    slug: 'backing-services',
    name: 'Backing services',
    summary: 'Treat databases, queues and caches as attached resources, swappable by config alone.',
  },
  {
    n: 5,
    slug: 'build-release-run',
    name: 'Build, release, run',
    summary: 'Strictly separate the build, release and run stages.',
  },
  {
    n: 6,
    slug: 'processes',
    name: 'Processes',
    summary: 'Run the app as stateless, share-nothing processes; persist state in backing services.',
  },
  {
    n: 7,
    slug: 'port-binding',
    name: 'Port binding',
    summary: 'Export services by binding to a port given by the environment.',
  },
  {
    n: 8,
    slug: 'concurrency',
    name: 'Concurrency',
    summary: 'Scale out via the process model: foreground processes of distinct types, managed by the platform.',
  },
  {
    n: 9,
    slug: 'disposability',
    name: 'Disposability',
    summary: 'Maximize robustness with fast startup and graceful shutdown on SIGTERM.',
  },
  {
    n: 10,
    slug: 'dev-prod-parity',
    name: 'Dev/prod parity',
    summary: 'Keep development, staging and production as similar as possible.',
  },
  { n: 11, slug: 'logs', name: 'Logs', summary: 'Treat logs as event streams written unbuffered to stdout.' },
  {
    n: 12,
    slug: 'admin-processes',
    name: 'Admin processes',
    summary: 'Run admin and management tasks as one-off processes in the same release.',
  },
] as const;

export type FactorSlug = (typeof FACTORS)[number]['slug'];

const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII'];

export function factorBySlug(slug: FactorSlug) {
  const f = FACTORS.find((x) => x.slug === slug);
  if (!f) throw new Error(`unknown factor ${slug}`);
  return f;
}

export function factorLabel(n: number): string {
  return `${ROMAN[n - 1]}. ${FACTORS[n - 1].name}`;
}

export function factorUrl(slug: FactorSlug): string {
  // 12factor.net names its pages after the factor, without hyphens where the site has none.
  const page: Record<FactorSlug, string> = {
    codebase: 'codebase',
    dependencies: 'dependencies',
    config: 'config',
    'backing-services': 'backing-services',
    'build-release-run': 'build-release-run',
    processes: 'processes',
    'port-binding': 'port-binding',
    concurrency: 'concurrency',
    disposability: 'disposability',
    'dev-prod-parity': 'dev-prod-parity',
    logs: 'logs',
    'admin-processes': 'admin-processes',
  };
  return `https://12factor.net/${page[slug]}`;
}

/** Checks no scanner can prove; the checklist shows them with checkboxes. */
export const MANUAL_CHECKS: Record<FactorSlug, { id: string; label: string }[]> = {
  codebase: [
    {
      id: 'codebase/one-repo-many-deploys',
      label: 'Every deploy (staging, production) is built from this one repository',
    },
  ],
  dependencies: [],
  config: [
    { id: 'config/could-open-source', label: 'The code could be open-sourced now without leaking a credential' },
  ],
  'backing-services': [
    { id: 'backing-services/swap-by-config', label: 'Each backing service can be swapped by changing config alone' },
  ],
  'build-release-run': [
    { id: 'build-release-run/same-build-promoted', label: 'The same build is promoted from staging to production' },
  ],
  processes: [],
  'port-binding': [],
  concurrency: [
    {
      id: 'concurrency/process-types',
      label: 'Each kind of work runs as its own process type that scales independently',
    },
  ],
  disposability: [
    {
      id: 'disposability/fast-start',
      label: 'A process starts in seconds and can be killed at any time without losing work',
    },
  ],
  'dev-prod-parity': [
    {
      id: 'dev-prod-parity/same-services',
      label: 'Developers run the same kinds and versions of backing services as production',
    },
  ],
  logs: [{ id: 'logs/routed-by-platform', label: 'The platform, not the app, routes and stores the log stream' }],
  'admin-processes': [
    { id: 'admin-processes/same-release', label: 'Admin tasks run against the same release and config as the app' },
  ],
};
