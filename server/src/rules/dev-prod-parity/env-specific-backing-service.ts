// dev-prod-parity/env-specific-backing-service: NODE_ENV (or APP_ENV, isProd …) picks a different kind of
// backing service: SQLite in development and PostgreSQL in production, MemoryStore locally and Redis deployed,
// an in-memory EventEmitter instead of RabbitMQ, local disk instead of S3.
import { defineRule, type ProjectContext } from '../../core/types';
import { envSpecificBackingServiceJs } from '../../lang/js/checks/dev-prod-parity/env-specific-backing-service';
import {
  envSpecificBackingServicePy,
  envSpecificFakesPy,
} from '../../lang/py/checks/dev-prod-parity/env-specific-backing-service';
import { pyBackingPairs } from './pyBackingPairs';

/** Python's development values paired with production's (pyBackingPairs.ts), reported at the development value. */
function checkProject(ctx: ProjectContext<'devProd' | 'named'>): void {
  for (const p of pyBackingPairs(ctx)) {
    const data = { category: p.dev.category, dev: [p.dev.kind], prod: [p.prod] };
    if (p.names)
      ctx.report(
        p.file,
        p.dev.range,
        { messageId: 'named', data: { devName: p.names[0], dev: p.dev.label, prodName: p.names[1], prod: p.prod } },
        { data },
      );
    else ctx.report(p.file, p.dev.range, { messageId: 'devProd', data: { dev: p.dev.label, prod: p.prod } }, { data });
  }
}

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
  sources: [envSpecificBackingServiceJs, envSpecificBackingServicePy, envSpecificFakesPy],
  // Python's development and production values are often in different classes or modules: paired per project.
  checkProject,
});
