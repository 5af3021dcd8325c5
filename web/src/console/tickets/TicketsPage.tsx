import { EnvironmentOutlined, FileExcelOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Empty, Flex, Grid, Result, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { hasPermission, useCurrentUser } from '../../api/auth.ts';
import { useTickets, type TicketFilters as Filters, type TicketView } from '../../api/tickets.ts';
import { Page } from '../../components/Page.tsx';
import { PagedTable } from '../../components/PagedTable.tsx';
import type { TicketPoint } from '../../map/TicketMapManager.ts';
import { CreateTicketDrawer } from './CreateTicketDrawer.tsx';
import { HotlineImportModal } from './HotlineImportModal.tsx';
import { formatMoment, isBreached, statusColor, ticketStatuses, useAssignee, useLabelLanguage } from './format.ts';
import { TicketDrawer } from './TicketDrawer.tsx';
import { TicketFilters } from './TicketFilters.tsx';
import { TicketMap } from './TicketMap.tsx';
import { DeadlineCell, StatusTag } from './TicketTags.tsx';
import './tickets.css';

function CategoryCell({ row }: { row: TicketView }) {
  const { t } = useTranslation();
  const language = useLabelLanguage();
  const urgent = row.priority === 'high' || row.priority === 'urgent';
  return (
    <Flex gap={4} align="center" wrap>
      <Typography.Text strong>{row.categoryName[language]}</Typography.Text>
      {urgent && <Tag color="volcano" style={{ marginInlineEnd: 0 }}>{t(`ticketsConsole.priorities.${row.priority}`)}</Tag>}
    </Flex>
  );
}

const idCell = (row: TicketView) => <Typography.Text type="secondary">#{row.id}</Typography.Text>;
const description = (row: TicketView, width: number | string) => (
  <Typography.Text ellipsis={{ tooltip: row.description }} style={{ maxWidth: width }}>{row.description}</Typography.Text>
);
const place = (row: TicketView) => row.gridName ?? row.communityName;

function AssigneeCell({ row }: { row: TicketView }) {
  const { where, who } = useAssignee()(row);
  return (
    <Flex vertical>
      <Typography.Text style={{ whiteSpace: 'nowrap' }}>{where}</Typography.Text>
      {who && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{who}</Typography.Text>}
    </Flex>
  );
}

/** A phone's one cell: the facts stacked and wrapped within the screen, nothing to scroll sideways. */
function PhoneCell({ row }: { row: TicketView }) {
  const { where, who } = useAssignee()(row);
  return (
    <Flex vertical gap={4} style={{ maxWidth: 'calc(100vw - 56px)' }}>
      <Flex gap={6} align="center" wrap>{idCell(row)}<CategoryCell row={row} /><StatusTag ticket={row} /></Flex>
      {description(row, 'calc(100vw - 56px)')}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>{[place(row), where, who].filter(Boolean).join(' · ')}</Typography.Text>
      <DeadlineCell ticket={row} />
    </Flex>
  );
}

/** Desktop: a column per fact. Phone: one column, the facts stacked. */
function useColumns() {
  const { t } = useTranslation();
  const wide = Grid.useBreakpoint().md ?? true;
  if (!wide) return [{ key: 'ticket', title: t('ticketsConsole.columns.ticket'), render: (_: unknown, row: TicketView) => <PhoneCell row={row} /> }];
  return [
    { key: 'id', title: t('ticketsConsole.columns.id'), render: (_: unknown, row: TicketView) => idCell(row) },
    { key: 'category', title: t('ticketsConsole.columns.category'), render: (_: unknown, row: TicketView) => <CategoryCell row={row} /> },
    { key: 'description', title: t('ticketsConsole.columns.description'), render: (_: unknown, row: TicketView) => description(row, 200) },
    { key: 'grid', title: t('ticketsConsole.columns.grid'), render: (_: unknown, row: TicketView) => place(row) },
    { key: 'status', title: t('ticketsConsole.columns.status'), render: (_: unknown, row: TicketView) => <StatusTag ticket={row} /> },
    { key: 'assignee', title: t('ticketsConsole.columns.assignee'), render: (_: unknown, row: TicketView) => <AssigneeCell row={row} /> },
    { key: 'deadline', title: t('ticketsConsole.columns.deadline'), render: (_: unknown, row: TicketView) => <DeadlineCell ticket={row} /> },
    { key: 'source', title: t('ticketsConsole.columns.source'), render: (_: unknown, row: TicketView) => t(`ticketsConsole.sources.${row.source}`) },
    { key: 'created', title: t('ticketsConsole.columns.created'), render: (_: unknown, row: TicketView) => formatMoment(row.createdAt) },
  ];
}

/** What the colours on the map say: the status, and a red ring for a missed deadline. */
function MapLegend() {
  const { t } = useTranslation();
  const dot = (color: string, ring = '#fff') => (
    <span style={{ display: 'inline-block', width: 10, height: 10, borderRadius: 5, background: color, border: `2px solid ${ring}`, marginInlineEnd: 4 }} />
  );
  return (
    <div className="linli-ticket-legend" data-testid="tickets-map-legend">
      {ticketStatuses.filter((s) => s !== 'merged' && s !== 'withdrawn').map((s) => (
        <span key={s}>{dot(statusColor[s])}{t(`ticketsConsole.statuses.${s}`)}</span>
      ))}
      <span>{dot('#8c8c8c', '#f5222d')}{t('ticketsConsole.deadline.breached')}</span>
    </div>
  );
}

/** The loaded tickets that have a place, as points on the map; the list is newest first, the map draws the newest on top. */
function useTicketPoints(items: TicketView[]): TicketPoint[] {
  const { t } = useTranslation();
  const language = useLabelLanguage();
  return useMemo(() => [...items].reverse().flatMap((row) => (row.location ? [{
    id: row.id, lon: row.location.lon, lat: row.location.lat, color: statusColor[row.status], breached: isBreached(row),
    label: `#${row.id} ${row.categoryName[language]} · ${t(`ticketsConsole.statuses.${row.status}`)}`,
  }] : [])), [items, language, t]);
}

const ticketIdOf = (param: string | undefined) => {
  const id = Number(param);
  return Number.isInteger(id) && id > 0 ? id : undefined;
};

/**
 * 工单: the map of the tickets loaded beside their table, with the filters above both; a ticket opens in
 * a drawer at /tickets/:id (where the notification bell leads). Department officers, who only handle,
 * see their department's tickets.
 */
export default function TicketsPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const navigate = useNavigate();
  const ticketId = ticketIdOf(useParams().id);
  const [filters, setFilters] = useState<Filters>({});
  const [creating, setCreating] = useState(false);
  const [importing, setImporting] = useState(false);
  const [showMap, setShowMap] = useState(true);
  const canRecord = hasPermission(me, 'tickets.handle');
  const allowed = canRecord || hasPermission(me, 'tickets.read');
  const list = useTickets(filters, allowed);
  const columns = useColumns();
  const points = useTicketPoints(list.items);
  if (!allowed) return <Result status="403" title={t('app.forbidden')} />;
  const openTicket = (id: number | undefined) => navigate(id === undefined ? '/tickets' : `/tickets/${id}`);
  const filtered = Object.values(filters).some((v) => v !== undefined);
  const empty = <Empty description={t(filtered ? 'ticketsConsole.emptyFiltered' : 'ticketsConsole.empty')} data-testid="tickets-empty" />;
  const buttons = (
    <>
      <Button icon={<EnvironmentOutlined />} onClick={() => setShowMap(!showMap)} data-testid="map-toggle">
        {t(showMap ? 'ticketsConsole.hideMap' : 'ticketsConsole.showMap')}
      </Button>
      {canRecord && (
        <Button icon={<FileExcelOutlined />} onClick={() => setImporting(true)} data-testid="hotline-import">{t('ticketsConsole.hotline.button')}</Button>
      )}
      {canRecord && (
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="ticket-new">{t('ticketsConsole.create.button')}</Button>
      )}
    </>
  );
  return (
    <Page title={t('nav.tickets')} extra={buttons}>
      <TicketFilters value={filters} onChange={setFilters} />
      <div className={showMap ? 'linli-tickets-split' : undefined}>
        {showMap && (
          <div className="linli-tickets-map">
            <TicketMap areaId={filters.gridId ?? filters.communityId ?? me.roles[0]?.areaId} tickets={points} onTicketClick={openTicket} testId="tickets-map" />
            <MapLegend />
          </div>
        )}
        <div className="linli-tickets-table">
          <PagedTable<TicketView> list={list} columns={columns} locale={{ emptyText: empty }}
            onRow={(row) => ({ onClick: () => openTicket(row.id), style: { cursor: 'pointer' } })} />
        </div>
      </div>
      <TicketDrawer ticketId={ticketId} onClose={() => openTicket(undefined)} />
      <HotlineImportModal open={importing} onClose={() => setImporting(false)} />
      <CreateTicketDrawer open={creating} onClose={() => setCreating(false)} onCreated={(ticket) => openTicket(ticket.id)} />
    </Page>
  );
}
