import type { TableColumnType } from 'antd';

/**
 * The 操作 column of a table, only when the person can act on at least one of its rows: a read-only leader, or a
 * page whose rows all are past acting on (every token revoked, every delivery sent), gets no column at all rather
 * than an empty one. `canAct` says whether a row's cell would hold anything; the server still checks every action.
 */
export function actionsColumn<T>(
  rows: readonly T[] | undefined,
  canAct: (row: T) => boolean,
  column: TableColumnType<T>,
): TableColumnType<T>[] {
  return (rows ?? []).some(canAct) ? [{ key: 'actions', ...column }] : [];
}
