import type { ButtonProps } from 'antd';

/** Button props carrying a data-testid (antd's ButtonProps type has no data-* index, JSX attributes do). */
export function testIdButton(id: string): ButtonProps {
  return { 'data-testid': id } as unknown as ButtonProps;
}
