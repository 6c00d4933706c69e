// dependencies/undeclared-system-tool in Python: the OS programs app code runs through subprocess, os.system,
// asyncio or sh (lang/py/childProcess.ts) that a known system tool provides, recorded for the project half, which
// knows what the project installs or declares. Not the Python runtime itself (`python`, `pip`: the app runs on it), nor
// programs the file looks up first (`shutil.which("exiftool")`: it handles their absence), nor tooling: tests,
// examples, `scripts/`, setup.py, noxfile, fabfile, invoke's tasks.py, and branches that run only in development.
// Management commands count: they run in production as admin processes.
import * as path from 'path';
import { pyCheck } from '../../context';
import { PROCESS_TRIGGER, lookedUpPrograms, pyProcessRuns } from '../../childProcess';
import { isDevOnly } from '../../devOnly';
import { importBindings } from '../../syntax';
import { isPyAppCode } from '../appFiles';
import { toolForProgram } from '../../../../detect/systemTools';
import { TOOL_USES, type ToolUse } from '../../../../facts/dependencies';

/** Files that drive development and packaging, never the deployed app. */
const TOOLING_FILE = /^(setup|noxfile|fabfile|dodo|pavement|conftest|manage_dev)\.py$/;
/** Task runners and packaging: a file importing one is a developer's task file (`tasks.py` with invoke). */
const TOOLING_MODULES = /^(invoke|nox|fabric|fabric2|setuptools|distutils|pytest|doit|paver)(\.|$)/;
const DJANGO_APP_FILE = /(^|\/)docs?\/(management\/|views|models|urls|tasks|apps|utils)/;
/** Tools the Python runtime is: a Python app runs on them. */
const RUNTIME_TOOLS = new Set(['python']);

export const undeclaredSystemToolPy = pyCheck<never>({
  trigger: PROCESS_TRIGGER,
  check(ctx) {
    if (!isPyAppCode(ctx) || TOOLING_FILE.test(path.posix.basename(ctx.rel))) return;
    // Sphinx sources and doc builders; not a Django app named `docs` (its commands and views run in production).
    if (/(^|\/)docs?\//.test(ctx.rel) && !DJANGO_APP_FILE.test(ctx.rel)) return;
    const runs = pyProcessRuns(ctx.text, ctx.index);
    if (!runs.length) return;
    if ([...new Set(importBindings(ctx.text, ctx.index.imports).values())].some((m) => TOOLING_MODULES.test(m))) return;
    const optional = lookedUpPrograms(ctx.text, ctx.index);
    const uses: ToolUse[] = [];
    for (const r of runs) {
      if (isDevOnly(ctx.text, r.call)) continue;
      for (const program of r.programs) {
        const tool = toolForProgram(program);
        if (!tool || RUNTIME_TOOLS.has(tool.id) || optional.has(program)) continue;
        uses.push({ program, tool: tool.id, range: ctx.rangeOf(r.commandNode) });
      }
    }
    if (uses.length) ctx.record(TOOL_USES, uses);
  },
});
