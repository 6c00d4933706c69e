// What the dependencies rules' source checks record for their project halves, whatever the language.
import type { Range } from '../core/types';
import { ownFact } from '../core/facts';

/** Ranges of the specifiers of require()/import() calls under a try or a NODE_ENV condition. */
export const GUARDED_LOADS = ownFact<Range[]>('dependencies/dev-dependency-in-production', 'guarded');

/** A module named as a pino transport target, and where. */
export interface TargetUse {
  specifier: string;
  range: Range;
}
/** Modules pino loads by name at run time: transport targets (`transport: { target: 'pino-pretty' }`). */
export const TRANSPORT_TARGETS = ownFact<TargetUse[]>('dependencies/dev-dependency-in-production', 'transportTargets');

/** An OS program a file runs (`ffmpeg`), with the system tool that provides it. */
export interface ToolUse {
  program: string;
  tool: string;
  range: Range;
}
export const TOOL_USES = ownFact<ToolUse[]>('dependencies/undeclared-system-tool', 'tool-uses');
