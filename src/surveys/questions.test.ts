import { describe, expect, it } from 'vitest';
import { checkAnswers, checkQuestions } from './questions.ts';
import { scoreOf, summariseQuestion } from './results.ts';
import type { Question } from './schema.ts';

const often: Question = {
  key: 'often', type: 'single', label: '您多久步行出门一次？', required: true,
  options: [{ value: 'daily', label: '每天' }, { value: 'weekly', label: '每周' }, { value: 'never', label: '几乎不' }],
};
const why: Question = { key: 'why', type: 'multiple', label: '为什么很少步行？', required: true, showIf: { questionKey: 'often', anyOf: ['never'] }, options: [
  { value: 'cars', label: '车多' }, { value: 'broken', label: '路面破损' }, { value: 'dark', label: '照明差' },
] };
const walking: Question = { key: 'walking', type: 'scale', label: '步行环境满意度', required: true, min: 1, max: 5, feeds: 'walking_satisfaction' };
const say: Question = { key: 'say', type: 'text', label: '其他建议' };

describe('questions as built', () => {
  it('fills in defaults and keeps only the fields of each type', () => {
    const { questions, details } = checkQuestions([
      { key: 'q1', type: 'scale', label: ' 满意度 ', options: [{ value: 'x', label: 'x' }] },
      { key: 'q2', type: 'text', label: '建议', min: 3 },
    ]);
    expect(details).toEqual([]);
    expect(questions).toEqual([
      { key: 'q1', type: 'scale', label: '满意度', required: false, min: 1, max: 5 },
      { key: 'q2', type: 'text', label: '建议', required: false },
    ]);
  });

  it('reports each problem on its field, by code', () => {
    const { details } = checkQuestions([
      { key: 'a', type: 'single', label: 'A', options: [{ value: 'x', label: 'X' }] },
      { key: 'a', type: 'multiple', label: 'B', options: [{ value: 'x', label: 'X' }, { value: 'x', label: 'Y' }] },
      { key: 'c', type: 'scale', label: 'C', min: 5, max: 5 },
      { key: 'd', type: 'text', label: 'D', showIf: { questionKey: 'e', anyOf: ['x'] } },
      { key: 'e', type: 'text', label: 'E' },
      { key: 'f', type: 'text', label: 'F', showIf: { questionKey: 'e', anyOf: ['x'] }, feeds: 'walking_satisfaction' },
      { key: 'g', type: 'scale', label: 'G', showIf: { questionKey: 'c', anyOf: [9] } },
    ]);
    expect(details.map((d) => `${d.path} ${d.code}`)).toEqual([
      'body.questions.0.options OPTIONS_TOO_FEW',
      'body.questions.1.key QUESTION_KEY_DUPLICATE',
      'body.questions.1.options.1.value OPTION_VALUE_DUPLICATE',
      'body.questions.2.max SCALE_RANGE_INVALID',
      'body.questions.3.showIf.questionKey CONDITION_NOT_EARLIER',
      'body.questions.5.showIf.questionKey CONDITION_ON_TEXT',
      'body.questions.5.feeds FEEDS_NOT_SCORABLE',
      'body.questions.6.showIf.anyOf CONDITION_VALUE_UNKNOWN',
    ]);
  });

  it('lets one question only feed an indicator, and a single choice only with scores', () => {
    const unscored = checkQuestions([{ ...often, feeds: 'facility_satisfaction' }]);
    expect(unscored.details.map((d) => d.code)).toEqual(['FEEDS_NOT_SCORABLE']);
    const twice = checkQuestions([walking, { ...walking, key: 'walking2' }]);
    expect(twice.details).toEqual([{ path: 'body.questions.1.feeds', code: 'FEEDS_DUPLICATE', params: { code: 'walking_satisfaction' } }]);
  });
});

describe('answers', () => {
  const questions = [often, why, walking, say];

  it('requires a conditional question only when it is shown', () => {
    expect(checkAnswers(questions, { often: 'daily', walking: 4 })).toEqual({ answers: { often: 'daily', walking: 4 }, details: [] });
    const shown = checkAnswers(questions, { often: 'never', walking: 4 });
    expect(shown.details).toEqual([{ path: 'body.answers.why', code: 'ANSWER_REQUIRED' }]);
  });

  it('drops the answer to a hidden question instead of refusing the form', () => {
    const result = checkAnswers(questions, { often: 'daily', why: ['cars'], walking: 3, say: '  多装路灯  ' });
    expect(result).toEqual({ answers: { often: 'daily', walking: 3, say: '多装路灯' }, details: [] });
  });

  it('refuses unknown questions and options, wrong types, out-of-range points and long texts', () => {
    const result = checkAnswers(questions, { often: 'never', why: ['cars', 'noise'], walking: 6, say: 'x'.repeat(1001), extra: 'a' });
    expect(result.details.map((d) => `${d.path} ${d.code}`)).toEqual([
      'body.answers.extra ANSWER_UNKNOWN_QUESTION',
      'body.answers.why ANSWER_OPTION_UNKNOWN',
      'body.answers.walking ANSWER_OUT_OF_RANGE',
      'body.answers.say ANSWER_TOO_LONG',
    ]);
    expect(checkAnswers(questions, { often: ['daily'], walking: '4' }).details.map((d) => d.code)).toEqual(['ANSWER_WRONG_TYPE', 'ANSWER_WRONG_TYPE']);
  });

  it('treats empty answers as none', () => {
    const result = checkAnswers(questions, { often: 'never', why: [], walking: 2, say: '   ' });
    expect(result.details.map((d) => d.code)).toEqual(['ANSWER_REQUIRED']);
    expect(result.answers).toEqual({ often: 'never', walking: 2 });
  });
});

describe('results', () => {
  it('scores a scale by where its mean sits between the ends', () => {
    // 1×2 + 3×1 + 5×1 = 10 over 4 answers: mean 2.5, (2.5 − 1) / 4 = 37.5
    const counts = new Map([['1', 2], ['3', 1], ['5', 1]]);
    expect(scoreOf(walking, counts)).toEqual({ score: 37.5, responses: 4 });
    expect(scoreOf({ ...walking, min: 0, max: 10 }, new Map([['10', 3]]))).toEqual({ score: 100, responses: 3 });
    expect(scoreOf(walking, new Map())).toEqual({ score: null, responses: 0 });
  });

  it('scores a single choice by the mean of the option scores chosen, leaving out options without one', () => {
    const q: Question = { key: 'f', type: 'single', label: 'F', feeds: 'facility_satisfaction', options: [
      { value: 'good', label: '满意', score: 100 }, { value: 'ok', label: '一般', score: 50 }, { value: 'bad', label: '不满意', score: 0 },
      { value: 'unknown', label: '不了解' },
    ] };
    expect(scoreOf(q, new Map([['good', 3], ['ok', 2], ['bad', 1], ['unknown', 10]]))).toEqual({ score: 66.7, responses: 6 });
  });

  it('gives shares of the answers to each question, and the distribution of a scale', () => {
    const counts = {
      values: new Map([['why', new Map([['cars', 3], ['dark', 1]])], ['walking', new Map([['4', 1], ['5', 3]])]]),
      answered: new Map([['why', 4], ['walking', 4]]),
    };
    expect(summariseQuestion(why, counts).options).toEqual([
      { value: 'cars', label: '车多', count: 3, percent: 75 },
      { value: 'broken', label: '路面破损', count: 0, percent: 0 },
      { value: 'dark', label: '照明差', count: 1, percent: 25 },
    ]);
    const scale = summariseQuestion(walking, counts);
    expect(scale).toMatchObject({ mean: 4.75, score: 93.8, scoreResponses: 4, feeds: 'walking_satisfaction' });
    expect(scale.options.map((o) => o.count)).toEqual([0, 0, 0, 1, 3]);
    expect(summariseQuestion(say, counts)).toMatchObject({ answered: 0, options: [], mean: null, score: null });
  });
});
