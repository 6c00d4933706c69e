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
