// A fix no edit can express (install a package, create a lockfile): offered as a command the user runs in a
// terminal, in the folder it applies to. Never preferred, never part of fix-all.
import type { Fix } from '../core/types';
import { Commands } from '../../../shared/protocol';

export function runInTerminalFix(command: string, cwd: string, title = `Run '${command}'`): Fix {
  return { title, command: { title: command, command: Commands.runInTerminal, arguments: [{ cwd, command }] } };
}
