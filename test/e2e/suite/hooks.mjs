// Mocha root hooks: open the workbench once; keep a screenshot of every failure.
import { closeSession, openSession, wb } from '../lib/session.mjs';

export const mochaHooks = {
  async beforeAll() {
    this.timeout(120_000);
    await openSession();
  },
  async afterEach() {
    if (this.currentTest?.state !== 'failed') return;
    const name = `failure-${this.currentTest
      .fullTitle()
      .replace(/[^a-z0-9]+/gi, '-')
      .slice(0, 80)}`;
    await wb()
      .screenshot(name)
      .catch(() => {});
  },
  async afterAll() {
    await closeSession();
  },
};
