import { App, Button, Card, Descriptions, Drawer, Flex, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApproveClaim } from '../../api/accounts.ts';
import type { ClaimView } from '../../api/types.ts';
import { ErrorAlert } from '../../components/ErrorResult.tsx';
import { useDrawerSize } from '../drawers/useDrawerSize.ts';
import { HouseholdPicker, type HouseholdPick } from './HouseholdPicker.tsx';

type Suggestion = ClaimView['suggestions'][number];

/** Residents already registered with the applicant's exact name and phone: one click picks household and resident. */
function Suggestions({ claim, picked, onPick }: { claim: ClaimView; picked?: Suggestion; onPick: (suggestion: Suggestion) => void }) {
  const { t } = useTranslation();
  if (!claim.suggestions.length) return <Typography.Paragraph type="secondary">{t('claims.noSuggestions')}</Typography.Paragraph>;
  return (
    <Flex vertical gap={8} style={{ marginBottom: 16 }}>
      {claim.suggestions.map((suggestion) => {
        const chosen = picked?.residentId === suggestion.residentId;
        return (
          <Card key={suggestion.residentId} size="small" style={chosen ? { borderColor: '#1677ff', background: '#e6f4ff' } : undefined}>
            <Flex justify="space-between" align="center" gap={8}>
              <span>
                {suggestion.estateName && `${suggestion.estateName} `}
                {t('household.address', { building: suggestion.buildingName, unit: suggestion.unit, room: suggestion.room })} · {suggestion.name}
              </span>
              <Button type={chosen ? 'primary' : 'default'} onClick={() => onPick(suggestion)} data-testid="claim-suggestion">
                {chosen ? t('claims.picked') : t('claims.pick')}
              </Button>
            </Flex>
          </Card>
        );
      })}
    </Flex>
  );
}

function ApproveForm({ claim, onDone }: { claim: ClaimView; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const approve = useApproveClaim();
  // A suggestion and a household picked by hand exclude each other: choosing one clears the other.
  const [suggestion, setSuggestion] = useState<Suggestion>();
  const [manual, setManual] = useState<HouseholdPick>({});
  const target = suggestion ?? (manual.householdId ? { householdId: manual.householdId, residentId: manual.residentId } : undefined);
  const submit = () =>
    target &&
    approve.mutate(
      { id: claim.id, householdId: target.householdId, residentId: target.residentId ?? null },
      {
        onSuccess: () => {
          void message.success(t('claims.approved'));
          onDone();
        },
      },
    );
  return (
    <Flex vertical style={{ minHeight: '100%' }}>
      <Descriptions
        size="small"
        column={1}
        bordered
        title={t('claims.applicant')}
        style={{ marginBottom: 24 }}
        items={[
          { key: 'address', label: t('claims.address'), children: claim.address },
          { key: 'name', label: t('claims.name'), children: claim.name },
          { key: 'phone', label: t('claims.phone'), children: claim.phone },
          { key: 'username', label: t('claims.username'), children: claim.username },
        ]}
      />
      <Typography.Title level={5}>{t('claims.suggestions')}</Typography.Title>
      <Suggestions
        claim={claim}
        picked={suggestion}
        onPick={(next) => {
          setSuggestion(next);
          setManual({});
        }}
      />
      <Typography.Title level={5}>{t('claims.manual')}</Typography.Title>
      <HouseholdPicker
        communityId={claim.communityId}
        value={manual}
        onChange={(next) => {
          setManual(next);
          setSuggestion(undefined);
        }}
      />
      <div style={{ flex: 1 }} />
      <ErrorAlert error={approve.error} />
      <Button type="primary" size="large" block disabled={!target} loading={approve.isPending} onClick={submit} data-testid="claim-approve-confirm">
        {t('claims.confirmApprove')}
      </Button>
    </Flex>
  );
}

/** 通过: the verifier binds the applicant to a household, from the suggestions or by building and room. */
export function ApproveDrawer({ claim, onClose }: { claim: ClaimView | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const size = useDrawerSize(520);
  return (
    <Drawer open={claim !== undefined} onClose={onClose} size={size} title={t('claims.approveTitle')} destroyOnHidden>
      {claim && <ApproveForm key={claim.id} claim={claim} onDone={onClose} />}
    </Drawer>
  );
}
