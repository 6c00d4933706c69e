// Names of deployment environments as config files and code spell them.

/** Keys of a config section that only local development and tests use: `{ development: {…}, test: {…} }`. */
export const LOCAL_SECTION = /^(development|dev|local|test|testing|e2e)$/i;
