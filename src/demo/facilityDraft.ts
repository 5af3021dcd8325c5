import type { Rect, Xy } from './geo.ts';

/** A facility before it gets a code: a point, or a rectangle for grounds, parks and sites. */
export interface FacilityDraft {
  kind: string;
  name: string;
  at: Xy | Rect;
  floorAreaM2: number | null;
  capacity: number | null;
  operator: string | null;
  /** Defaults to the usual hours of the kind. */
  openingHours?: string | null;
}
