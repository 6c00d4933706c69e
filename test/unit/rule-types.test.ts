// A rule is typed by its message ids (defineRule): a source check that reports an id the rule does not declare is a
// compile error, caught by `npm run typecheck` (the @ts-expect-error lines fail it when the error goes away).
import * as assert from 'assert';
import { defineRule, type RuleMeta } from '../../server/src/core/types';
import { jsCheck } from '../../server/src/lang/js/context';

const meta = <Id extends string>(messages: Record<Id, string>): RuleMeta<Id> => ({
  id: 'test/typed',
  factor: 'config',
  severity: 'warning',
  description: 'Typed.',
  why: 'Typed.',
  messages,
});

describe('rule typing', () => {
  it("accepts checks that report the rule's own message ids, and rejects others at compile time", () => {
    const ok = defineRule({
      meta: meta({ found: 'Found.' }),
      sources: [jsCheck<'found'>({ check: (ctx) => ctx.report(ctx.sourceFile, { messageId: 'found' }) })],
    });
    const wrong = defineRule({
      meta: meta({ found: 'Found.' }),
      // @ts-expect-error 'missing' is not one of the rule's messages
      sources: [jsCheck<'missing'>({ check: () => undefined })],
    });
    jsCheck<'found'>({
      // @ts-expect-error a check reports only the ids it is typed with
      check: (ctx) => ctx.report(ctx.sourceFile, { messageId: 'other' }),
    });
    assert.deepStrictEqual([ok.meta.id, wrong.sources?.length], ['test/typed', 1]);
  });
});
