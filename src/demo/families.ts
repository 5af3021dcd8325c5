/**
 * Who lives together: household compositions at rates that give about 2.6 people per occupied
 * flat and about a fifth of residents aged 60 or more, with birth years that fit each relation.
 */
import { DEMO_YEAR as NOW } from './communities.ts';
import type { Rng } from './random.ts';
import type { Relation, Sex } from './types.ts';

export interface MemberDraft {
  relation: Relation;
  birthYear: number;
  sex: Sex;
  /** Whose surname the member carries: the head's, the spouse's, the children's father's, or their own. */
  surname: 'head' | 'spouse' | 'family' | 'own';
}

const OWNER_TYPES = {
  single_elder: 4,
  elder_couple: 12,
  single_adult: 9,
  couple: 13,
  couple_child: 24,
  couple_two_children: 8,
  three_generations: 19,
  elder_with_child: 8,
  siblings: 3,
} as const;

const TENANT_TYPES = { single: 42, couple: 28, family: 20, shared: 10 } as const;

function opposite(sex: Sex): Sex {
  return sex === 'male' ? 'female' : 'male';
}

/** Ages 60–96, most of them in their sixties and seventies. */
function elderYear(rng: Rng): number {
  return NOW - (60 + Math.floor(36 * rng.next() ** 2.2));
}

function adultYear(rng: Rng, minAge: number, maxAge: number): number {
  return NOW - rng.int(minAge, maxAge);
}

function head(rng: Rng, birthYear: number, maleShare = 0.6): MemberDraft {
  return { relation: 'head', birthYear, sex: rng.chance(maleShare) ? 'male' : 'female', surname: 'head' };
}

/** Husbands are usually a few years older; nobody marries before twenty. */
function spouseOf(rng: Rng, h: MemberDraft): MemberDraft {
  const gap = rng.int(0, 5) * (h.sex === 'male' ? 1 : -1);
  return { relation: 'spouse', birthYear: Math.min(NOW - 20, h.birthYear + gap), sex: opposite(h.sex), surname: 'spouse' };
}

function childOf(rng: Rng, parentYear: number, relation: Relation = 'child'): MemberDraft {
  const birthYear = Math.min(NOW - 1, parentYear + rng.int(24, 36));
  return { relation, birthYear, sex: rng.chance(0.51) ? 'male' : 'female', surname: 'family' };
}

/** A parent of the head: a father carries the head's surname, a mother her own. */
function parentOf(rng: Rng, h: MemberDraft, sex: Sex): MemberDraft {
  const birthYear = Math.max(1928, h.birthYear - rng.int(24, 34));
  return { relation: 'parent', birthYear, sex, surname: sex === 'male' ? 'head' : 'own' };
}

function couple(rng: Rng, birthYear: number): MemberDraft[] {
  const h = head(rng, birthYear, 0.7);
  return [h, spouseOf(rng, h)];
}

function threeGenerations(rng: Rng): MemberDraft[] {
  if (rng.chance(0.5)) {
    // Working couple with a child and one or both of the head's parents.
    const members = couple(rng, adultYear(rng, 30, 55));
    members.push(childOf(rng, members[0].birthYear));
    const fatherFirst = rng.chance(0.5);
    members.push(parentOf(rng, members[0], fatherFirst ? 'male' : 'female'));
    if (rng.chance(0.5)) members.push(parentOf(rng, members[0], fatherFirst ? 'female' : 'male'));
    return members;
  }
  // Elder couple with a grown child and one or two grandchildren.
  const members = couple(rng, NOW - rng.int(60, 78));
  const child = childOf(rng, members[0].birthYear);
  members.push(child, childOf(rng, child.birthYear, 'grandchild'));
  if (rng.chance(0.4)) members.push(childOf(rng, child.birthYear, 'grandchild'));
  return members;
}

function ownerHousehold(rng: Rng): MemberDraft[] {
  switch (rng.weighted(OWNER_TYPES)) {
    case 'single_elder':
      return [head(rng, elderYear(rng), 0.4)];
    case 'elder_couple':
      return couple(rng, elderYear(rng));
    case 'single_adult':
      return [head(rng, adultYear(rng, 22, 59))];
    case 'couple':
      return couple(rng, adultYear(rng, 24, 59));
    case 'couple_child': {
      const members = couple(rng, adultYear(rng, 26, 55));
      return [...members, childOf(rng, members[0].birthYear)];
    }
    case 'couple_two_children': {
      const members = couple(rng, adultYear(rng, 28, 50));
      return [...members, childOf(rng, members[0].birthYear), childOf(rng, members[0].birthYear)];
    }
    case 'three_generations':
      return threeGenerations(rng);
    case 'elder_with_child': {
      const h = head(rng, elderYear(rng));
      const members = rng.chance(0.6) ? [h, spouseOf(rng, h)] : [h];
      return [...members, childOf(rng, h.birthYear)];
    }
    case 'siblings': {
      const h = head(rng, adultYear(rng, 22, 59));
      const birthYear = Math.min(NOW - 18, h.birthYear + rng.int(-8, 8));
      const sibling: MemberDraft = { relation: 'sibling', birthYear, sex: rng.chance(0.5) ? 'male' : 'female', surname: 'head' };
      return [h, sibling];
    }
  }
}

function tenantHousehold(rng: Rng): MemberDraft[] {
  switch (rng.weighted(TENANT_TYPES)) {
    case 'single':
      return [head(rng, adultYear(rng, 20, 45))];
    case 'couple':
      return couple(rng, adultYear(rng, 22, 45));
    case 'family': {
      const members = couple(rng, adultYear(rng, 25, 45));
      return [...members, childOf(rng, members[0].birthYear)];
    }
    case 'shared': {
      const h = head(rng, adultYear(rng, 20, 35));
      const flatmates = rng.int(1, 2);
      const others = Array.from({ length: flatmates }, (): MemberDraft => ({
        relation: 'tenant',
        birthYear: adultYear(rng, 20, 35),
        sex: rng.chance(0.5) ? 'male' : 'female',
        surname: 'own',
      }));
      return [h, ...others];
    }
  }
}

/** One to five people, exactly one of them the head of household. */
export function compose(rng: Rng, rented: boolean): MemberDraft[] {
  return rented ? tenantHousehold(rng) : ownerHousehold(rng);
}
