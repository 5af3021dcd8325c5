import { Form, Popup } from 'antd-mobile';
import type { ReactNode } from 'react';
import { MobileForm } from '../MobileForm.tsx';

type FormInstance = ReturnType<typeof Form.useForm>[0];

/**
 * A step that asks for words (a reason, a rating, a resolution with photos): a sheet from the bottom
 * with its form; closes when the step is taken, keeps the form and shows the error when it is not.
 */
export function StepPopup<V extends object>(props: {
  visible: boolean;
  onClose: () => void;
  title: string;
  form: FormInstance;
  onFinish: (values: V) => void;
  error: unknown;
  pending: boolean;
  submitText: string;
  submitTestId: string;
  children: ReactNode;
}) {
  return (
    <Popup visible={props.visible} onMaskClick={props.onClose} onClose={props.onClose} showCloseButton bodyClassName="linli-m-popup">
      <h3 className="linli-m-popup-title">{props.title}</h3>
      <MobileForm<V> form={props.form} onFinish={props.onFinish} error={props.error} pending={props.pending} submitText={props.submitText} submitTestId={props.submitTestId}>
        {props.children}
      </MobileForm>
    </Popup>
  );
}
