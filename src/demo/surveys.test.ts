import { describe, expect, it } from 'vitest';
import { checkAnswers, checkQuestions } from '../surveys/questions.ts';
import { buildDemoSurveyResponses, demoSurveyQuestions } from './surveys.ts';

const households = Array.from({ length: 2000 }, (_, i) => 1000 + i);

describe('demo survey', () => {
  it('is a sound questionnaire feeding the walking and facility indicators', () => {
    const { details, questions } = checkQuestions(demoSurveyQuestions);
    expect(details).toEqual([]);
    expect(questions.filter((q) => q.feeds).map((q) => [q.type, q.feeds])).toEqual([['scale', 'walking_satisfaction'], ['single', 'facility_satisfaction']]);
    expect(questions.some((q) => q.showIf)).toBe(true);
  });

  it('draws the same few hundred answers for the same seed, one per household, each valid', () => {
    const responses = buildDemoSurveyResponses(7, households);
    expect(buildDemoSurveyResponses(7, households)).toEqual(responses);
    expect(responses.length).toBe(320);
    expect(new Set(responses.map((r) => r.householdId)).size).toBe(320);
    for (const r of responses) expect(checkAnswers(demoSurveyQuestions, r.answers)).toEqual({ answers: r.answers, details: [] });
    const paper = responses.filter((r) => r.channel === 'paper').length;
    expect(paper).toBeGreaterThan(20);
    expect(paper).toBeLessThan(90);
  });

  it('takes what there is when a community has fewer households', () => {
    expect(buildDemoSurveyResponses(7, [5, 6, 7]).map((r) => r.householdId).sort()).toEqual([5, 6, 7]);
  });
});
