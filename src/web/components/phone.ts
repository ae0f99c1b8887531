import { Grid } from 'antd';

/**
 * A phone's screen: narrower than antd's md breakpoint (768 px). Pages lay themselves out for it (one column, lists
 * instead of wide tables, the menu in a drawer); src/web/app/phone.css gives every control a 44 px target there.
 */
export function usePhone(): boolean {
  return Grid.useBreakpoint().md === false;
}
