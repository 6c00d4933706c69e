// Names of deployment environments as config files and code spell them.

/** Keys of a config section that only local development and tests use: `{ development: {…}, test: {…} }`. */
export const LOCAL_SECTION = /^(development|dev|local|test|testing|e2e)$/i;

/** Keys of a config object or dict grouped by environment: `{ development: …, production: … }`. */
export const ENV_KEY =
  /^(development|dev|local|test|testing|ci|e2e|staging|stage|production|prod|qa|uat|preview|preprod)$/i;
/** The environment keys of deploys (not local development or tests). */
export const DEPLOYED_KEY = /^(staging|stage|production|prod|qa|uat|preview|preprod)$/i;
/** Keys merged under every environment (`default`, `common`). */
export const SHARED_KEY = /^(default|defaults|common|base|shared|all)$/i;

/**
 * Whether a deployed environment's entry holds a value of its own, given each entry's string leaves (path → value):
 * one another environment's entry does not hold at the same path, and no shared entry holds either (SHARED entries
 * are merged under every environment: a value equal to the shared one is no deploy's own).
 */
export function deployHoldsOwnValue(leaves: ReadonlyMap<string, ReadonlyMap<string, string>>): boolean {
  const keys = [...leaves.keys()];
  const shared = keys.filter((k) => SHARED_KEY.test(k));
  return keys.some(
    (key) =>
      DEPLOYED_KEY.test(key) &&
      [...leaves.get(key)!].some(([at, v]) =>
        keys
          .filter((o) => o !== key && ENV_KEY.test(o))
          .some((o) => !shared.some((s) => leaves.get(s)!.get(at) === v) && leaves.get(o)!.get(at) !== v),
      ),
  );
}
