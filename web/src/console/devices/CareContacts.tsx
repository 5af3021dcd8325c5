import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Flex, Form, Input, List, Modal, Select, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hasPermission, useCurrentUser } from '../../api/auth.ts';
import { revealContact, useSaveContacts, type CareCard, type CareContact, type CareContactFull, type ContactRoleValue } from '../../api/devices.ts';
import { showFieldErrors } from '../../api/fieldErrors.ts';
import { ErrorAlert } from '../../components/ErrorResult.tsx';
import { RevealButton } from '../../components/RevealButton.tsx';
import { devicesZhCN } from '../../i18n/devices.zh-CN.ts';

export const contactRoles = Object.keys(devicesZhCN.devices.care.roles) as ContactRoleValue[];
type Contact = CareCard['contacts'][number];

/** 联系人: the chain in the order they are called, each masked until revealed with a reason. */
export function ContactChain({ card }: { card: CareCard }) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const [revealed, setRevealed] = useState<Record<number, CareContactFull>>({});
  const canReveal = hasPermission(me, 'personal.reveal');
  if (!card.contacts.length) return <Typography.Text type="secondary">{t('devices.care.noContacts')}</Typography.Text>;
  const line = (c: Contact) => {
    const full = revealed[c.id];
    return [full?.name ?? c.name, full?.phone ?? c.phone, c.relation].filter(Boolean).join(' · ');
  };
  return (
    <List size="small" split={false} dataSource={[...card.contacts].sort((a, b) => a.position - b.position)} data-testid="care-contacts"
      renderItem={(c, index) => (
        <List.Item style={{ padding: '2px 0' }} data-testid={`care-contact-${c.id}`}
          extra={canReveal && !revealed[c.id] && (
            <RevealButton reveal={(body) => revealContact(c.id, body)} onRevealed={(full) => setRevealed((all) => ({ ...all, [full.id]: full }))} />
          )}>
          <Flex gap={6} align="center" wrap>
            <Typography.Text type="secondary">{index + 1}.</Typography.Text>
            <Tag style={{ marginInlineEnd: 0 }}>{t(`devices.care.roles.${c.role}`)}</Tag>
            <Typography.Text copyable={revealed[c.id] ? { text: revealed[c.id].phone } : false}>{line(c)}</Typography.Text>
          </Flex>
        </List.Item>
      )} />
  );
}

/** One contact's fields in the editor, with buttons to move it up or down the chain. */
function ContactRow({ index, count, move, remove }: { index: number; count: number; move: (from: number, to: number) => void; remove: (index: number) => void }) {
  const { t } = useTranslation();
  const required = { required: true, whitespace: true, message: t('devices.provision.required') };
  return (
    <Flex gap={8} wrap align="start" style={{ marginBottom: 8, paddingBottom: 8, borderBottom: '1px dashed #f0f0f0' }} data-testid={`contact-row-${index}`}>
      <Typography.Text type="secondary" style={{ paddingTop: 5 }}>{index + 1}.</Typography.Text>
      <Form.Item name={[index, 'role']} rules={[required]} style={{ marginBottom: 0, width: 110 }}>
        <Select options={contactRoles.map((role) => ({ value: role, label: t(`devices.care.roles.${role}`) }))} aria-label={t('devices.care.role')}
          data-testid="contact-role" />
      </Form.Item>
      <Form.Item name={[index, 'name']} rules={[required]} style={{ marginBottom: 0, width: 110 }}>
        <Input placeholder={t('devices.care.name')} maxLength={50} data-testid="contact-name" />
      </Form.Item>
      <Form.Item name={[index, 'phone']} rules={[required, { min: 5, message: t('devices.care.phoneShort') }]} style={{ marginBottom: 0, width: 140 }}>
        <Input placeholder={t('devices.care.phone')} maxLength={20} inputMode="tel" data-testid="contact-phone" />
      </Form.Item>
      <Form.Item name={[index, 'relation']} style={{ marginBottom: 0, width: 90 }}>
        <Input placeholder={t('devices.care.relation')} maxLength={20} />
      </Form.Item>
      <Flex gap={2}>
        <Button size="small" type="text" icon={<ArrowUpOutlined />} disabled={index === 0} onClick={() => move(index, index - 1)} aria-label={t('devices.care.up')} />
        <Button size="small" type="text" icon={<ArrowDownOutlined />} disabled={index === count - 1} onClick={() => move(index, index + 1)} aria-label={t('devices.care.down')} />
        <Button size="small" type="text" danger icon={<DeleteOutlined />} onClick={() => remove(index)} aria-label={t('common.delete')} />
      </Flex>
    </Flex>
  );
}

/**
 * 编辑联系人: the whole chain, in order. Names and phones reach the console masked, so a saved chain is
 * typed in full again (roles and relations are kept as a start): saving replaces the chain.
 */
export function ContactsEditor({ card }: { card: CareCard }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ contacts: CareContact[] }>();
  const save = useSaveContacts();
  const start = card.contacts.map((c) => ({ role: c.role, relation: c.relation, name: '', phone: '' }));
  const submit = ({ contacts }: { contacts: CareContact[] }) =>
    save.mutate({
      householdId: card.householdId,
      contacts: contacts.map((c) => ({ role: c.role, name: c.name.trim(), phone: c.phone.trim(), relation: c.relation?.trim() || undefined })),
    }, {
      onSuccess: () => {
        setOpen(false);
        void message.success(t('devices.care.contactsSaved'));
      },
      onError: (error) => showFieldErrors(form, error),
    });
  return (
    <>
      <Button size="small" onClick={() => { save.reset(); setOpen(true); }} data-testid="contacts-edit">{t('devices.care.editContacts')}</Button>
      <Modal open={open} width={720} title={t('devices.care.editContactsTitle', { household: card.householdLabel })} okText={t('editing.save')}
        cancelText={t('common.cancel')} confirmLoading={save.isPending} onOk={() => form.submit()} onCancel={() => setOpen(false)} destroyOnHidden
        okButtonProps={{ 'data-testid': 'contacts-save' }}>
        {card.contacts.length > 0 && <Alert type="info" showIcon title={t('devices.care.retypeHint')} style={{ marginBottom: 12 }} />}
        <ErrorAlert error={save.error} />
        <Form form={form} onFinish={submit} initialValues={{ contacts: start.length ? start : [{ role: 'family' }] }} preserve={false}>
          <Form.List name="contacts">
            {(fields, { add, move, remove }) => (
              <>
                {fields.map((field) => <ContactRow key={field.key} index={field.name} count={fields.length} move={move} remove={remove} />)}
                <Button type="dashed" block icon={<PlusOutlined />} disabled={fields.length >= 10} onClick={() => add({ role: 'family' })}
                  data-testid="contact-add">{t('devices.care.addContact')}</Button>
              </>
            )}
          </Form.List>
        </Form>
      </Modal>
    </>
  );
}
