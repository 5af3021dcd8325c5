/**
 * PostgreSQL refusing text it cannot store: a NUL character (U+0000) sent as a parameter (22021,
 * character_not_in_repertoire) or inside JSON (22P05, untranslatable_character). Such text only comes
 * from a request, so the refusal is the request's fault: a 400, not a server error.
 */
export function isUnstorableText(err: unknown): boolean {
  const code = (err as { code?: string }).code;
  return code === '22021' || code === '22P05';
}
