// Where a flagged Python value is set, for the settings rules' checks (config/hardcoded-secret, config/hardcoded-debug,
// backing-services/hardcoded-url): a module-level setting, whose finding is a candidate that a production settings
// module may override (facts/pySettings.ts), or a config class's attribute that every production subclass sets
// again. Both are local-development defaults, not what production runs with.
import type { Message, Range, ReportOptions } from '../../../core/types';
import type { PySettingCandidate } from '../../../facts/pySettings';
import type { SyntaxNode } from '../parse';
import type { PySourceContext } from '../context';
import { classTable, overriddenInSubclasses, type PyClassInfo } from '../settingsModule';
import { assignParts, classInfo, enclosingClass, isModuleLevel, MAX_CLIMB, targetBinding } from '../values';

/** The statement a node belongs to: the nearest AssignStatement, ExpressionStatement or other *Statement above it. */
export function statementOf(node: SyntaxNode): SyntaxNode | undefined {
  for (let p: SyntaxNode | null = node, i = 0; p && i < MAX_CLIMB; p = p.parent, i++)
    if (/Statement$/.test(p.name)) return p;
  return undefined;
}

/** `DATABASES['default']['HOST'] = …` → DATABASES; `X = …` → X. */
function rootName(text: string, target: SyntaxNode): string | undefined {
  let t: SyntaxNode | null = target;
  for (let i = 0; t?.name === 'MemberExpression' && i < MAX_CLIMB; i++) t = t.firstChild;
  return t?.name === 'VariableName' ? text.slice(t.from, t.to) : undefined;
}

export interface SettingPlace {
  /** Set at module level: the module-level name it is assigned to. */
  setting?: string;
  /** Set as a class attribute that every production subclass in the file sets again. */
  overridden: boolean;
}

export function settingPlace(
  ctx: PySourceContext<string>,
  node: SyntaxNode,
  classes: () => readonly PyClassInfo[],
): SettingPlace {
  const stmt = statementOf(node);
  if (stmt?.name !== 'AssignStatement') return { overridden: false };
  const parts = assignParts(stmt);
  const target = parts?.targets[parts.targets.length - 1];
  if (!target) return { overridden: false };
  if (isModuleLevel(stmt)) return { setting: rootName(ctx.text, target), overridden: false };
  const cls = enclosingClass(stmt);
  const b = targetBinding(ctx.text, target);
  if (cls && b?.kind === 'variable')
    return { overridden: overriddenInSubclasses(classes(), classInfo(ctx.text, cls).name, b.name) };
  return { overridden: false };
}

/**
 * Reports a finding (at `range`, else on the node) at once, or keeps it as a candidate when it sits at a module-level setting (the project half
 * reports it unless a production module overrides the setting); drops it when production subclasses override it.
 */
export function settingReporter<Id extends string>(
  ctx: PySourceContext<Id>,
  candidates: PySettingCandidate[],
): (node: SyntaxNode, message: Message<Id>, options?: ReportOptions, range?: Range) => void {
  let table: PyClassInfo[] | undefined;
  const classes = () => (table ??= classTable(ctx.text, ctx.tree));
  return (node, message, options, range) => {
    const place = settingPlace(ctx as PySourceContext<string>, node, classes);
    if (place.overridden) return;
    if (place.setting)
      candidates.push({
        name: place.setting,
        range: range ?? ctx.rangeOf(node),
        message,
        ...(options?.severity ? { severity: options.severity } : {}),
        ...(options?.data ? { data: options.data } : {}),
      });
    else ctx.report(range ?? node, message, options);
  };
}
