/**
 * The demo's resident survey: 和睦社区 asked its households about walking and facilities, and a few
 * hundred answered, most on their phones, some on paper forms typed in by staff. The answers follow
 * the demo's story (walking is middling, with parked cars and dark paths the usual complaints).
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import * as authStore from '../platform/auth/store.ts';
import * as peopleStore from '../people/store.ts';
import * as placesStore from '../places/store.ts';
import { checkQuestions } from '../surveys/questions.ts';
import type { Answers, Question } from '../surveys/schema.ts';
import * as surveyStore from '../surveys/store.ts';
import { DEFAULT_DEMO_SEED, type DemoData } from './generate.ts';
import { createRng, type Rng } from './random.ts';

const RESPONSES = 320;
const PAPER_SHARE = 0.15;
const PUBLISHED_AT = Date.UTC(2026, 9, 8, 1, 0); // 2026-10-08 09:00 in Ningbo
const DAY_MS = 24 * 60 * 60 * 1000;

const options = (pairs: [string, string, number?][]) => pairs.map(([value, label, score]) => (score === undefined ? { value, label } : { value, label, score }));

export const demoSurveyQuestions: Question[] = [
  { key: 'frequency', type: 'single', required: true, label: '您平时多久在社区里步行一次（散步、买菜、接送孩子）？', options: options([
    ['daily', '每天'], ['weekly', '每周几次'], ['rarely', '很少'], ['never', '几乎不'],
  ]) },
  { key: 'walking', type: 'scale', required: true, label: '您对社区步行环境（人行道、过街、照明）的总体满意度', min: 1, max: 5,
    minLabel: '很不满意', maxLabel: '很满意', feeds: 'walking_satisfaction' },
  { key: 'obstacles', type: 'multiple', required: true, label: '步行时主要遇到哪些问题？（可多选）', showIf: { questionKey: 'walking', anyOf: [1, 2] }, options: options([
    ['parking', '人行道被车辆占用'], ['broken', '路面破损、积水'], ['lighting', '夜间照明不足'], ['crossing', '过街不安全'], ['barrier', '缺少无障碍设施'],
  ]) },
  { key: 'facility', type: 'single', required: true, label: '您对社区配套设施（养老、医疗、商业、运动场地）满意吗？', feeds: 'facility_satisfaction', options: options([
    ['very', '很满意', 100], ['fair', '比较满意', 75], ['neutral', '一般', 50], ['poor', '不太满意', 25], ['bad', '很不满意', 0], ['unknown', '不了解'],
  ]) },
  { key: 'priorities', type: 'multiple', label: '您最希望优先改善哪些方面？（可多选）', options: options([
    ['elder', '养老服务'], ['parking', '停车和充电'], ['greenery', '绿地和活动场地'], ['walkway', '步行道'], ['market', '菜场和超市'],
  ]) },
  { key: 'suggestion', type: 'text', label: '其他意见和建议' },
];

const SUGGESTIONS = [
  '希望和睦路人行道上不要再停车，推婴儿车只能走机动车道。',
  '小区北门到菜场那段路晚上太暗，建议加装路灯。',
  '老人多，希望多设几处休息座椅。',
  '过街斑马线处车速太快，希望加装减速带。',
  '雨天门口积水严重，出行不便。',
  '希望增加适老化扶手和坡道。',
];

function pickSome(rng: Rng, values: string[], max: number): string[] {
  const count = rng.int(1, max);
  const pool = [...values];
  return Array.from({ length: count }, () => pool.splice(rng.int(0, pool.length - 1), 1)[0]);
}

/** Each complaint with its own likelihood, parked cars the commonest; at least one is named. */
const OBSTACLES: [string, number][] = [['parking', 0.62], ['lighting', 0.45], ['broken', 0.34], ['crossing', 0.28], ['barrier', 0.18]];

function drawObstacles(rng: Rng): string[] {
  const named = OBSTACLES.filter(([, p]) => rng.chance(p)).map(([value]) => value);
  return named.length ? named : ['parking'];
}

/** One household's answers, drawn so the totals tell the demo's story. */
function drawAnswers(rng: Rng): Answers {
  const walking = Number(rng.weighted({ '1': 8, '2': 17, '3': 33, '4': 30, '5': 12 }));
  const answers: Answers = {
    frequency: rng.weighted({ daily: 46, weekly: 32, rarely: 16, never: 6 }),
    walking,
    facility: rng.weighted({ very: 14, fair: 34, neutral: 30, poor: 12, bad: 4, unknown: 6 }),
  };
  if (walking <= 2) answers.obstacles = drawObstacles(rng);
  if (rng.chance(0.7)) answers.priorities = pickSome(rng, ['elder', 'parking', 'greenery', 'walkway', 'market'], 3);
  if (rng.chance(0.1)) answers.suggestion = rng.pick(SUGGESTIONS);
  return answers;
}

export interface DemoSurveyResponse {
  householdId: number;
  answers: Answers;
  channel: 'online' | 'paper';
  createdAt: Date;
}

/** Which of the households answered, how, when and what. Pure: the same seed and households give the same answers. */
export function buildDemoSurveyResponses(seed: number, householdIds: readonly number[]): DemoSurveyResponse[] {
  const rng = createRng(seed, 'survey:walking');
  const pool = [...householdIds];
  const count = Math.min(RESPONSES, pool.length);
  const chosen = Array.from({ length: count }, () => pool.splice(rng.int(0, pool.length - 1), 1)[0]);
  return chosen
    .map((householdId) => ({
      householdId,
      answers: drawAnswers(rng),
      channel: rng.chance(PAPER_SHARE) ? ('paper' as const) : ('online' as const),
      // Most answers come in the first days after publishing, then a trickle.
      createdAt: new Date(PUBLISHED_AT + Math.floor(30 * DAY_MS * rng.next() ** 2)),
    }))
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
}

/**
 * Writes the survey of the demo's first community, published, with its answers. The demo resident's
 * own household is left out, so whoever logs in as them can answer it.
 */
export async function loadDemoSurveys(db: Kysely<DB>, data: DemoData, seed = DEFAULT_DEMO_SEED): Promise<void> {
  const communityCode = data.areas.find((a) => a.level === 'community')!.code;
  const community = (await placesStore.findAreaByCode(db, communityCode))!;
  const staff = await authStore.findUserByUsername(db, 'staff');
  const resident = await authStore.findUserByUsername(db, 'resident');
  const households = await peopleStore.selectHouseholds(db, { communityIds: [community.id], gridIds: [] }, { communityId: community.id, limit: 100_000 });
  const occupied = households.filter((h) => Number(h.resident_count) > 0 && h.id !== resident?.household_id).map((h) => h.id);
  const { questions } = checkQuestions(demoSurveyQuestions);
  const surveyId = await surveyStore.insertSurvey(db, {
    communityId: community.id, title: '步行环境与设施满意度调查', answerUnit: 'household', questions, createdBy: staff?.id ?? null,
    description: '为开展完整社区体检，了解居民对社区步行环境和配套设施的感受。每户填写一份，约 2 分钟。', publishedAt: new Date(PUBLISHED_AT),
  });
  const responses = buildDemoSurveyResponses(seed, occupied);
  await surveyStore.insertResponses(db, responses.map((r) => ({
    surveyId, communityId: community.id, respondentKey: `household:${r.householdId}`, householdId: r.householdId, answers: r.answers,
    channel: r.channel, enteredBy: r.channel === 'paper' ? (staff?.id ?? null) : null, userId: null, createdAt: r.createdAt,
  })));
}
