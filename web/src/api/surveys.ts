import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
// Which questions show is one rule, the server's; a pure function with no server code behind it.
import { isShown } from '../../../src/surveys/questions.ts';
import { api, download } from './client.ts';
import { usePagedList, type ListFilters } from './paging.ts';
import type {
  AnswerValue, Question,
  Answers, MySurvey, MySurveySummary, PaperResponseBody, ResponseCreated, SurveyCreate, SurveyListQuery, SurveyResults, SurveySummary,
  SurveyUpdate, SurveyView, TextAnswer, TextAnswerQuery,
} from './types.ts';

const surveysPath = '/api/surveys';
const mySurveysPath = '/api/me/surveys';

export function useSurveys(filters: ListFilters<SurveyListQuery>, enabled = true) {
  return usePagedList<SurveySummary, SurveyListQuery>(surveysPath, filters, enabled);
}

/** One survey with its questions; keyed under the list so a change refreshes both. */
export function useSurvey(id: number | undefined) {
  return useQuery({ queryKey: [surveysPath, id], queryFn: () => api.get<SurveyView>(`${surveysPath}/${id}`), enabled: id !== undefined });
}

/** A change to a survey: the list, the survey and its results are all stale afterwards. */
function useSurveyMutation<V, R>(mutationFn: (variables: V) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn, onSuccess: () => queryClient.invalidateQueries({ queryKey: [surveysPath] }) });
}

export function useCreateSurvey() {
  return useSurveyMutation((body: SurveyCreate) => api.post<SurveyView>(surveysPath, body));
}

export function useUpdateSurvey() {
  return useSurveyMutation(({ id, ...body }: SurveyUpdate & { id: number }) => api.patch<SurveyView>(`${surveysPath}/${id}`, body));
}

export function useSurveyTransition(action: 'publish' | 'close') {
  return useSurveyMutation((id: number) => api.post<SurveyView>(`${surveysPath}/${id}/${action}`));
}

export function useSurveyResults(id: number) {
  return useQuery({ queryKey: [surveysPath, id, 'results'], queryFn: () => api.get<SurveyResults>(`${surveysPath}/${id}/results`) });
}

export function useTextAnswers(id: number, filters: ListFilters<TextAnswerQuery>) {
  return usePagedList<TextAnswer, TextAnswerQuery>(`${surveysPath}/${id}/text-answers`, filters);
}

export function usePaperResponse() {
  return useSurveyMutation(({ id, ...body }: PaperResponseBody & { id: number }) => api.post<ResponseCreated>(`${surveysPath}/${id}/paper-responses`, body));
}

export function downloadSurveyResponses(id: number): Promise<void> {
  return download(`${surveysPath}/${id}/export`, {}, `survey-${id}.xlsx`);
}

/** The open surveys of the resident's community, and whether they (or their household) answered. */
export function useMySurveys() {
  return useQuery({ queryKey: [mySurveysPath], queryFn: () => api.get<{ items: MySurveySummary[] }>(mySurveysPath), select: (answer) => answer.items, retry: false });
}

export function useMySurvey(id: number) {
  return useQuery({ queryKey: [mySurveysPath, id], queryFn: () => api.get<MySurvey>(`${mySurveysPath}/${id}`), retry: false });
}

export function useAnswerSurvey(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (answers: Answers) => api.post<ResponseCreated>(`${mySurveysPath}/${id}/responses`, { answers }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [mySurveysPath] }),
  });
}

/**
 * The questions shown for the answers so far, top to bottom as the server checks them, and the
 * answers to send: those of shown questions, empty ones left out.
 */
export function shownAnswers(questions: Question[], values: Partial<Record<string, AnswerValue | null>>): { shown: Set<string>; answers: Answers } {
  const answers: Answers = {};
  const shown = new Set<string>();
  for (const q of questions) {
    if (!isShown(q, answers)) continue;
    shown.add(q.key);
    const value = values[q.key];
    const empty = value === undefined || value === null || (typeof value === 'string' && !value.trim()) || (Array.isArray(value) && !value.length);
    if (!empty) answers[q.key] = value;
  }
  return { shown, answers };
}
