// Constant lookup tables indexed by workspace text (program, file and package names).

/**
 * A table that answers only for its own keys: a program named `constructor` or a file named `toString` in a
 * repository must not find Object.prototype's members (`in` and `[]` on a plain object do).
 */
export function lookupTable<T>(entries: Record<string, T>): Readonly<Record<string, T>> {
  return Object.freeze(Object.assign(Object.create(null) as Record<string, T>, entries));
}
