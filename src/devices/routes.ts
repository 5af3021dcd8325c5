import { Type } from 'typebox';
import type { AppContext, AppInstance } from '../app.ts';
import { AppError } from '../platform/errors.ts';
import { requireActor } from '../platform/http.ts';
import { readMultipart } from '../platform/multipart.ts';
import { deviceUploadLimits, importDevices } from './deviceImport.ts';
import { Page } from '../platform/pagination.ts';
import { acknowledgeAlarm, answerKpi, assignAlarm, clearAlarm, commentOnAlarm, getAlarm, listAlarmAssignees, listAlarms } from './alarmService.ts';
import { listRuleSettings, setRuleParams } from './ruleSettings.ts';
import { logCall, revealContact, setAway, setContacts } from './care.ts';
import { getCareCard, listCareCards } from './careCards.ts';
import { gatewayIngest } from './gateway.ts';
import { getDevice, listDeviceKinds, listDevices, provisionDevice, rotateDeviceSecret, updateDevice } from './registry.ts';
import {
  AlarmAssign, AlarmAssignee, AlarmAssigneesQuery, AlarmClear, CareCallInput, CareCard, CareCardQuery, CareContactRevealed, CareContactsBody, ContactIdParams, RevealBody, AlarmComment, AlarmDetail, AlarmIdParams, AlarmListQuery, AlarmView, AnswerKpi, AnswerKpiQuery, AwayBody, AwayView,
  DeviceCreate, DeviceDetail, DeviceImportFields, DeviceImportQuery, DeviceImportReport, DeviceIdParams, DeviceKindView, DeviceListQuery, DeviceUpdate, DeviceView, GatewayBatch, GatewayResult,
  HouseholdIdParams, ProvisionedDevice, RuleCodeParams, RuleParamsBody, RuleSettingsQuery, RuleSettingView,
} from './schema.ts';

const tags = ['devices'];

/** Devices, alarms and care; the HTTP gateway feeds the app's ingest pipeline. */
export function deviceRoutes(app: AppInstance, ctx: AppContext): void {
  app.get('/api/device-kinds', { schema: { tags, response: { 200: Type.Array(DeviceKindView) } } }, async (request) => {
    requireActor(request);
    return listDeviceKinds();
  });

  app.get('/api/devices', { schema: { tags, querystring: DeviceListQuery, response: { 200: Page(DeviceView) } } }, async (request) =>
    listDevices(ctx, requireActor(request), request.query));

  app.post('/api/devices', { schema: { tags, body: DeviceCreate, response: { 201: ProvisionedDevice } } }, async (request, reply) =>
    reply.status(201).send(await provisionDevice(ctx, requireActor(request), request.body)));

  // An installer's spreadsheet: the file in `file`; ?dryRun=false registers every device in one transaction, or none.
  app.post('/api/devices/import', {
    schema: { tags, consumes: ['multipart/form-data'], querystring: DeviceImportQuery, response: { 200: DeviceImportReport } },
  }, async (request) => {
    const actor = requireActor(request);
    const { files } = await readMultipart(request, DeviceImportFields, deviceUploadLimits);
    const file = files.find((f) => f.field === 'file');
    if (!file) throw new AppError('VALIDATION_FAILED', {}, [{ path: 'body.file', code: 'FILE_REQUIRED' }]);
    return importDevices(ctx, actor, { communityId: request.query.communityId, fileName: file.fileName, file: file.bytes, dryRun: request.query.dryRun ?? true, locale: request.locale });
  });

  app.get('/api/devices/:id', { schema: { tags, params: DeviceIdParams, response: { 200: DeviceDetail } } }, async (request) =>
    getDevice(ctx, requireActor(request), request.params.id));

  app.patch('/api/devices/:id', { schema: { tags, params: DeviceIdParams, body: DeviceUpdate, response: { 200: DeviceDetail } } }, async (request) =>
    updateDevice(ctx, requireActor(request), request.params.id, request.body));

  app.post('/api/devices/:id/secret', { schema: { tags, params: DeviceIdParams, response: { 200: ProvisionedDevice } } }, async (request) =>
    rotateDeviceSecret(ctx, requireActor(request), request.params.id));

  // Gateways that cannot speak MQTT: the device's own id and secret as HTTP Basic credentials.
  app.post('/api/devices/:id/messages', {
    schema: { tags, params: DeviceIdParams, body: GatewayBatch, response: { 200: GatewayResult }, security: [{ device: [] }] },
  }, async (request) => gatewayIngest(ctx, request.params.id, request.headers.authorization, request.body.messages));

  app.get('/api/device-rules', { schema: { tags, querystring: RuleSettingsQuery, response: { 200: Type.Array(RuleSettingView) } } }, async (request) =>
    listRuleSettings(ctx, requireActor(request), request.query));

  app.put('/api/device-rules/:code/params', { schema: { tags, params: RuleCodeParams, body: RuleParamsBody, response: { 200: Type.Array(RuleSettingView) } } }, async (request) =>
    setRuleParams(ctx, requireActor(request), request.params.code, request.body));

  app.get('/api/alarms', { schema: { tags, querystring: AlarmListQuery, response: { 200: Page(AlarmView) } } }, async (request) =>
    listAlarms(ctx, requireActor(request), request.query));

  app.get('/api/alarms/kpi', { schema: { tags, querystring: AnswerKpiQuery, response: { 200: AnswerKpi } } }, async (request) =>
    answerKpi(ctx, requireActor(request), request.query));

  app.get('/api/alarms/:id', { schema: { tags, params: AlarmIdParams, response: { 200: AlarmDetail } } }, async (request) =>
    getAlarm(ctx, requireActor(request), request.params.id));

  app.post('/api/alarms/:id/acknowledge', { schema: { tags, params: AlarmIdParams, response: { 200: AlarmDetail } } }, async (request) =>
    acknowledgeAlarm(ctx, requireActor(request), request.params.id));

  app.post('/api/alarms/:id/clear', { schema: { tags, params: AlarmIdParams, body: AlarmClear, response: { 200: AlarmDetail } } }, async (request) =>
    clearAlarm(ctx, requireActor(request), request.params.id, request.body));

  app.get('/api/alarms/:id/assignees', { schema: { tags, params: AlarmIdParams, querystring: AlarmAssigneesQuery, response: { 200: Type.Array(AlarmAssignee) } } }, async (request) =>
    listAlarmAssignees(ctx, requireActor(request), request.params.id, request.query));

  app.post('/api/alarms/:id/assign', { schema: { tags, params: AlarmIdParams, body: AlarmAssign, response: { 200: AlarmDetail } } }, async (request) =>
    assignAlarm(ctx, requireActor(request), request.params.id, request.body.userId));

  app.post('/api/alarms/:id/comments', { schema: { tags, params: AlarmIdParams, body: AlarmComment, response: { 200: AlarmDetail } } }, async (request) =>
    commentOnAlarm(ctx, requireActor(request), request.params.id, request.body.text));

  app.get('/api/care/cards', { schema: { tags, querystring: CareCardQuery, response: { 200: Page(CareCard) } } }, async (request) =>
    listCareCards(ctx, requireActor(request), request.query));

  app.get('/api/care/households/:id', { schema: { tags, params: HouseholdIdParams, response: { 200: CareCard } } }, async (request) =>
    getCareCard(ctx, requireActor(request), request.params.id));

  app.put('/api/care/households/:id/contacts', { schema: { tags, params: HouseholdIdParams, body: CareContactsBody, response: { 200: CareCard } } }, async (request) =>
    setContacts(ctx, requireActor(request), request.params.id, request.body.contacts));

  app.post('/api/care/households/:id/calls', { schema: { tags, params: HouseholdIdParams, body: CareCallInput, response: { 201: CareCard } } }, async (request, reply) =>
    reply.status(201).send(await logCall(ctx, requireActor(request), request.params.id, request.body)));

  app.post('/api/care/contacts/:id/reveal', { schema: { tags, params: ContactIdParams, body: RevealBody, response: { 200: CareContactRevealed } } }, async (request) =>
    revealContact(ctx, requireActor(request), request.params.id, request.body.reason));

  app.put('/api/households/:id/away', { schema: { tags, params: HouseholdIdParams, body: AwayBody, response: { 200: AwayView } } }, async (request) =>
    setAway(ctx, requireActor(request), request.params.id, request.body));

  app.delete('/api/households/:id/away', { schema: { tags, params: HouseholdIdParams, response: { 200: AwayView } } }, async (request) =>
    setAway(ctx, requireActor(request), request.params.id, null));
}
