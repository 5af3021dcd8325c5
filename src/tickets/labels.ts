import type { TicketEventKind } from '../db/schema.ts';

type Label = { zh: string; en: string };

/** What each timeline step is called, for notifications and webhooks (the web has its own copy in i18n). */
export const eventLabels: Record<TicketEventKind, Label> = {
  created: { zh: '已受理', en: 'received' },
  dispatched: { zh: '已派单', en: 'dispatched' },
  accepted: { zh: '已签收', en: 'accepted' },
  arrived: { zh: '已到场', en: 'on site' },
  resolved: { zh: '已办结，请评价', en: 'resolved; please rate it' },
  returned: { zh: '已退回', en: 'returned' },
  reopened: { zh: '已重新办理', en: 'reopened' },
  rated: { zh: '已评价', en: 'rated' },
  closed: { zh: '已关闭', en: 'closed' },
  withdrawn: { zh: '已撤回', en: 'withdrawn' },
  merged: { zh: '已合并到其他工单', en: 'merged into another ticket' },
  escalated: { zh: '已升级', en: 'escalated' },
  whistled: { zh: '吹哨：请部门报到', en: 'whistled: the department must report' },
  breached: { zh: '已超时', en: 'overdue' },
  note: { zh: '有新进展', en: 'new note' },
  regridded: { zh: '已调整网格', en: 'moved to another grid' },
  subscribed: { zh: '有居民关注', en: 'followed by a resident' },
  paused: { zh: '等待居民配合，计时暂停', en: 'waiting for the resident; clocks paused' },
  resumed: { zh: '恢复办理，计时继续', en: 'resumed; clocks running again' },
};

export function ticketTitle(ticketId: number, kind: TicketEventKind): Label {
  const label = eventLabels[kind];
  return { zh: `工单 #${ticketId}：${label.zh}`, en: `Ticket #${ticketId}: ${label.en}` };
}
