import { useTranslation } from 'react-i18next';
import type { ResultView } from '../../api/checkup.ts';
import { CreateProjectButton } from '../projects/CreateProjectButton.tsx';
import { useLabel } from './ResultsList.tsx';

/** 立项: turns a failed or partial result into a gap project (the projects pages own the form). */
export function ProjectAction({ result }: { result: ResultView }) {
  const { t } = useTranslation();
  const label = useLabel();
  return <CreateProjectButton findingId={result.id} defaultTitle={t('checkup.results.projectTitle', { indicator: label(result.name) })} />;
}
