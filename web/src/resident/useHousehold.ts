import { isApiError } from '../api/client.ts';
import { useMyHousehold } from '../api/people.ts';

/** The resident's household, and whether the account is simply not bound to one yet (not a failure). */
export function useHousehold() {
  const household = useMyHousehold();
  const notBound = isApiError(household.error, 'NOT_BOUND_TO_HOUSEHOLD');
  return { ...household, notBound };
}
