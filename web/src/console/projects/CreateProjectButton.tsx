import { PlusCircleOutlined } from '@ant-design/icons';
import { App, Button } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { hasPermission, useCurrentUser } from '../../api/auth.ts';
import { useFinding, type ProjectDetail } from '../../api/projects.ts';
import { errorText } from '../../components/ErrorResult.tsx';
import { useLocale } from '../../i18n/index.ts';
import { ProjectFormDrawer } from './ProjectFormDrawer.tsx';

/**
 * The create form for one finding, open while `findingId` is set: the finding is loaded first, so the
 * form opens with its community and indicator (a finding that cannot be loaded is said and closed).
 */
export function FindingProjectDrawer({ findingId, defaultTitle, onClose, onCreated }: {
  findingId: number | undefined;
  defaultTitle?: string;
  onClose: () => void;
  onCreated: (project: ProjectDetail) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const finding = useFinding(findingId);
  const language = useLocale() === 'en' ? 'en' : 'zh';
  useEffect(() => {
    if (finding.isError) {
      void message.error(errorText(finding.error));
      onClose();
    }
  }, [finding.isError, finding.error, message, onClose]);
  const title = defaultTitle ?? (finding.data && t('projects.form.defaultTitle', { indicator: finding.data.indicatorName[language] }));
  return (
    <ProjectFormDrawer
      open={findingId !== undefined && finding.data !== undefined}
      finding={finding.data}
      defaultTitle={title}
      onClose={onClose}
      onCreated={onCreated}
    />
  );
}

/** 立项: beside a failed or partial checkup result, opens a new gap project for it, then shows the project. */
export function CreateProjectButton({ findingId, defaultTitle }: { findingId: number; defaultTitle?: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const canWrite = hasPermission(useCurrentUser(), 'projects.write');
  if (!canWrite) return null;
  return (
    <>
      <Button size="small" icon={<PlusCircleOutlined />} onClick={() => setOpen(true)} data-testid="finding-create-project">
        {t('projects.fromFinding')}
      </Button>
      <FindingProjectDrawer
        findingId={open ? findingId : undefined}
        defaultTitle={defaultTitle}
        onClose={() => setOpen(false)}
        onCreated={(project) => navigate(`/projects?project=${project.id}`)}
      />
    </>
  );
}
