// What the processes rules' source checks record for their project halves, whatever the language:
// processes/module-level-state's module state shared across files, joined through the module graph.
import type { Range } from '../core/types';
import { ownFact } from '../core/facts';

const MODULE_LEVEL_STATE = 'processes/module-level-state';

/** A module-level collection a module exports, by the member path an importer reads it at. */
export interface StateExport {
  path: string[];
  name: string;
  kind: string;
  range: Range;
}
/** An exported function that changes a module-level collection (`export function addItem() { carts.push(…) }`). */
export interface StateFn {
  path: string[];
  fn: string;
  name: string;
  kind: string;
  how: string;
  line: number;
  range: Range;
}
/** What a handler changes (or calls) that it imported: `sessions.set()`, `addItem()`. */
export interface ImportedChange {
  specifier: string;
  path: string[];
  how: string;
  line: number;
  phrase: string;
  call: boolean;
}

/** What a module exports that handlers elsewhere may change. */
export const STATE_EXPORTS = ownFact<{ states: StateExport[]; fns: StateFn[] }>(MODULE_LEVEL_STATE, 'exports');
/** What handlers in a file change that comes from another module of the project. */
export const IMPORTED_CHANGES = ownFact<ImportedChange[]>(MODULE_LEVEL_STATE, 'imported-changes');

const IN_MEMORY_SESSION_STORE = 'processes/in-memory-session-store';

/**
 * A Python settings file: sessions on Django's cache backend with no CACHES in the file (`sessionCache`), and
 * whether the file sets CACHES. No CACHES in the whole project means Django's default, a LocMemCache.
 */
export interface DjangoSessionCache {
  sessionCache?: { range: Range; alias: string };
  setsCaches: boolean;
}
export const DJANGO_SESSION_CACHE = ownFact<DjangoSessionCache>(IN_MEMORY_SESSION_STORE, 'django-session-cache');

const LOCAL_FILE_STORAGE = 'processes/local-file-storage';

/**
 * What a Python file says about Django's media files: a MEDIA_ROOT inside the app (or one set elsewhere: from the
 * environment, an absolute path), a default storage that may keep files elsewhere (django-storages), upload fields.
 */
export interface DjangoMedia {
  mediaRoot?: { range: Range; path: string };
  mediaElsewhere?: boolean;
  remoteStorage?: boolean;
  uploadFields?: boolean;
}
export const DJANGO_MEDIA = ownFact<DjangoMedia>(LOCAL_FILE_STORAGE, 'django-media');
