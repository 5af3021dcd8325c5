import { Alert, Button, Descriptions, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ProvisionedDevice } from '../../api/devices.ts';

/**
 * A device's new secret, shown this once (only its hash is kept): with the MQTT username and topics
 * and the HTTP gateway address, all an installer needs. It closes only by the button that says it was copied,
 * and stands above the device's drawer, where a rotation is asked for.
 */
export function SecretModal({ provisioned, onClose }: { provisioned: ProvisionedDevice | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const device = provisioned?.device;
  return (
    <Modal open={provisioned !== undefined} title={t('devices.secret.title', { id: device?.id ?? '' })} closable={false} mask={{ closable: false }} keyboard={false} zIndex={1100}
      footer={<Button type="primary" onClick={onClose} data-testid="secret-done">{t('devices.secret.done')}</Button>} destroyOnHidden>
      <Alert type="warning" showIcon title={t('devices.secret.once')} style={{ marginBottom: 16 }} />
      {provisioned && device && (
        <Descriptions size="small" column={1} bordered>
          <Descriptions.Item label={t('devices.secret.username')}>
            <Typography.Text copyable className="linli-device-secret">{device.id}</Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('devices.secret.secret')}>
            <Typography.Text copyable={{ tooltips: [t('devices.secret.copy'), t('devices.secret.copied')] }} strong className="linli-device-secret"
              data-testid="device-secret">{provisioned.secret}</Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('devices.topics.event')}><Typography.Text code copyable>{device.topics.event}</Typography.Text></Descriptions.Item>
          <Descriptions.Item label={t('devices.topics.gateway')}>
            <Typography.Text code copyable>{`POST /api/devices/${device.id}/messages`}</Typography.Text>
          </Descriptions.Item>
        </Descriptions>
      )}
    </Modal>
  );
}
