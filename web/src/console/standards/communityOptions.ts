import { useCurrentUser } from '../../api/auth.ts';
import { useCommunities } from '../../api/places.ts';

/** An admin's standards may be nationwide; anyone else's belong to a community of theirs. */
export function useStandardOwners() {
  const me = useCurrentUser();
  const communities = useCommunities();
  const isAdmin = me.roles.some((grant) => grant.role === 'admin');
  return {
    isAdmin,
    communities,
    options: communities.data?.map((area) => ({ value: area.id, label: area.name })) ?? [],
    /** Whether the user may add versions to a standard of this area (the server decides in the end). */
    owns: (areaId: number | null) => isAdmin || (areaId !== null && !!communities.data?.some((area) => area.id === areaId)),
  };
}
