import { Grid } from 'antd';

/** Drawers take the whole screen on phones and a side panel on desktops. */
export function useDrawerSize(desktop: number): number | string {
  const wide = Grid.useBreakpoint().md ?? true;
  return wide ? desktop : '100%';
}
