// The standard library's module names by Python version, from stdlibData.ts (generated from real interpreters by
// scripts/python-stdlib.mjs): an import of one of these needs no declared dependency.
import { STDLIB_EVERYWHERE, STDLIB_MINORS, STDLIB_SOME } from './stdlibData';

/**
 * Added after the newest interpreter the data was generated from (3.14's What's New: PEP 749's annotationlib, PEP
 * 784's compression package); rerun the script with that interpreter to replace these.
 */
const LATER: Readonly<Record<string, number>> = { annotationlib: 14, compression: 14 };

const FIRST = STDLIB_MINORS[0];
const LAST = STDLIB_MINORS[STDLIB_MINORS.length - 1];
/** Versions past this one all have the same modules here: it bounds the memo below (constant data, few keys). */
const NEWEST = Math.max(LAST, ...Object.values(LATER));
const byMinor = new Map<number | undefined, ReadonlySet<string>>();

/**
 * The top-level standard-library modules of Python 3.`minor`; for an unknown version (undefined), those of any
 * covered version, so an import is never called undeclared because the version was not known. Versions before 3.8
 * read as 3.8; after the data's newest, as the newest plus the modules known to have been added since.
 */
export function stdlibModules(minor?: number): ReadonlySet<string> {
  const key =
    minor === undefined || !Number.isFinite(minor) ? undefined : Math.min(Math.max(FIRST, Math.floor(minor)), NEWEST);
  let set = byMinor.get(key);
  if (!set) {
    const names = new Set(STDLIB_EVERYWHERE);
    const dataMinor = key === undefined ? undefined : Math.min(key, LAST);
    for (const [name, minors] of Object.entries(STDLIB_SOME))
      if (dataMinor === undefined || minors.includes(dataMinor)) names.add(name);
    for (const [name, since] of Object.entries(LATER)) if (key === undefined || key >= since) names.add(name);
    set = names;
    byMinor.set(key, set);
  }
  return set;
}

/** Whether `module` (`os.path`, `tomllib`) is in the standard library of Python 3.`minor` (any version if undefined). */
export function isStdlibModule(module: string, minor?: number): boolean {
  return stdlibModules(minor).has(module.split('.')[0]);
}
