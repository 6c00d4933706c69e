// What code scanning needs to know about a rule beyond its meta: whether it is a security rule (GitHub shows those
// as security alerts, ranked by `security-severity`), its CWE, how precise it is, and its problem severity.
import type { RuleMeta, Severity } from '../core/types';

/** What the SARIF properties read of a rule (the engine's own unused-suppression report has no factor). */
type Meta = Pick<RuleMeta, 'id' | 'severity'> & { factor?: string };

interface Security {
  /** CVSS-like score as GitHub reads it: over 9.0 critical, 7.0–8.9 high, 4.0–6.9 medium, below that low. */
  severity: number;
  cwe: number;
}

/**
 * The rules that flag credentials, and debug mode left on. A credential in code, an image or a client bundle is readable by whoever gets
 * the repository, the image or the page (high); one in an example file, or a `.env` that would be committed, may be
 * a placeholder or not yet pushed (medium).
 */
export const SECURITY_RULES: Readonly<Record<string, Security>> = {
  'config/hardcoded-secret': { severity: 8.0, cwe: 798 },
  'config/secret-in-dockerfile': { severity: 8.0, cwe: 798 },
  'config/secret-exposed-to-client': { severity: 8.5, cwe: 200 },
  'config/secret-in-example': { severity: 5.0, cwe: 798 },
  'config/env-file-not-ignored': { severity: 5.0, cwe: 538 },
  // Debug mode in production shows tracebacks, settings and code to whoever triggers an error.
  'config/hardcoded-debug': { severity: 5.0, cwe: 489 },
};

/** SARIF `problem.severity`, from the rule's default severity (the configured one is each result's `level`). */
export function problemSeverity(severity: Severity): 'error' | 'warning' | 'recommendation' {
  return severity === 'error' || severity === 'warning' ? severity : 'recommendation';
}

/**
 * SARIF `precision`. Errors and warnings are for what a rule can show (the project's rule for severities), so a
 * finding is rarely wrong: high. Advisories (info, hint) depend on intent the code cannot show: medium.
 */
export function precision(meta: Meta): 'high' | 'medium' {
  return meta.severity === 'error' || meta.severity === 'warning' ? 'high' : 'medium';
}

/**
 * The rule's SARIF `properties`: tags (the factor's, and `security` with the CWE for the credential rules) and the
 * GitHub keys. `factor` is 0 for the engine's own report on suppression comments, which belongs to no factor.
 */
export function sarifRuleProperties(meta: Meta, factor: number): Record<string, unknown> {
  const security = SECURITY_RULES[meta.id];
  return {
    tags: [
      'twelve-factor',
      ...(factor && meta.factor ? [`factor-${factor}`, meta.factor] : []),
      ...(security ? ['security', `external/cwe/cwe-${security.cwe}`] : []),
    ],
    precision: precision(meta),
    'problem.severity': problemSeverity(meta.severity),
    ...(security ? { 'security-severity': security.severity.toFixed(1) } : {}),
  };
}
