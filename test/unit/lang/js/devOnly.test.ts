// lang/js/devOnly.ts: code in development-only branches and config sections.
import * as assert from 'assert';
import { inLocalSection, isDevOnly } from '../../../../server/src/lang/js/devOnly';
import { LOCAL_SECTION } from '../../../../server/src/detect/environments';
import { literal, parse } from '../../../helpers/ast';

const devOnly = (code: string) => isDevOnly(literal(parse(code), 'HERE'));
const local = (code: string) => inLocalSection(literal(parse(code), 'HERE'));

describe('lang/js/devOnly', () => {
  it('takes branches that only run in development: NODE_ENV comparisons either way round, negations, else of production', () => {
    for (const c of [
      `if (process.env.NODE_ENV !== 'production') use('HERE')`,
      `if (process.env.NODE_ENV === 'production') use('x'); else use('HERE')`,
      `if (process.env.NODE_ENV === 'development') use('HERE')`,
      `if ('development' === process.env.NODE_ENV) use('HERE')`,
      `if (process.env['NODE_ENV'] == 'test') use('HERE')`,
      `if (config.nodeEnv === 'dev') use('HERE')`,
      `if (!(process.env.NODE_ENV === 'production')) use('HERE')`,
      `if (process.env.NODE_ENV === 'local') { if (x) { use('HERE') } }`,
    ])
      assert.ok(devOnly(c), c);
  });

  it('takes dev flags by name (isDev, !isProd, config.isDevelopment), in if, ?: and && positions, through parentheses', () => {
    for (const c of [
      `if (isDev) use('HERE')`,
      `if (!isProd) use('HERE')`,
      `if (config.isDevelopment) use('HERE')`,
      `const x = isDev ? 'HERE' : 'y'`,
      `const x = isProd ? 'y' : 'HERE'`,
      `isDev && use('HERE')`,
      `if (isDev && other) use('HERE')`,
      `if (((isDev))) use('HERE')`,
      `if (debugMode) use('HERE')`,
      `if (isDev) { function f() { return 'HERE' } }`,
    ])
      assert.ok(devOnly(c), c);
  });

  it('does not take production branches, unknown environments, || conditions, the condition itself or look-alike names', () => {
    for (const c of [
      `if (process.env.NODE_ENV === 'production') use('HERE')`,
      `if (process.env.NODE_ENV !== 'development') use('HERE')`,
      `if (process.env.NODE_ENV !== 'test') use('HERE')`,
      `if (process.env.NODE_ENV === 'staging') use('HERE')`,
      `if (isProduction) use('HERE')`,
      `if (isDevice) use('HERE')`,
      `const x = isDev ? 'y' : 'HERE'`,
      `isDev || use('HERE')`,
      `if (isDev || other) use('HERE')`,
      `if (use('HERE')) x()`,
      `use('HERE')`,
      `if (process.env.APP_ENV === 'development') use('HERE')`,
      `if (DEBUG_MODE) use('HERE')`,
    ])
      assert.ok(!devOnly(c), c);
  });

  it('finds development, test and e2e sections of config objects, stopping at the enclosing function', () => {
    assert.ok(local(`module.exports = { development: { url: 'HERE' }, production: { url: 'x' } }`));
    assert.ok(local(`module.exports = { Test: { url: 'HERE' } }`));
    assert.ok(local(`module.exports = { 'e2e': { a: { url: 'HERE' } } }`));
    assert.ok(!local(`module.exports = { production: { url: 'HERE' } }`));
    assert.ok(!local(`module.exports = { developer: { url: 'HERE' } }`));
    assert.ok(!local(`module.exports = { development: { get() { return 'HERE' } } }`));
    assert.ok(!local(`module.exports = { development: () => ({ x: 'HERE' }) }`));
    assert.ok(LOCAL_SECTION.test('testing') && !LOCAL_SECTION.test('tests'));
  });
});
