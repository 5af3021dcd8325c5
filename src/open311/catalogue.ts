import type { Kysely } from 'kysely';
import type { CategoryAttribute, DB } from '../db/schema.ts';
import { AppError } from '../platform/errors.ts';
import * as ticketStore from '../tickets/store.ts';
import { STRING_LIMIT, TEXT_LIMIT } from './attributes.ts';
import type { Service, ServiceDefinition } from './schema.ts';
import { slaGroups, slaPromise } from './conventions.ts';

// What the endpoint offers: the discovery document, the services (ticket categories) and their
// definitions (the attributes a report of the category answers).

const SPECIFICATION = 'http://wiki.open311.org/GeoReport_v2';
/** When this endpoint's contract last changed (sortable, as discovery's changeset must be). */
const CHANGESET = '2026-11-26T00:00:00+08:00';

/** The spec's Service Discovery document for the endpoint at `endpointUrl`. */
export function discoveryDocument(endpointUrl: string) {
  return {
    changeset: CHANGESET,
    contact: '请联系本平台管理员（邻里 Linli）。Contact the administrator of this Linli deployment.',
    key_service: '写入（POST requests）需要 api_key，由管理员签发：linli open311 key --name 名称 --area 区域编码，或控制台接口 POST /api/open311/clients。'
      + ' Reading needs no key; to submit requests ask the administrator for an api_key.',
    endpoints: [{ specification: SPECIFICATION, url: endpointUrl, changeset: CHANGESET, type: 'production' as const, formats: ['text/xml', 'application/json'] }],
  };
}

type Label = { zh: string; en: string };

/** The active categories as the spec's services, in the console's order. */
export async function listServices(db: Kysely<DB>): Promise<Service[]> {
  const rows = await ticketStore.selectCategories(db);
  return rows.filter((r) => r.active).map((r) => {
    const name = r.name as Label;
    const group = slaGroups[r.sla_class];
    return {
      service_code: r.code, service_name: name.zh, description: `${name.zh}：${slaPromise(r)}`, metadata: r.attributes.length > 0,
      // Requests are written while the client waits, so the id comes back at once.
      type: 'realtime' as const, keywords: [name.en, group.en].join(', '), group: group.zh,
    };
  });
}

/** An active category, or OPEN311_SERVICE_NOT_FOUND. */
export async function requireService(db: Kysely<DB>, code: string) {
  const row = await ticketStore.findCategory(db, code);
  if (!row || !row.active) throw new AppError('OPEN311_SERVICE_NOT_FOUND', { code });
  return row;
}

/** How to answer each datatype, for the person filling the form. */
const datatypeHelp: Record<CategoryAttribute['datatype'], string> = {
  string: `单行文字，最多 ${STRING_LIMIT} 字`,
  text: `文字，可换行，最多 ${TEXT_LIMIT} 字`,
  number: '数字，如 3 或 2.5',
  datetime: '带时区的 ISO 8601 时间，如 2026-11-26T08:00:00+08:00',
  singlevaluelist: '从 values 中选一项，填写其 key：attribute[代码]=key',
  multivaluelist: '从 values 中选一项或多项，每项一个 attribute[代码][]=key',
};

/** The attributes a report of the service answers, in their order. */
export async function getServiceDefinition(db: Kysely<DB>, code: string): Promise<ServiceDefinition> {
  const row = await requireService(db, code);
  return {
    service_code: row.code,
    attributes: [...row.attributes].sort((a, b) => a.order - b.order).map((a) => ({
      variable: true, code: a.code, datatype: a.datatype, required: a.required, datatype_description: datatypeHelp[a.datatype], order: a.order,
      description: a.description.zh,
      ...(a.values ? { values: a.values.map((v) => ({ key: v.key, name: v.name.zh })) } : {}),
    })),
  };
}
