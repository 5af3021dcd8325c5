import { Button, Form, NoticeBar, Space } from 'antd-mobile';
import type { ReactNode } from 'react';
import { fieldErrors } from '../api/fieldErrors.ts';
import type { ErrorCode } from '../api/types.ts';
import { errorText } from '../components/ErrorResult.tsx';

/**
 * A phone form as the resident pages show them: card fields, then a full-width submit with any
 * error that no field could take shown above it (field errors sit on their fields).
 */
type FormInstance = ReturnType<typeof Form.useForm>[0];

export function MobileForm<V extends object>(props: {
  form: FormInstance;
  onFinish: (values: V) => void;
  error: unknown;
  pending: boolean;
  submitText: string;
  submitTestId: string;
  fieldOfCode?: Partial<Record<ErrorCode, string>>;
  /** Mark required fields with an asterisk (a questionnaire), or not (sign-up, where every field is). */
  requiredMark?: 'asterisk' | 'none';
  className?: string;
  children: ReactNode;
}) {
  const placed = fieldErrors(props.error, props.fieldOfCode ?? {}).length > 0;
  return (
    <Form
      form={props.form}
      layout="vertical"
      mode="card"
      requiredMarkStyle={props.requiredMark ?? 'none'}
      className={['linli-m-form', props.className].filter(Boolean).join(' ')}
      onFinish={props.onFinish}
      footer={
        <Space direction="vertical" block>
          {Boolean(props.error) && !placed && <NoticeBar color="error" wrap content={errorText(props.error)} />}
          <Button block type="submit" color="primary" size="large" loading={props.pending} data-testid={props.submitTestId}>
            {props.submitText}
          </Button>
        </Space>
      }
    >
      {props.children}
    </Form>
  );
}
