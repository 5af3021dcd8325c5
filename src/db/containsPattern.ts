/** The LIKE/ILIKE pattern for "contains": the user's own %, _ and \ are taken literally, not as wildcards. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, '\\$&')}%`;
}
