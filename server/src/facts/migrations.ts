// Where a source file runs schema migrations, seeds or schema sync, and its calls into packages (one may be a
// workspace package's migration wrapper): facts the language adapters extract for admin-processes/migrations-on-boot
// and admin-task-endpoint (a migration inside a route handler), and for the process model.
import type { Range } from '../core/types';
import { defineFact } from '../core/facts';

/** When a site runs. */
export interface SiteScope {
  /** Runs when the module loads: at module scope, in a callback registered there, or in a function called from there. */
  onLoad: boolean;
  /** Top-level functions that lead to the site (its own and those in this file that call it): callers elsewhere use these names. */
  names: string[];
  /**
   * Runs in a web framework's start-up hook, named for messages: "the lifespan `lifespan()`", "`CoreConfig.ready()`"
   * (Python: the framework, not a process model, says it runs as each web process starts).
   */
  startup?: string;
}

export interface CodeSite extends SiteScope {
  range: Range;
  label: string;
  /** "the request handler `AdminController.migrate()`" when the migration runs per request, not at start-up. */
  handler?: string;
  /** A call of the project's own runner (`runMigrations()` from './db'): reported only when that module shows no migration itself. */
  runnerFrom?: string;
}
/** A call of a function imported from a package (`migrate()` from '@acme/db'), with when it runs. */
export interface PackageCall extends SiteScope {
  range: Range;
  pkg: string;
  name: string;
  text: string;
}

export const MIGRATION_SITES = defineFact<CodeSite[]>('migration-sites', 2);
export const PACKAGE_CALLS = defineFact<PackageCall[]>('package-calls', 2);
