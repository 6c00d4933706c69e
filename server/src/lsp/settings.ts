// `twelveFactor.*` settings as the server reads them (per workspace folder, through workspace/configuration).
import type { RuleSetting } from '../engine/engine';

export interface Settings {
  enable: boolean;
  run: 'onType' | 'onSave';
  rules: Record<string, RuleSetting>;
  /** Options per rule, from `"rule/id": ["warning", { … }]` (the engine checks them against the rule's schema). */
  ruleOptions: Record<string, unknown>;
  exclude: string[];
  /** A suppression comment needs a reason after `--` to suppress anything. */
  requireSuppressionReason: boolean;
}

export const DEFAULT_SETTINGS: Settings = {
  enable: true,
  run: 'onType',
  rules: {},
  ruleOptions: {},
  exclude: [],
  requireSuppressionReason: false,
};

const VALID = new Set(['error', 'warning', 'info', 'hint', 'off']);

/** Accepts whatever the client sends and keeps only well-formed values. */
export function normalizeSettings(raw: unknown): Settings {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const rules: Record<string, RuleSetting> = {};
  const ruleOptions: Record<string, unknown> = {};
  if (r.rules && typeof r.rules === 'object') {
    for (const [k, v] of Object.entries(r.rules as Record<string, unknown>)) {
      // `"off"`, or ESLint's shape: `["warning", { "ignore": ["NODE_ENV"] }]`.
      const [level, options] = Array.isArray(v) ? v : [v];
      if (typeof level === 'string' && VALID.has(level)) rules[k] = level as RuleSetting;
      if (options !== undefined) ruleOptions[k] = options;
    }
  }
  return {
    enable: typeof r.enable === 'boolean' ? r.enable : DEFAULT_SETTINGS.enable,
    run: r.run === 'onSave' ? 'onSave' : 'onType',
    rules,
    ruleOptions,
    exclude: Array.isArray(r.exclude) ? r.exclude.filter((x): x is string => typeof x === 'string') : [],
    requireSuppressionReason: r.requireSuppressionReason === true,
  };
}
