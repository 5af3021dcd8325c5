import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Form, InputNumber, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { fundingSourceLabels } from '../../../../src/projects/labels.ts';
import type { FundingSource } from '../../api/projects.ts';

const sources = Object.keys(fundingSourceLabels) as FundingSource[];

/** One line per funding source (中央、省、市、区、街道、社会资本、居民自筹…) and its amount in yuan. */
export function FundingFields() {
  const { t } = useTranslation();
  const required = { required: true, message: t('projects.form.required') };
  return (
    <Form.Item label={t('projects.fields.funding')} extra={t('projects.form.budgetHint')}>
      <Form.List name="funding">
        {(fields, { add, remove }) => (
          <Flex vertical gap={8}>
            {fields.map((field) => (
              <Flex key={field.key} gap={8} align="start">
                <Form.Item name={[field.name, 'source']} rules={[required]} style={{ flex: 1, marginBottom: 0 }}>
                  <Select
                    placeholder={t('projects.fields.source')}
                    options={sources.map((value) => ({ value, label: t(`projects.sources.${value}`) }))}
                    data-testid="funding-source"
                  />
                </Form.Item>
                <Form.Item name={[field.name, 'amountYuan']} rules={[required]} style={{ flex: 1, marginBottom: 0 }}>
                  <InputNumber min={0} precision={2} placeholder={t('projects.fields.amount')} style={{ width: '100%' }} data-testid="funding-amount" />
                </Form.Item>
                <Button icon={<DeleteOutlined />} aria-label={t('common.delete')} onClick={() => remove(field.name)} />
              </Flex>
            ))}
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add()} data-testid="funding-add">
              {t('projects.form.addFunding')}
            </Button>
          </Flex>
        )}
      </Form.List>
    </Form.Item>
  );
}
