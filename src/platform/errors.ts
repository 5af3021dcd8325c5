/**
 * The one error catalogue. Every error a caller can see has a stable code, an HTTP status
 * and a message in zh-CN and en; `{name}` placeholders are filled from the error's params.
 */
export const errorCatalogue = {
  VALIDATION_FAILED: { status: 400, zh: '请求内容有误，请检查标出的字段。', en: 'The request is invalid; check the fields listed.' },
  BAD_CURSOR: { status: 400, zh: '分页游标无效，请从第一页重新开始。', en: 'The page cursor is invalid; start again from the first page.' },
  UNAUTHENTICATED: { status: 401, zh: '请先登录。', en: 'Please log in first.' },
  LOGIN_FAILED: { status: 401, zh: '用户名或密码不正确。', en: 'Wrong username or password.' },
  ACCOUNT_LOCKED: {
    status: 423,
    zh: '登录失败次数过多，账号已锁定，请于 {until} 后再试。',
    en: 'Too many failed logins; the account is locked until {until}.',
  },
  TOO_MANY_REQUESTS: { status: 429, zh: '请求过于频繁，请稍后再试。', en: 'Too many requests; try again shortly.' },
  CSRF_FAILED: { status: 403, zh: '页面已过期，请刷新后重试。', en: 'The page has expired; reload and try again.' },
  FORBIDDEN: { status: 403, zh: '您没有权限执行此操作。', en: 'You are not allowed to do this.' },
  OUT_OF_SCOPE: { status: 403, zh: '该数据不在您负责的区域内。', en: 'This record is outside the areas you are responsible for.' },
  REASON_REQUIRED: { status: 400, zh: '查看完整个人信息前请填写事由。', en: 'Give a reason before viewing personal data in full.' },
  PASSWORD_TOO_WEAK: { status: 400, zh: '密码至少 10 位，且不能与用户名相同。', en: 'The password needs at least 10 characters and must differ from the username.' },
  PASSWORD_WRONG: { status: 400, zh: '当前密码不正确。', en: 'The current password is wrong.' },
  USERNAME_TAKEN: { status: 409, zh: '用户名“{username}”已被使用。', en: 'The username "{username}" is taken.' },
  AREA_NOT_FOUND: { status: 404, zh: '找不到该区域。', en: 'Area not found.' },
  AREA_CODE_TAKEN: { status: 409, zh: '区域编码“{code}”已存在。', en: 'The area code "{code}" already exists.' },
  AREA_PARENT_INVALID: {
    status: 400,
    zh: '“{level}”级区域的上级必须是“{parentLevel}”。',
    en: 'An area of level "{level}" must sit under a "{parentLevel}".',
  },
  ESTATE_NOT_FOUND: { status: 404, zh: '找不到该小区。', en: 'Estate not found.' },
  BUILDING_NOT_FOUND: { status: 404, zh: '找不到该楼栋。', en: 'Building not found.' },
  HOUSEHOLD_NOT_FOUND: { status: 404, zh: '找不到该房屋/住户。', en: 'Household not found.' },
  HOUSEHOLD_EXISTS: { status: 409, zh: '该楼栋单元下已有此房号。', en: 'This building and unit already have that room.' },
  RESIDENT_NOT_FOUND: { status: 404, zh: '找不到该居民。', en: 'Resident not found.' },
  RESIDENT_ID_NUMBER_EXISTS: { status: 409, zh: '本社区已有该身份证号的居民。', en: 'A resident with this ID number already exists in the community.' },
  FACILITY_NOT_FOUND: { status: 404, zh: '找不到该设施。', en: 'Facility not found.' },
  FACILITY_KIND_UNKNOWN: { status: 400, zh: '未知的设施类型“{kind}”。', en: 'Unknown facility kind "{kind}".' },
  USER_NOT_FOUND: { status: 404, zh: '找不到该用户。', en: 'User not found.' },
  ROLE_NOT_ASSIGNABLE: { status: 403, zh: '您不能授予“{role}”角色，或不能在该区域授予。', en: 'You cannot grant the role "{role}", or not on that area.' },
  CLAIM_NOT_FOUND: { status: 404, zh: '找不到该住户认证申请。', en: 'Household claim not found.' },
  CLAIM_NOT_PENDING: { status: 409, zh: '该申请已处理，不能重复处理。', en: 'This claim has already been decided.' },
  ALREADY_BOUND: { status: 409, zh: '您的账号已绑定房屋，无需再次申请。', en: 'Your account is already bound to a household.' },
  CLAIM_PENDING_EXISTS: { status: 409, zh: '您已有一份待核实的申请，请等待社区处理。', en: 'You already have a claim waiting for verification.' },
  CLAIM_HOUSEHOLD_MISMATCH: {
    status: 400,
    zh: '所选房屋不在申请人的社区，或所选居民不属于该房屋。',
    en: "The household is not in the applicant's community, or the resident does not live in it.",
  },
  COMMUNITY_CODE_UNKNOWN: { status: 400, zh: '社区编码不正确，请向所在社区居委会（社区服务站）核实。', en: 'Unknown community code; ask your community office for it.' },
  ROLE_AREA_LEVEL: { status: 400, zh: '“{role}”角色只能授予在以下级别的区域：{levels}。', en: 'The role "{role}" can only be held on an area of level: {levels}.' },
  NOT_BOUND_TO_HOUSEHOLD: { status: 409, zh: '您的账号尚未绑定房屋，请联系社区或楼长核实。', en: 'Your account is not yet bound to a household; ask community staff or your building lead to verify you.' },
  IMPORT_INVALID: { status: 422, zh: '导入文件有 {count} 处错误，未写入任何数据。', en: 'The import file has {count} errors; nothing was written.' },
  IMPORT_FORMAT: { status: 400, zh: '无法读取文件：{reason}', en: 'The file cannot be read: {reason}' },
  IMPORT_CONFLICT: {
    status: 409,
    zh: '导入的数据与已有数据重复（{what}），已全部回滚，未写入任何数据。',
    en: 'The import clashes with existing data ({what}); it was rolled back and nothing was written.',
  },
  IMPORT_FAILED: { status: 500, zh: '导入失败，已全部回滚，未写入任何数据。', en: 'The import failed; it was rolled back and nothing was written.' },
  IMPORT_NOT_FOUND: { status: 404, zh: '找不到该导入任务。', en: 'Import job not found.' },
  NOT_FOUND: { status: 404, zh: '找不到请求的地址。', en: 'No such address.' },
  PAYLOAD_TOO_LARGE: { status: 413, zh: '上传内容过大。', en: 'The upload is too large.' },
  INTERNAL: { status: 500, zh: '服务器内部错误，请联系管理员并提供请求编号 {requestId}。', en: 'Internal error; give the administrator request id {requestId}.' },
} as const satisfies Record<string, { status: number; zh: string; en: string }>;

export type ErrorCode = keyof typeof errorCatalogue;

/**
 * Messages of field-level problems that services report by code (schema failures have their own,
 * in validationMessages.ts); the error handler fills them in for the caller's language.
 */
export const detailCatalogue = {
  INVALID_PHONE: { zh: '手机号码格式不正确', en: 'Not a valid phone number' },
  INVALID_ID_NUMBER: { zh: '身份证号码校验不通过（GB 11643）', en: 'The ID number fails the GB 11643 check' },
  BIRTH_YEAR_MISMATCH: { zh: '出生年份与身份证号不一致', en: 'The birth year does not match the ID number' },
  DUPLICATE_CODE: { zh: '编码“{code}”已被使用', en: 'The code "{code}" is already used' },
  INVALID_GEOMETRY: { zh: '几何图形无效，须为 WGS84 坐标的点或面', en: 'The geometry must be a WGS84 Point or Polygon' },
  FORMAT_NOT_AVAILABLE: { zh: '此类数据只能导出为 {formats}', en: 'This kind can only be exported as {formats}' },
  FILE_REQUIRED: { zh: '请选择要上传的文件', en: 'Choose a file to upload' },
  COMMUNITY_REQUIRED: { zh: '请选择导入到哪个社区', en: 'Choose the community to import into' },
} as const satisfies Record<string, { zh: string; en: string }>;
export type DetailCode = keyof typeof detailCatalogue;
export type Locale = 'zh-CN' | 'en';

export interface ErrorDetail {
  /** Where the problem is: a field path, or the row and column of an imported file. */
  path?: string;
  row?: number;
  column?: string;
  code?: string;
  message: string;
}

/** A detail a service reports by code alone; the error handler words it in the caller's language. */
export interface CodedDetail {
  path: string;
  code: DetailCode;
  params?: Record<string, string | number>;
}

function fillTemplate(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in params ? String(params[key]) : whole));
}

/** A detail with its message in the locale: its own, or the catalogue's for its code. */
export function localizeDetail(detail: ErrorDetail | CodedDetail, locale: Locale): ErrorDetail {
  if ('message' in detail) return detail;
  const entry = detailCatalogue[detail.code];
  return { path: detail.path, code: detail.code, message: fillTemplate(locale === 'en' ? entry.en : entry.zh, detail.params ?? {}) };
}

/** A domain error: thrown by services, turned into a response by the one error handler. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly params: Record<string, string | number> = {},
    readonly details: (ErrorDetail | CodedDetail)[] = [],
  ) {
    super(code);
    this.name = 'AppError';
    this.status = errorCatalogue[code].status;
  }
}

/** The message of an error code in a locale, with its placeholders filled in. */
export function errorMessage(code: ErrorCode, locale: Locale, params: Record<string, string | number> = {}): string {
  const entry = errorCatalogue[code];
  return fillTemplate(locale === 'en' ? entry.en : entry.zh, params);
}
