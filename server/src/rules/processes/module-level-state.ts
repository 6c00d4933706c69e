// processes/module-level-state: a module-scope collection that request handlers change, so the app's state
// lives in the memory of one process.
import * as path from 'path';
import { defineRule, type ProjectContext, type Range } from '../../core/types';
import { runsServerOrWorker } from '../../detect/appCode';
import { moduleGraphOf, PROCESS_MODEL_INPUTS } from '../../model/processes';
import { clip, toPosix } from '../../util/text';
import { IMPORTED_CHANGES as CHANGES_FACT, STATE_EXPORTS as EXPORTS_FACT } from '../../facts/processes';
import { moduleLevelStateJs } from '../../lang/js/checks/processes/module-level-state';
import { moduleLevelStatePy } from '../../lang/py/checks/processes/module-level-state';
import { pySharedStateHits } from '../../lang/py/checks/processes/sharedState';

const ID = 'processes/module-level-state';

/** State a module exports, changed by handlers in other modules of the project (directly or through a function). */
function checkProject(ctx: ProjectContext): void {
  const { project } = ctx;
  const own = new Set(project.sources);
  const graph = moduleGraphOf(project, ctx.facts, ctx.workspace);
  const done = new Set<string>();
  for (const src of project.sources) {
    for (const change of ctx.fact(src, CHANGES_FACT) ?? []) {
      const target = graph.resolve(src, change.specifier);
      if (!target || target === src || !own.has(target)) continue;
      const ex = ctx.fact(target, EXPORTS_FACT);
      if (!ex) continue;
      const from = toPosix(path.relative(path.dirname(target), src));
      const file = from.startsWith('.') ? from : `./${from}`;
      let hit: { name: string; kind: string; range: Range; how: string; line: number; via?: string } | undefined;
      if (change.call) {
        const fn = ex.fns.find((f) => f.path.join('.') === change.path.join('.'));
        if (fn) hit = { name: fn.name, kind: fn.kind, range: fn.range, how: fn.how, line: fn.line, via: fn.fn };
      } else {
        // The longest exported path the change goes through: `store.carts.set()` changes the export `store`.
        const st = ex.states
          .filter((e) => e.path.every((p, i) => change.path[i] === p))
          .sort((a, b) => b.path.length - a.path.length)[0];
        if (st) hit = { name: st.name, kind: st.kind, range: st.range, how: change.how, line: change.line };
      }
      const key = hit && `${target}:${hit.name}`;
      if (!hit || !key || done.has(key)) continue;
      done.add(key);
      // The handler is in another file: its file and line say where, the handler's label would make the line too long.
      const data = { name: hit.name, kind: hit.kind, call: hit.via, file: clip(file), line: change.line };
      ctx.report(
        target,
        hit.range,
        { messageId: hit.via ? 'changedElsewhereViaCall' : 'changedElsewhere', data },
        { data: { name: hit.name, from: src } },
      );
    }
  }
  // Python modules, joined by their own import rules.
  for (const hit of pySharedStateHits(ctx))
    ctx.report(
      hit.target,
      hit.range,
      { messageId: hit.messageId, data: hit.data },
      { data: { name: hit.name, from: hit.from } },
    );
}

export const moduleLevelState = defineRule({
  meta: {
    id: ID,
    inputs: [...PROCESS_MODEL_INPUTS],
    factor: 'processes',
    severity: 'warning',
    description:
      'A module-level array, object, Map or Set (Python: dict, list, set) that request handlers change, so state lives in one process.',
    why: 'Processes are stateless and share nothing (factor VI): module-level state lives in one process, so other instances never see it and a restart or deploy loses it. Keep it in a backing service such as Redis or the database.',
    messages: {
      changedByHandler: '`{{name}}` is module-level state ({{kind}}) changed by {{handler}} (line {{line}}).',
      changedViaCall:
        '`{{name}}` is module-level state ({{kind}}) changed by `{{call}}()`, called from a request handler (line {{line}}).',
      changedElsewhere:
        '`{{name}}` is module-level state ({{kind}}) changed by a request handler in {{file}} (line {{line}}).',
      changedElsewhereViaCall:
        '`{{name}}` is module-level state ({{kind}}) changed by `{{call}}()` from a handler in {{file}} (line {{line}}).',
    },
  },
  sources: [moduleLevelStateJs, moduleLevelStatePy],
  checkProject,
  appliesTo: (ctx: ProjectContext) => runsServerOrWorker(ctx),
});
