import { App, Button, Card, Descriptions, Flex, Popconfirm, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useResetLadder, useSetLadder, type CommunityLadder, type LadderStep } from '../../api/ticketSettings.ts';
import { LimitInput } from './LimitInput.tsx';
import { formatLimit, type LimitUnit } from './limits.ts';
import { failureText } from './failure.ts';

const levels = [1, 2, 3] as const;
// Ladder steps are short: minutes and hours read best. They count on the ticket's category calendar.
const ladderUnits: LimitUnit[] = ['minute', 'hour'];
const minutesAt = (steps: LadderStep[], level: number) => steps.find((s) => s.level === level)?.minutes ?? 0;

/** The three rungs in words (explained at length once, on the default ladder), with each one's minutes; inputs when editing. */
function LadderSteps({ steps, editing, onChange, testId, explained }: {
  steps: LadderStep[]; editing: boolean; onChange?: (steps: LadderStep[]) => void; testId: string; explained: boolean;
}) {
  const { t } = useTranslation();
  const items = levels.map((level) => ({
    key: level,
    label: (
      <Flex vertical>
        <span>{t(`ticketSettings.ladder.level${level}`)}</span>
        {explained && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t(`ticketSettings.ladder.level${level}Hint`)}</Typography.Text>}
      </Flex>
    ),
    children: editing
      ? <LimitInput calendar="24x7" units={ladderUnits} value={minutesAt(steps, level)} testId={`${testId}-level${level}`}
          onChange={(minutes) => onChange?.(levels.map((l) => ({ level: l, minutes: l === level ? (minutes ?? minutesAt(steps, l)) : minutesAt(steps, l) })))} />
      : <span data-testid={`${testId}-level${level}`}>{formatLimit(t, minutesAt(steps, level), '24x7')}</span>,
  }));
  return <Descriptions column={1} size="small" bordered items={items} styles={{ label: { width: '60%' } }} />;
}

/** One ladder: read, or edited in place and saved; a community's own can also be dropped for the default. */
function LadderCard({ title, communityId, steps, fallback, editable, testId }: {
  title: React.ReactNode; communityId: number | null; steps: LadderStep[] | null; fallback: LadderStep[]; editable: boolean; testId: string;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [draft, setDraft] = useState<LadderStep[] | undefined>();
  const setLadder = useSetLadder();
  const reset = useResetLadder();
  const onError = (error: unknown) => void message.error(failureText(error));
  const save = () => setLadder.mutate({ communityId, steps: draft! }, {
    onSuccess: () => {
      void message.success(t('ticketSettings.saved'));
      setDraft(undefined);
    },
    onError,
  });
  const own = communityId === null || steps !== null;
  const extra = communityId !== null && <Tag color={own ? 'blue' : undefined}>{t(own ? 'ticketSettings.ladder.own' : 'ticketSettings.ladder.usesDefault')}</Tag>;
  return (
    <Card size="small" title={title} extra={extra} data-testid={testId} style={communityId === null ? { maxWidth: 760 } : undefined}>
      <LadderSteps steps={draft ?? steps ?? fallback} editing={draft !== undefined} onChange={setDraft} testId={testId} explained={communityId === null} />
      {editable && (
        <Flex gap={8} wrap style={{ marginTop: 12 }}>
          {draft ? (
            <>
              <Button type="primary" loading={setLadder.isPending} onClick={save} data-testid={`${testId}-save`}>{t('ticketSettings.save')}</Button>
              <Button onClick={() => setDraft(undefined)}>{t('common.cancel')}</Button>
            </>
          ) : (
            <Button onClick={() => setDraft(steps ?? fallback)} data-testid={`${testId}-edit`}>
              {t(own ? 'ticketSettings.ladder.edit' : 'ticketSettings.ladder.setOwn')}
            </Button>
          )}
          {communityId !== null && steps !== null && !draft && (
            <Popconfirm title={t('ticketSettings.ladder.resetConfirm')} okText={t('common.confirm')} cancelText={t('common.cancel')}
              onConfirm={() => reset.mutateAsync(communityId).then(() => void message.success(t('ticketSettings.saved')), onError)}>
              <Button data-testid={`${testId}-reset`}>{t('ticketSettings.ladder.reset')}</Button>
            </Popconfirm>
          )}
        </Flex>
      )}
    </Card>
  );
}

/** 升级阶梯: the default ladder and each community's own (or the default it follows), in plain words. */
export function LadderTab({ escalation, canManage }: { escalation: { default: LadderStep[]; communities: CommunityLadder[] }; canManage: boolean }) {
  const { t } = useTranslation();
  return (
    <Flex vertical gap={16}>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>{t('ticketSettings.ladder.intro')}</Typography.Paragraph>
      <LadderCard title={t('ticketSettings.ladder.default')} communityId={null} steps={escalation.default} fallback={escalation.default}
        editable={canManage} testId="ladder-default" />
      {escalation.communities.length > 0 && <Typography.Title level={5} style={{ margin: 0 }}>{t('ticketSettings.ladder.communities')}</Typography.Title>}
      <div className="linli-ladder-grid">
        {escalation.communities.map((c) => (
          <LadderCard key={c.communityId} title={c.name} communityId={c.communityId} steps={c.steps} fallback={escalation.default}
            editable={c.editable} testId={`ladder-community-${c.communityId}`} />
        ))}
      </div>
    </Flex>
  );
}
