// dependencies/undeclared-system-tool in JS/TS: the OS programs a file runs (child_process, execa, zx …) that a known
// system tool provides, recorded for the project half, which knows what the project installs or declares.
import { jsCheck } from '../../context';
import { PROCESS_TRIGGER, processCalls, programsRun, wrapperProcessCalls } from '../../childProcess';
import { toolForProgram } from '../../../../detect/systemTools';
import { TOOL_USES, type ToolUse } from '../../../../facts/dependencies';

export const undeclaredSystemToolJs = jsCheck<never>({
  trigger: PROCESS_TRIGGER,
  check(ctx) {
    if (ctx.isTest || ctx.isExample) return;
    const uses: ToolUse[] = [];
    const calls = [...processCalls(ctx.sourceFile, ctx.index), ...wrapperProcessCalls(ctx.sourceFile, ctx.index)];
    for (const call of calls) {
      for (const program of new Set(programsRun(call))) {
        const tool = toolForProgram(program);
        if (tool) uses.push({ program, tool: tool.id, range: ctx.rangeOf(call.commandNode) });
      }
    }
    if (uses.length) ctx.record(TOOL_USES, uses);
  },
});
