// `twelveFactor.*` settings as the server reads them (per workspace folder, through workspace/configuration).
import type { RuleSetting } from '../engine/engine';

export interface Settings {
  enable: boolean;
  run: 'onType' | 'onSave';
  rules: Record<string, RuleSetting>;
  exclude: string[];
}

export const DEFAULT_SETTINGS: Settings = { enable: true, run: 'onType', rules: {}, exclude: [] };

const VALID = new Set(['error', 'warning', 'info', 'hint', 'off']);

/** Accepts whatever the client sends and keeps only well-formed values. */
export function normalizeSettings(raw: unknown): Settings {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const rules: Record<string, RuleSetting> = {};
  if (r.rules && typeof r.rules === 'object') {
    for (const [k, v] of Object.entries(r.rules as Record<string, unknown>))
      if (typeof v === 'string' && VALID.has(v)) rules[k] = v as RuleSetting;
  }
  return {
    enable: typeof r.enable === 'boolean' ? r.enable : DEFAULT_SETTINGS.enable,
    run: r.run === 'onSave' ? 'onSave' : 'onType',
    rules,
    exclude: Array.isArray(r.exclude) ? r.exclude.filter((x): x is string => typeof x === 'string') : [],
  };
}
