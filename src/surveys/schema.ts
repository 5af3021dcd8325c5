import { Type, type Static } from 'typebox';
import { PageQuery } from '../platform/pagination.ts';

const Id = Type.Integer({ minimum: 1 });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const DateTime = Type.String({ format: 'date-time' });

export const SurveyStatus = Type.Enum(['draft', 'published', 'closed']);
export type SurveyStatus = Static<typeof SurveyStatus>;
export const AnswerUnit = Type.Enum(['resident', 'household'], { description: 'one answer per resident, or one per household' });
export type AnswerUnit = Static<typeof AnswerUnit>;
export const QuestionType = Type.Enum(['single', 'multiple', 'scale', 'text']);
export type QuestionType = Static<typeof QuestionType>;
export const Channel = Type.Enum(['online', 'paper']);

/** Some visible text: a title or label of spaces only would show as nothing. */
const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength, pattern: '\\S' });
/** Stable ids: answers and conditions refer to questions and options by them, never by position. */
const QuestionKey = Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_]{0,39}$', description: 'stable id of the question within the survey' });
const OptionValue = Type.String({ pattern: '^[A-Za-z0-9_-]{1,40}$' });

export const QuestionOption = Type.Object(
  {
    value: OptionValue,
    label: Text(100),
    score: Type.Optional(Type.Number({ minimum: 0, maximum: 100, description: 'what choosing it says about the indicator fed, 0–100' })),
  },
  { additionalProperties: false },
);

export const ShowIf = Type.Object(
  {
    questionKey: QuestionKey,
    anyOf: Type.Array(Type.Union([OptionValue, Type.Integer()]), { minItems: 1, maxItems: 30, description: 'option values, or scale points' }),
  },
  { additionalProperties: false, description: 'shown only when an earlier question was answered with one of these' },
);

export const Question = Type.Object(
  {
    key: QuestionKey,
    type: QuestionType,
    label: Text(200),
    help: Type.Optional(Type.String({ maxLength: 500 })),
    required: Type.Optional(Type.Boolean({ default: false })),
    options: Type.Optional(Type.Array(QuestionOption, { maxItems: 30, description: 'single and multiple choice' })),
    min: Type.Optional(Type.Integer({ minimum: 0, maximum: 10, description: 'scale: lowest point, 1 by default' })),
    max: Type.Optional(Type.Integer({ minimum: 1, maximum: 10, description: 'scale: highest point, 5 by default' })),
    minLabel: Type.Optional(Type.String({ maxLength: 40 })),
    maxLabel: Type.Optional(Type.String({ maxLength: 40 })),
    showIf: Type.Optional(ShowIf),
    feeds: Type.Optional(Type.String({ pattern: '^[a-z][a-z0-9_]{1,59}$', description: 'code of the checkup indicator this question feeds' })),
  },
  { additionalProperties: false },
);
export type Question = Static<typeof Question>;

const Questions = Type.Array(Question, { maxItems: 60 });
const Title = Text(100);
const Description = Type.String({ maxLength: 2000 });

export const SurveyCreate = Type.Object(
  {
    communityId: Id,
    title: Title,
    description: Type.Optional(Description),
    answerUnit: Type.Optional(AnswerUnit),
    questions: Type.Optional(Questions),
  },
  { additionalProperties: false },
);
export type SurveyCreate = Static<typeof SurveyCreate>;

export const SurveyUpdate = Type.Object(
  { title: Type.Optional(Title), description: Type.Optional(Description), answerUnit: Type.Optional(AnswerUnit), questions: Type.Optional(Questions) },
  { additionalProperties: false, minProperties: 1 },
);
export type SurveyUpdate = Static<typeof SurveyUpdate>;

const surveyFacts = {
  id: Id,
  communityId: Id,
  communityName: Type.String(),
  title: Type.String(),
  status: SurveyStatus,
  answerUnit: AnswerUnit,
  createdAt: DateTime,
  publishedAt: Nullable(DateTime),
  closedAt: Nullable(DateTime),
  responseCount: Type.Integer(),
};

export const SurveySummary = Type.Object({ ...surveyFacts, questionCount: Type.Integer() });
export type SurveySummary = Static<typeof SurveySummary>;

export const SurveyView = Type.Object({ ...surveyFacts, description: Type.String(), questions: Type.Array(Question) });
export type SurveyView = Static<typeof SurveyView>;

export const SurveyListQuery = Type.Intersect([
  PageQuery,
  Type.Object({
    communityId: Type.Optional(Id),
    status: Type.Optional(SurveyStatus),
    q: Type.Optional(Type.String({ maxLength: 50, description: 'title contains' })),
  }),
]);
export type SurveyListQuery = Static<typeof SurveyListQuery>;

/** An answer: an option value (single), option values (multiple), a scale point, or text. */
export const AnswerValue = Type.Union([Type.String({ maxLength: 5000 }), Type.Integer(), Type.Array(OptionValue, { maxItems: 30 })]);
export type AnswerValue = Static<typeof AnswerValue>;
const Answers = Type.Record(Type.String({ maxLength: 40 }), AnswerValue, { maxProperties: 60, description: 'by question key' });
export type Answers = Static<typeof Answers>;

export const AnswerBody = Type.Object({ answers: Answers }, { additionalProperties: false });

export const PaperResponseBody = Type.Object(
  {
    householdId: Type.Optional(Id),
    residentId: Type.Optional(Id),
    answers: Answers,
  },
  { additionalProperties: false, description: 'a paper form typed in by staff: name the resident, or for a household survey the household' },
);
export type PaperResponseBody = Static<typeof PaperResponseBody>;

export const ResponseCreated = Type.Object({ id: Id, channel: Channel, createdAt: DateTime });
export type ResponseCreated = Static<typeof ResponseCreated>;

export const OptionCount = Type.Object({
  value: Type.String({ description: 'option value, or scale point' }),
  label: Type.String(),
  count: Type.Integer(),
  percent: Type.Number({ description: 'of the responses that answered this question' }),
});

export const QuestionResult = Type.Object({
  key: Type.String(),
  type: QuestionType,
  label: Type.String(),
  feeds: Nullable(Type.String()),
  answered: Type.Integer({ description: 'responses that answered this question' }),
  options: Type.Array(OptionCount, { description: 'choices, or the distribution over the scale; empty for text' }),
  mean: Nullable(Type.Number({ description: 'scale only' })),
  score: Nullable(Type.Number({ description: '0–100, for a question that feeds an indicator' })),
  scoreResponses: Type.Integer({ description: 'answers the score counts (a choice without a score is left out)' }),
});
export type QuestionResult = Static<typeof QuestionResult>;

export const SurveyResults = Type.Object({
  surveyId: Id,
  responses: Type.Object({ total: Type.Integer(), online: Type.Integer(), paper: Type.Integer() }),
  questions: Type.Array(QuestionResult),
});
export type SurveyResults = Static<typeof SurveyResults>;

export const TextAnswerQuery = Type.Intersect([
  PageQuery,
  Type.Object({ questionKey: QuestionKey, q: Type.Optional(Type.String({ maxLength: 50, description: 'text contains' })) }),
]);
export type TextAnswerQuery = Static<typeof TextAnswerQuery>;

export const TextAnswer = Type.Object({ id: Id, text: Type.String(), channel: Channel, createdAt: DateTime });
export type TextAnswer = Static<typeof TextAnswer>;

const myFacts = {
  id: Id,
  title: Type.String(),
  description: Type.String(),
  answerUnit: AnswerUnit,
  publishedAt: Nullable(DateTime),
  answered: Type.Boolean({ description: 'I (or, for a household survey, my household) already answered' }),
  answeredAt: Nullable(DateTime),
};

export const MySurveySummary = Type.Object({ ...myFacts, questionCount: Type.Integer() });
export type MySurveySummary = Static<typeof MySurveySummary>;
export const MySurveyList = Type.Object({ items: Type.Array(MySurveySummary) });

export const MySurvey = Type.Object({ ...myFacts, status: SurveyStatus, questions: Type.Array(Question) });
export type MySurvey = Static<typeof MySurvey>;
