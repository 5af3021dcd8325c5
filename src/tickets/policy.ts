/**
 * The service loop's standing rules that are not per category. Per-category limits live in the
 * ticket_category table; the ladder in escalation_step.
 */
export const ticketPolicy = {
  /** A resolved ticket the reporter has not rated after this many days closes as "no answer" (回访无应答). */
  callbackDays: 3,
  /** Open tickets of the same category within this distance are offered as duplicates (metres). */
  duplicateRadiusM: 50,
  /** 未诉先办: K reports of one category within the radius in D days open a proactive ticket. */
  proactive: { repeats: 3, days: 7, radiusM: 50 },
} as const;
