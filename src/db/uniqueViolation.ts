/** PostgreSQL's unique_violation (23505): the database refused a duplicate, which a use case names. */
export function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: string }).code === '23505';
}
