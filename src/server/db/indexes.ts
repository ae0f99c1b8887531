/**
 * Storage options for GIN indexes. With `fastupdate` on (PostgreSQL's default) new entries wait in a pending list
 * that every search scans linearly until a vacuum or the list's 4 MB limit merges it: after a day of created tasks
 * the to-do's co-unit arm read 123 buffers for no row (2.4 ms of a 4 ms query, bench/RESULTS.md, issue 16). Off,
 * each insert merges its few entries at once and a search costs the same in the afternoon as after the night's vacuum.
 */
export const GIN_NO_PENDING = { fastupdate: false } as const;
