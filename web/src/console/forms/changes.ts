/**
 * What a form sends. The server reads a null in a number field as 0 (its validator coerces types),
 * so a form leaves out what is empty when creating and what it did not change when editing.
 */
type Fields = Record<string, unknown>;

const isEmpty = (value: unknown) => value === undefined || value === null || value === '';

/** The fields that hold a value. */
export function filledFields<T extends Fields>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => !isEmpty(value))) as Partial<T>;
}

/** The fields whose value differs from before; a field emptied becomes null. */
export function changedFields<T extends Fields>(before: T, after: T): Partial<T> {
  const changed = Object.entries(after).filter(([key, value]) => (isEmpty(value) ? !isEmpty(before[key]) : value !== before[key]));
  return Object.fromEntries(changed.map(([key, value]) => [key, isEmpty(value) ? null : value])) as Partial<T>;
}
