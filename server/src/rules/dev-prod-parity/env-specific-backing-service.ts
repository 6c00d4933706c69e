// dev-prod-parity/env-specific-backing-service: NODE_ENV (or APP_ENV, isProd …) picks a different kind of
// backing service: SQLite in development and PostgreSQL in production, MemoryStore locally and Redis deployed,
// an in-memory EventEmitter instead of RabbitMQ, local disk instead of S3.
import { defineRule } from '../../core/types';
import { envSpecificBackingServiceJs } from '../../lang/js/checks/dev-prod-parity/env-specific-backing-service';
import { envSpecificBackingServicePy } from '../../lang/py/checks/dev-prod-parity/env-specific-backing-service';
import { checkPyBackingPairs } from './pyBackingPairs';

export const envSpecificBackingService = defineRule({
  meta: {
    id: 'dev-prod-parity/env-specific-backing-service',
    factor: 'dev-prod-parity',
    severity: 'warning',
    description:
      'NODE_ENV picks a different kind of backing service per environment (SQLite vs PostgreSQL, MemoryStore vs Redis).',
    why: "Keep development and production as similar as possible (factor X): a different kind of database, store or broker per environment hides bugs until production. Run the same kind of service everywhere (locally in a container, or a provider's sandbox) and let config pick only its location and credentials.",
    messages: {
      sections: 'The {{devSection}} section uses {{dev}} but {{prodSection}} uses {{prod}}.',
      devProd: 'Development uses {{dev}} but production uses {{prod}}.',
      switch: '`{{selector}}` switches between {{dev}} and {{prod}}.',
      named: '{{devName}} uses {{dev}} but {{prodName}} uses {{prod}}.',
    },
  },
  sources: [envSpecificBackingServiceJs, envSpecificBackingServicePy],
  // Python's development and production values are often in different classes or modules: paired per project.
  checkProject: checkPyBackingPairs,
});
