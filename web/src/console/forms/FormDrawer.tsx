import { Alert, Button, Drawer, Flex } from 'antd';
import { useTranslation } from 'react-i18next';
import { fieldErrors } from '../../api/fieldErrors.ts';
import type { ErrorCode } from '../../api/types.ts';
import { errorText } from '../../components/ErrorResult.tsx';
import { useDrawerSize } from '../drawers/useDrawerSize.ts';

/** The antd form inside, submitted by the footer's save button. */
interface DrawerForm {
  submit(): void;
}

interface FormDrawerProps {
  open: boolean;
  title: string;
  form: DrawerForm;
  onClose: () => void;
  submitting: boolean;
  /** The last API error; shown above the form unless it went onto fields (see fieldErrors.ts). */
  error: unknown;
  fieldOfCode?: Partial<Record<ErrorCode, string>>;
  /** `data-testid` of the submit button. */
  submitTestId: string;
  children: React.ReactNode;
}

/**
 * A registry form in a drawer: the form, cancel and save. The drawer's content is destroyed on close;
 * give the form `clearOnDestroy` so that the next opening (another resident, a new one) starts from its own initial values.
 */
export function FormDrawer({ open, title, form, onClose, submitting, error, fieldOfCode, submitTestId, children }: FormDrawerProps) {
  const { t } = useTranslation();
  const size = useDrawerSize(480);
  const placed = fieldErrors(error, fieldOfCode).length > 0;
  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={size}
      title={title}
      destroyOnHidden
      footer={
        <Flex justify="end" gap={8}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={submitting} onClick={() => form.submit()} data-testid={submitTestId}>
            {t('editing.save')}
          </Button>
        </Flex>
      }
    >
      {!!error && !placed && <Alert type="error" showIcon title={errorText(error)} style={{ marginBottom: 16 }} />}
      {children}
    </Drawer>
  );
}
