import { createElement, type ReactNode } from 'react';
import { Grid } from 'antd';
import type { ColumnType } from 'antd/es/table';

/**
 * A phone's screen: narrower than antd's md breakpoint (768 px). Pages lay themselves out for it (one column, lists
 * instead of wide tables, the menu in a drawer); src/web/app/phone.css gives every control a 44 px target there.
 */
export function usePhone(): boolean {
  return Grid.useBreakpoint().md === false;
}

/**
 * A table's columns for a phone: one column, each row's cells stacked in it (a plain value with its column's title
 * before it), leaving out the `hide` keys. On a desktop the columns as given.
 */
export function stackedOnPhone<T>(phone: boolean, columns: ColumnType<T>[], hide: string[] = []): ColumnType<T>[] {
  if (!phone) return columns;
  const shown = columns.filter((c) => !hide.includes(String(c.key ?? c.dataIndex)));
  const cell = (c: ColumnType<T>, r: T, i: number): ReactNode => {
    const value =
      typeof c.dataIndex === 'string' || typeof c.dataIndex === 'number'
        ? (r as Record<string | number, unknown>)[c.dataIndex]
        : undefined;
    if (c.render) return c.render(value, r, i) as ReactNode;
    return typeof c.title === 'string' && c.title ? `${c.title}：${String(value ?? '—')}` : String(value ?? '');
  };
  return [
    {
      key: 'stacked',
      render: (_: unknown, r: T, i: number) =>
        createElement(
          'div',
          { style: { display: 'flex', flexDirection: 'column', gap: 6 } },
          ...shown.map((c, k) => createElement('div', { key: k }, cell(c, r, i))),
        ),
    },
  ];
}
