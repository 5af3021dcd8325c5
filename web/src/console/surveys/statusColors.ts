import type { SurveyStatus } from '../../api/types.ts';

/** A survey's status tag: grey while drafted, green while collecting, blue once closed. */
export const statusColors: Record<SurveyStatus, string> = { draft: 'default', published: 'green', closed: 'blue' };
