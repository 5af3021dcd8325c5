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
  // Each reveal with the masked values it was made for: a contact kept by id but retyped since shows masked again.
  const [revealed, setRevealed] = useState<Record<number, CareContactFull & { of: string }>>({});
  const canReveal = hasPermission(me, 'personal.reveal');
  if (!card.contacts.length) return <Typography.Text type="secondary">{t('devices.care.noContacts')}</Typography.Text>;
  const maskedOf = (c: Contact) => `${c.name}|${c.phone}`;
  const fullOf = (c: Contact) => (revealed[c.id]?.of === maskedOf(c) ? revealed[c.id] : undefined);
  const line = (c: Contact) => {
    const full = fullOf(c);
    return [full?.name ?? c.name, full?.phone ?? c.phone, c.relation].filter(Boolean).join(' · ');
  };
  return (
    <List size="small" split={false} dataSource={[...card.contacts].sort((a, b) => a.position - b.position)} data-testid="care-contacts"
      renderItem={(c, index) => (
        <List.Item style={{ padding: '2px 0' }} data-testid={`care-contact-${c.id}`}
          extra={canReveal && !fullOf(c) && (
            <RevealButton reveal={(body) => revealContact(c.id, body)} onRevealed={(full) => setRevealed((all) => ({ ...all, [full.id]: { ...full, of: maskedOf(c) } }))} />
          )}>
          <Flex gap={6} align="center" wrap>
            <Typography.Text type="secondary">{index + 1}.</Typography.Text>
            <Tag style={{ marginInlineEnd: 0 }}>{t(`devices.care.roles.${c.role}`)}</Tag>
            <Typography.Text copyable={fullOf(c) ? { text: fullOf(c)!.phone } : false}>{line(c)}</Typography.Text>
          </Flex>
        </List.Item>
      )} />
  );
}

/** One contact's fields in the editor, with buttons to move it up or down the chain; a saved one shows its masked name and phone, kept unless retyped. */
function ContactRow({ index, count, saved, move, remove }: {
  index: number; count: number; saved: Contact | undefined; move: (from: number, to: number) => void; remove: (index: number) => void;
}) {
  const { t } = useTranslation();
  const required = { required: true, whitespace: true, message: t('devices.provision.required') };
  // A saved contact's name and phone may stay empty: the server keeps what it holds.
  const fieldRules = saved ? [] : [required];
  return (
    <Flex gap={8} wrap align="start" style={{ marginBottom: 8, paddingBottom: 8, borderBottom: '1px dashed #f0f0f0' }} data-testid={`contact-row-${index}`}>
      <Typography.Text type="secondary" style={{ paddingTop: 5 }}>{index + 1}.</Typography.Text>
      {/* The saved contact's id goes back with the chain: the form sends only the fields it holds. */}
      <Form.Item name={[index, 'id']} hidden noStyle><Input /></Form.Item>
      <Form.Item name={[index, 'role']} rules={[required]} style={{ marginBottom: 0, width: 110 }}>
        <Select options={contactRoles.map((role) => ({ value: role, label: t(`devices.care.roles.${role}`) }))} aria-label={t('devices.care.role')}
          data-testid="contact-role" />
      </Form.Item>
      <Form.Item name={[index, 'name']} rules={fieldRules} style={{ marginBottom: 0, width: 110 }}>
        <Input placeholder={saved?.name ?? t('devices.care.name')} maxLength={50} data-testid="contact-name" />
      </Form.Item>
      <Form.Item name={[index, 'phone']} rules={[...fieldRules, { min: 5, message: t('devices.care.phoneShort') }]} style={{ marginBottom: 0, width: 140 }}>
        <Input placeholder={saved?.phone ?? t('devices.care.phone')} maxLength={20} inputMode="tel" data-testid="contact-phone" />
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
 * 编辑联系人: the whole chain, in order. Names and phones reach the console masked, so saved contacts are
 * sent by id with their name and phone only where retyped; the server keeps the rest.
 */
export function ContactsEditor({ card }: { card: CareCard }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button size="small" onClick={() => setOpen(true)} data-testid="contacts-edit">{t('devices.care.editContacts')}</Button>
      {/* Mounted per opening: a fresh form starts from the chain as it is now. */}
      {open && <ContactsModal card={card} onClose={() => setOpen(false)} />}
    </>
  );
}

function ContactsModal({ card, onClose }: { card: CareCard; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ contacts: CareContact[] }>();
  const save = useSaveContacts();
  const start = [...card.contacts].sort((a, b) => a.position - b.position).map((c) => ({ id: c.id, role: c.role, relation: c.relation }));
  const typed = (value: string | undefined) => value?.trim() || undefined;
  const submit = ({ contacts }: { contacts: CareContact[] }) =>
    save.mutate({
      householdId: card.householdId,
      contacts: contacts.map((c) => ({ id: c.id, role: c.role, name: typed(c.name), phone: typed(c.phone), relation: typed(c.relation) })),
    }, {
      onSuccess: () => {
        onClose();
        void message.success(t('devices.care.contactsSaved'));
      },
      onError: (error) => showFieldErrors(form, error),
    });
  return (
    <Modal open width={720} title={t('devices.care.editContactsTitle', { household: card.householdLabel })} okText={t('editing.save')}
      cancelText={t('common.cancel')} confirmLoading={save.isPending} onOk={() => form.submit()} onCancel={onClose}
      okButtonProps={{ 'data-testid': 'contacts-save' }}>
      {card.contacts.length > 0 && <Alert type="info" showIcon title={t('devices.care.keepHint')} style={{ marginBottom: 12 }} />}
      <ErrorAlert error={save.error} />
      <Form form={form} onFinish={submit} initialValues={{ contacts: start.length ? start : [{ role: 'family' }] }}>
        <Form.List name="contacts">
          {(fields, { add, move, remove }) => (
            <>
              {fields.map((field) => {
                const saved = card.contacts.find((c) => c.id === form.getFieldValue(['contacts', field.name, 'id']));
                return <ContactRow key={field.key} index={field.name} count={fields.length} saved={saved} move={move} remove={remove} />;
              })}
              <Button type="dashed" block icon={<PlusOutlined />} disabled={fields.length >= 10} onClick={() => add({ role: 'family' })}
                data-testid="contact-add">{t('devices.care.addContact')}</Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
