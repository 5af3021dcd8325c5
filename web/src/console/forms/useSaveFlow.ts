import { App, type FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import { showFieldErrors } from '../../api/fieldErrors.ts';
import type { ErrorCode } from '../../api/types.ts';

/**
 * What every add/edit drawer does around its save: on success a message and close; on failure the
 * server's errors on their fields; with nothing changed, say so and close. `resets` clears the
 * mutations' state so a reopened drawer starts clean.
 */
export function useSaveFlow(options: {
  form: FormInstance;
  editing: boolean;
  addedMessage?: string;
  onClose: () => void;
  resets: (() => void)[];
  fieldOfCode?: Partial<Record<ErrorCode, string>>;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const close = () => {
    options.resets.forEach((reset) => reset());
    options.onClose();
  };
  const callbacks = {
    onSuccess: () => {
      void message.success(options.editing ? t('editing.saved') : options.addedMessage);
      close();
    },
    onError: (error: Error) => showFieldErrors(options.form, error, options.fieldOfCode),
  };
  const unchanged = () => {
    void message.info(t('editing.unchanged'));
    close();
  };
  return { close, callbacks, unchanged };
}
