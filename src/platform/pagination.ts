import { Type, type Static, type TSchema } from 'typebox';
import { AppError } from './errors.ts';

/** Cursor pagination by descending or ascending id: the cursor is the last id seen, opaque to callers. */
export const PageQuery = Type.Object({
  cursor: Type.Optional(Type.String({ maxLength: 64, description: 'nextCursor of the previous page' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
});
export type PageQuery = Static<typeof PageQuery>;

export function Page<T extends TSchema>(item: T) {
  return Type.Object({
    items: Type.Array(item),
    nextCursor: Type.Union([Type.String(), Type.Null()], { description: 'null on the last page' }),
  });
}

export function encodeCursor(id: number): string {
  return Buffer.from(`i:${id}`).toString('base64url');
}

/** The id a cursor stands for; BAD_CURSOR when it is not one of ours. */
export function decodeCursor(cursor: string | undefined): number | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const match = /^i:(\d{1,15})$/.exec(text);
  if (!match) throw new AppError('BAD_CURSOR');
  return Number(match[1]);
}

/** A cursor over a sort key of several whole numbers, such as (rank, id): the last key seen, opaque to callers. */
export function encodeKeyCursor(key: number[]): string {
  return Buffer.from(`k:${key.join('.')}`).toString('base64url');
}

/** The key a cursor of `parts` numbers stands for; BAD_CURSOR when it is not one of ours. */
export function decodeKeyCursor(cursor: string | undefined, parts: number): number[] | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const match = /^k:(\d{1,15}(?:\.\d{1,15})*)$/.exec(text);
  const key = match?.[1].split('.').map(Number);
  if (!key || key.length !== parts) throw new AppError('BAD_CURSOR');
  return key;
}

/** Rows were fetched with limit + 1: the extra row only tells that another page exists. */
export function toPage<R extends { id: number }, T>(rows: R[], limit: number, present: (row: R) => T) {
  const more = rows.length > limit;
  const items = (more ? rows.slice(0, limit) : rows).map(present);
  return { items, nextCursor: more ? encodeCursor(rows[limit - 1].id) : null };
}
