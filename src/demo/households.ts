/**
 * Households (户) for every flat of every residential building, and the family living in each:
 * who they are to the head of household, when they were born, and which care tags apply.
 */
import { careTagCodes, type CareTag } from '../people/careTags.ts';
import { DEMO_YEAR } from './communities.ts';
import type { ResidentialPlan } from './estates.ts';
import { compose, type MemberDraft } from './families.ts';
import { randomGivenName, randomIdNumber, randomMobile, randomSurname, type UsedIdentities } from './identities.ts';
import type { Rng } from './random.ts';
import type { DemoHousehold, DemoResident, Occupancy } from './types.ts';

const OCCUPANCY: Record<Occupancy, number> = { resident: 78, rented: 12, vacant: 8, seasonal: 2 };

function roundTenth(value: number): number {
  return Math.round(value * 10) / 10;
}

/** Flats behind the same door number share a layout, so their size is drawn once per building. */
export function buildHouseholds(rng: Rng, plans: readonly ResidentialPlan[]): DemoHousehold[] {
  const households: DemoHousehold[] = [];
  for (const { building, perFloor, sizeM2 } of plans) {
    const sizes = Array.from({ length: perFloor }, () => roundTenth(rng.float(...sizeM2)));
    for (let unit = 1; unit <= building.units; unit++) {
      for (let floor = 1; floor <= building.floors; floor++) {
        for (let door = 1; door <= perFloor; door++) {
          households.push({
            communityCode: building.communityCode,
            buildingCode: building.code,
            unit: String(unit),
            room: `${floor}${String(door).padStart(2, '0')}`,
            floor,
            sizeM2: sizes[door - 1],
            occupancy: rng.weighted(OCCUPANCY),
          });
        }
      }
    }
  }
  return households;
}

function careTagsOf(rng: Rng, member: MemberDraft, members: readonly MemberDraft[], lowIncome: boolean): CareTag[] {
  const age = DEMO_YEAR - member.birthYear;
  const elder = age >= 60;
  const tags = new Set<CareTag>();
  if (elder && members.length === 1) tags.add('elder_alone');
  if (elder && members.length > 1 && members.every((m) => DEMO_YEAR - m.birthYear >= 60)) tags.add('empty_nest');
  if (age >= 80) tags.add('elder_80');
  if (rng.chance(elder ? 0.045 : 0.012)) tags.add('disabled');
  if (age < 14) tags.add('child');
  if (lowIncome) tags.add('low_income');
  if (member.sex === 'male' && age >= 40 && rng.chance(0.02)) tags.add('veteran');
  if (elder && rng.chance(0.08)) tags.add('chronic_ill');
  return careTagCodes.filter((tag) => tags.has(tag));
}

/** Young children have no phone of their own, and many of the very old do not either. */
function phoneOf(rng: Rng, age: number, used: UsedIdentities): string | null {
  const missing = age < 12 ? 1 : age < 18 ? 0.5 : age >= 80 ? 0.4 : 0.02;
  return rng.chance(missing) ? null : randomMobile(rng, used);
}

function surnamesOf(rng: Rng, members: readonly MemberDraft[]): string[] {
  const head = randomSurname(rng);
  const spouse = members.find((m) => m.relation === 'spouse');
  let spouseName = randomSurname(rng);
  while (spouseName === head && rng.chance(0.9)) spouseName = randomSurname(rng);
  // Children take the father's surname: the head's, unless the head is a woman with a husband present.
  const family = spouse && spouse.sex === 'male' ? spouseName : head;
  return members.map((m) => {
    if (m.surname === 'head') return head;
    if (m.surname === 'spouse') return spouseName;
    if (m.surname === 'family') return family;
    return randomSurname(rng);
  });
}

/** The people of one household; none when the flat stands empty. */
export function buildResidents(rng: Rng, household: DemoHousehold, used: UsedIdentities): DemoResident[] {
  if (household.occupancy === 'vacant') return [];
  const members = compose(rng, household.occupancy === 'rented');
  const surnames = surnamesOf(rng, members);
  const lowIncome = rng.chance(0.015);
  return members.map((m, i) => {
    const age = DEMO_YEAR - m.birthYear;
    const unregistered = household.occupancy === 'rented' && rng.chance(0.04);
    return {
      communityCode: household.communityCode,
      buildingCode: household.buildingCode,
      unit: household.unit,
      room: household.room,
      name: surnames[i] + randomGivenName(rng, m.sex, m.birthYear),
      phone: phoneOf(rng, age, used),
      idNumber: unregistered ? null : randomIdNumber(rng, m.birthYear, m.sex, used),
      birthYear: m.birthYear,
      sex: m.sex,
      relation: m.relation,
      careTags: careTagsOf(rng, m, members, lowIncome),
    };
  });
}
