// What the backing-services rules' source checks and project halves share, whatever the language.

/** `client`, `dialect`, `type` or `driver` values that say an object or config file configures a database. */
export const DB_NAMES =
  /^(pg|postgres|postgresql|mysql|mysql2|mariadb|mssql|tedious|oracledb|oracle|cockroachdb|mongodb|redshift)$/;
