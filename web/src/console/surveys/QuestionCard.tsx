import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { AutoComplete, Button, Card, Flex, Form, Input, InputNumber, Select, Switch, Tooltip, type FormListFieldData } from 'antd';
import { useTranslation } from 'react-i18next';
// The indicator codes offered are plain data kept beside the server's survey schema.
import { suggestedIndicators } from '../../../../src/surveys/indicators.ts';
import type { Question, QuestionType } from '../../api/types.ts';
import { nextId } from './newQuestion.ts';

const types: QuestionType[] = ['single', 'multiple', 'scale', 'text'];
const isChoice = (type: QuestionType | undefined) => type === 'single' || type === 'multiple';

/** The options of a choice question; a single choice also takes scores, which make up an indicator's score. */
function OptionsEditor({ field, question }: { field: FormListFieldData; question: Question }) {
  const { t } = useTranslation();
  const taken = (question.options ?? []).map((o) => o?.value);
  return (
    <Form.Item label={t('surveys.options')} extra={question.type === 'single' ? t('surveys.scoreHint') : undefined}>
      <Form.List name={[field.name, 'options']}>
        {(options, { add, remove }) => (
          <Flex vertical gap={8}>
            {options.map((option) => (
              <Flex key={option.key} gap={8} align="start">
                <Form.Item name={[option.name, 'value']} hidden>
                  <Input />
                </Form.Item>
                <Form.Item name={[option.name, 'label']} rules={[{ required: true, whitespace: true, message: t('surveys.optionRequired') }]} style={{ flex: 1, marginBottom: 0 }}>
                  <Input placeholder={t('surveys.optionLabel')} maxLength={100} data-testid="option-label" />
                </Form.Item>
                {question.type === 'single' && (
                  <Form.Item name={[option.name, 'score']} style={{ width: 110, marginBottom: 0 }}>
                    <InputNumber min={0} max={100} placeholder={t('surveys.score')} style={{ width: '100%' }} />
                  </Form.Item>
                )}
                <Button type="text" icon={<MinusCircleOutlined />} onClick={() => remove(option.name)} aria-label={t('surveys.removeOption')} />
              </Flex>
            ))}
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ value: nextId('o', taken), label: '' })} style={{ alignSelf: 'start' }}>
              {t('surveys.addOption')}
            </Button>
          </Flex>
        )}
      </Form.List>
    </Form.Item>
  );
}

function ScaleEditor({ field }: { field: FormListFieldData }) {
  const { t } = useTranslation();
  return (
    <Flex gap={8} wrap>
      <Form.Item name={[field.name, 'min']} label={t('surveys.min')} initialValue={1}>
        <InputNumber min={0} max={9} />
      </Form.Item>
      <Form.Item name={[field.name, 'minLabel']} label={t('surveys.minLabel')}>
        <Input placeholder={t('surveys.minLabelPlaceholder')} maxLength={40} />
      </Form.Item>
      <Form.Item name={[field.name, 'max']} label={t('surveys.max')} initialValue={5}>
        <InputNumber min={1} max={10} />
      </Form.Item>
      <Form.Item name={[field.name, 'maxLabel']} label={t('surveys.maxLabel')}>
        <Input placeholder={t('surveys.maxLabelPlaceholder')} maxLength={40} />
      </Form.Item>
    </Flex>
  );
}

/** The answers of an earlier question that can show this one: its options, or its scale points. */
function answerChoices(target: Question | undefined): { value: string | number; label: string }[] {
  if (!target) return [];
  if (target.type === 'scale') {
    const [min, max] = [target.min ?? 1, target.max ?? 5];
    return Array.from({ length: Math.max(0, max - min + 1) }, (_, i) => ({ value: min + i, label: String(min + i) }));
  }
  return (target.options ?? []).filter((o) => o?.value).map((o) => ({ value: o.value, label: o.label || o.value }));
}

/** "Show only when …": conditions refer to earlier questions only, so a form reads top to bottom. */
function ConditionEditor({ field, index, questions }: { field: FormListFieldData; index: number; questions: Question[] }) {
  const { t } = useTranslation();
  const earlier = questions.slice(0, index).filter((q) => q && q.type !== 'text');
  const own = questions[index];
  const target = earlier.find((q) => q.key === own?.showIf?.questionKey);
  return (
    <Flex gap={8} wrap align="start">
      <Form.Item name={[field.name, 'showIf', 'questionKey']} label={t('surveys.showIf')} extra={t('surveys.showIfHint')} style={{ minWidth: 240, flex: 1 }}>
        <Select
          allowClear
          placeholder={t('surveys.always')}
          options={earlier.map((q) => ({ value: q.key, label: `${questions.indexOf(q) + 1}. ${q.label || t(`surveys.types.${q.type}`)}` }))}
          data-testid="condition-question"
        />
      </Form.Item>
      {target && (
        <Form.Item name={[field.name, 'showIf', 'anyOf']} label={t('surveys.showIfValues')} rules={[{ required: true, message: t('surveys.showIfValues') }]} style={{ minWidth: 240, flex: 1 }}>
          <Select mode="multiple" options={answerChoices(target)} data-testid="condition-values" />
        </Form.Item>
      )}
    </Flex>
  );
}

function FeedsEditor({ field }: { field: FormListFieldData }) {
  const { t } = useTranslation();
  const options = suggestedIndicators.map((code) => ({ value: code, label: `${t(`surveys.indicators.${code}`)} (${code})` }));
  return (
    <Form.Item name={[field.name, 'feeds']} label={t('surveys.feeds')} extra={t('surveys.feedsHint')}>
      <AutoComplete allowClear options={options} placeholder={t('surveys.feedsPlaceholder')} filterOption style={{ maxWidth: 360 }} data-testid="question-feeds" />
    </Form.Item>
  );
}

interface QuestionCardProps {
  field: FormListFieldData;
  index: number;
  questions: Question[];
  last: boolean;
  onMove: (to: number) => void;
  onRemove: () => void;
}

/** One question of the builder: its wording and type, then what its type needs, its condition and the indicator it feeds. */
export function QuestionCard({ field, index, questions, last, onMove, onRemove }: QuestionCardProps) {
  const { t } = useTranslation();
  const question: Question = questions[index] ?? { key: '', type: 'single', label: '' };
  const actions = (
    <Flex gap={4}>
      <Tooltip title={t('surveys.moveUp')}>
        <Button type="text" size="small" icon={<ArrowUpOutlined />} disabled={index === 0} onClick={() => onMove(index - 1)} aria-label={t('surveys.moveUp')} />
      </Tooltip>
      <Tooltip title={t('surveys.moveDown')}>
        <Button type="text" size="small" icon={<ArrowDownOutlined />} disabled={last} onClick={() => onMove(index + 1)} aria-label={t('surveys.moveDown')} />
      </Tooltip>
      <Tooltip title={t('surveys.remove')}>
        <Button type="text" size="small" danger icon={<DeleteOutlined />} onClick={onRemove} aria-label={t('surveys.remove')} />
      </Tooltip>
    </Flex>
  );
  return (
    <Card size="small" title={t('surveys.question', { n: index + 1 })} extra={actions} data-testid="question-card">
      <Form.Item name={[field.name, 'key']} hidden>
        <Input />
      </Form.Item>
      <Flex gap={8} wrap align="start">
        <Form.Item name={[field.name, 'label']} label={t('surveys.label')} rules={[{ required: true, whitespace: true, message: t('surveys.labelRequired') }]} style={{ flex: 3, minWidth: 260 }}>
          <Input maxLength={200} data-testid="question-label" />
        </Form.Item>
        <Form.Item name={[field.name, 'type']} label={t('surveys.type')} style={{ width: 140 }}>
          <Select options={types.map((value) => ({ value, label: t(`surveys.types.${value}`) }))} data-testid="question-type" />
        </Form.Item>
        <Form.Item name={[field.name, 'required']} label={t('surveys.required')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Flex>
      <Form.Item name={[field.name, 'help']} label={t('surveys.help')}>
        <Input maxLength={500} />
      </Form.Item>
      {isChoice(question.type) && <OptionsEditor field={field} question={question} />}
      {question.type === 'scale' && <ScaleEditor field={field} />}
      <ConditionEditor field={field} index={index} questions={questions} />
      {(question.type === 'scale' || question.type === 'single') && <FeedsEditor field={field} />}
    </Card>
  );
}
