/**
 * Checkup indicators a survey question commonly feeds, offered in the builder. Plain data (the web
 * app imports it); any other code the checkup knows may be typed in as well.
 */
export const suggestedIndicators = [
  'walking_satisfaction',
  'facility_satisfaction',
  'safety_satisfaction',
  'environment_satisfaction',
] as const;
export type SuggestedIndicator = (typeof suggestedIndicators)[number];

/** What an answer to a text question may hold, in characters. */
export const TEXT_ANSWER_MAX = 1000;
