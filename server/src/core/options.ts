// A rule's options: a JSON Schema in `meta.options` (built with TypeBox, so the rule reads its options typed and the
// schema can be published for settings and config files), values from settings, checked, with defaults filled in.
import type { TObject } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import type { RuleMeta } from './types';

export type RuleOptions = Readonly<Record<string, unknown>>;

/**
 * The options a rule runs with: `raw` (from settings) when it fits the rule's schema, with defaults for what it leaves
 * out; otherwise the defaults alone, and `errors` says why (each `path: message`), for the log.
 */
export function resolveOptions(
  meta: Pick<RuleMeta, 'id' | 'options'>,
  raw: unknown,
): { options: RuleOptions; errors: string[] } {
  const schema: TObject | undefined = meta.options;
  const given = raw !== undefined && raw !== null && !(typeof raw === 'object' && !Object.keys(raw).length);
  if (!schema) return { options: {}, errors: given ? [`${meta.id} takes no options`] : [] };
  const defaults = Value.Default(schema, {}) as RuleOptions;
  if (!given) return { options: defaults, errors: [] };
  const value = Value.Default(schema, Value.Clone(raw));
  if (Value.Check(schema, value)) return { options: value as RuleOptions, errors: [] };
  const errors = [...Value.Errors(schema, value)].map((e) => `${meta.id} options${e.path || ''}: ${e.message}`);
  return { options: defaults, errors };
}

const LEVEL = {
  type: 'string',
  enum: ['error', 'warning', 'info', 'hint', 'off'],
  enumDescriptions: [
    'Report as an error.',
    'Report as a warning.',
    'Report as information.',
    'Report as a hint (no squiggle).',
    'Do not run the rule.',
  ],
};

/**
 * The settings schema of a rule with options (`twelveFactor.rules` in package.json, kept in step by
 * `npm run docs:rules` and test/unit/rules-meta): a level, or ESLint's `[level, options]`.
 */
export function ruleSettingSchema(meta: Pick<RuleMeta, 'options'>): object | undefined {
  if (!meta.options) return undefined;
  // Every option has a default, so none is required of the user (TypeBox lists them all as required).
  const { required: _required, ...options } = JSON.parse(JSON.stringify(meta.options)) as Record<string, unknown>;
  return { anyOf: [LEVEL, { type: 'array', items: [LEVEL, options], minItems: 1, maxItems: 2 }] };
}
