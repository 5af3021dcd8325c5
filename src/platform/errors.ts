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
  STANDARD_NOT_FOUND: { status: 404, zh: '找不到该标准。', en: 'Standard not found.' },
  STANDARD_INVALID: { status: 400, zh: '标准数据有误，未保存，请查看标出的位置。', en: 'The standard is not valid and was not saved; see the places listed.' },
  STANDARD_CODE_TAKEN: { status: 409, zh: '标准编码“{code}”已被使用。', en: 'The standard code "{code}" is already used.' },
  KIND_MAPPING_INVALID: { status: 400, zh: '设施类型映射规则有误，未保存，请查看标出的位置。', en: 'The facility kind mapping is not valid and was not saved; see the places listed.' },
  CHECKUP_NOT_FOUND: { status: 404, zh: '找不到该次体检。', en: 'Checkup not found.' },
  FINDING_NOT_FOUND: { status: 404, zh: '找不到该体检结果。', en: 'Checkup finding not found.' },
  COMMUNITY_REQUIRED: { status: 400, zh: '请选择一个社区：体检以社区为单位进行。', en: 'Choose a community: a checkup runs over one community.' },
  PROJECT_NOT_FOUND: { status: 404, zh: '找不到该补短板项目。', en: 'Gap project not found.' },
  PROJECT_STATUS_STEP: {
    status: 409,
    zh: '项目状态只能逐级推进一步，或退回上一步。',
    en: 'A project moves one step forward, or one step back, at a time.',
  },
  PROJECT_ACCEPTANCE_ONLY: {
    status: 409,
    zh: '“已验收”只能通过验收登记（由有验收权限的人员完成）。',
    en: '"Accepted" is recorded only by an acceptance, by someone allowed to accept.',
  },
  PROJECT_ACCEPTED_FINAL: { status: 409, zh: '项目已验收，不能再修改或变更状态。', en: 'The project has been accepted; it can no longer change.' },
  STEP_BACK_REASON_REQUIRED: { status: 400, zh: '退回上一步请填写原因。', en: 'Give a reason for stepping back.' },
  PROJECT_NOT_COMPLETED: { status: 409, zh: '项目须先标记为“已完工”才能验收。', en: 'Mark the project completed before accepting it.' },
  FUNDING_EXCEEDS_BUDGET: {
    status: 400,
    zh: '资金来源合计 {funding} 元，超过预算 {budget} 元。',
    en: 'The funding sources add up to {funding} yuan, more than the budget of {budget} yuan.',
  },
  FUNDING_REQUIRED: {
    status: 409,
    zh: '请先登记资金来源，再标记为“资金已落实”。',
    en: 'Record the funding sources before marking the project funded.',
  },
  DEPARTMENT_NOT_FOUND: { status: 404, zh: '找不到该职能部门。', en: 'Department not found.' },
  PHOTO_NOT_IMAGE: {
    status: 415,
    zh: '“{file}”不是 JPEG、PNG 或 WebP 格式的图片，未保存任何内容。',
    en: '"{file}" is not a JPEG, PNG or WebP image; nothing was saved.',
  },
  PHOTO_NOT_FOUND: { status: 404, zh: '找不到该照片。', en: 'Photo not found.' },
  TOO_MANY_FILES: { status: 413, zh: '一次最多上传 {max} 个文件。', en: 'Upload at most {max} files at a time.' },
  NOT_FOUND: { status: 404, zh: '找不到请求的地址。', en: 'No such address.' },
  PAYLOAD_TOO_LARGE: { status: 413, zh: '上传内容过大。', en: 'The upload is too large.' },
  TEXT_NOT_STORABLE: {
    status: 400,
    zh: '文字中含有无法保存的空字符（U+0000），请删除后重试；未保存任何内容。',
    en: 'The text contains a NUL character (U+0000), which cannot be stored; remove it and try again. Nothing was saved.',
  },
  // Resident surveys (问卷)
  SURVEY_NOT_FOUND: { status: 404, zh: '找不到该问卷。', en: 'Survey not found.' },
  SURVEY_NOT_DRAFT: { status: 409, zh: '问卷已发布，不能再修改题目和设置。', en: 'The survey has been published; its questions and settings can no longer change.' },
  SURVEY_NOT_OPEN: { status: 409, zh: '该问卷当前不在收集中（尚未发布或已结束）。', en: 'This survey is not collecting answers (not yet published, or closed).' },
  SURVEY_NO_QUESTIONS: { status: 400, zh: '问卷至少要有一道题才能发布。', en: 'A survey needs at least one question before it can be published.' },
  SURVEY_ALREADY_ANSWERED: {
    status: 409,
    zh: '已经填写过这份问卷：按问卷设置，每人（或每户）只能填写一次。',
    en: 'This survey was already answered: it takes one answer per resident (or per household), as set.',
  },
  SURVEY_RESPONDENT_REQUIRED: {
    status: 400,
    zh: '请选择填写人：按人填写的问卷须选择居民，按户填写的问卷选择房屋即可。',
    en: 'Say who answered: a resident for a per-person survey, a household (or one of its residents) for a per-household survey.',
  },
  SURVEY_RESPONDENT_MISMATCH: {
    status: 400,
    zh: '所选房屋或居民不属于本问卷所在的社区，或该居民不住在所选房屋。',
    en: "The household or resident is not in the survey's community, or the resident does not live in that household.",
  },
  MY_RESIDENT_RECORD_MISSING: {
    status: 409,
    zh: '这份问卷按人填写，但您的账号尚未关联本人的居民信息，请联系社区工作人员或楼长。',
    en: 'This survey is answered per person, but your account is not linked to your resident record; ask community staff or your building lead.',
  },
  // Street networks and OpenStreetMap imports (src/streets, src/access/osm). Details say where.
  FILE_NOT_FOUND: { status: 404, zh: '找不到文件“{file}”。', en: 'There is no file "{file}".' },
  STREET_NETWORK_NOT_FOUND: { status: 404, zh: '找不到该街巷网络。', en: 'Street network not found.' },
  OSM_FILE_MALFORMED: {
    status: 400,
    zh: 'OSM 文件已损坏或不是 OSM 格式，未写入任何数据。',
    en: 'The OSM file is damaged or not in OSM format; nothing was written.',
  },
  OSM_FILE_UNSUPPORTED: {
    status: 400,
    zh: 'OSM 文件第 {block} 个数据块使用了不支持的“{feature}”，未写入任何数据。请先用 osmium cat 转为 zlib 压缩的 PBF 再导入。',
    en: 'Block {block} of the OSM file uses "{feature}", which is not supported; nothing was written. Convert it with osmium cat to a zlib-compressed PBF first.',
  },
  OSM_FILE_EMPTY: {
    status: 422,
    zh: 'OSM 文件中没有可步行的道路、建筑或设施，未写入任何数据。',
    en: 'The OSM file holds no walkable ways, buildings or amenities; nothing was written.',
  },
  STREET_LINES_EMPTY: {
    status: 422,
    zh: '文件中没有可步行的线，未写入任何数据。',
    en: 'The file holds no walkable lines; nothing was written.',
  },
  GEOJSON_INVALID: {
    status: 400,
    zh: '文件不是有效的 GeoJSON 要素集合（FeatureCollection），未写入任何数据。',
    en: 'The file is not a valid GeoJSON FeatureCollection; nothing was written.',
  },
  GEOJSON_GEOMETRY_INVALID: {
    status: 422,
    zh: 'GeoJSON 中有 {count} 处图形错误，未写入任何数据。',
    en: 'The GeoJSON has {count} geometry errors; nothing was written.',
  },
  AREA_NOT_COMMUNITY: {
    status: 400,
    zh: '区域“{code}”不是社区（其级别为 {level}）：街巷网络、楼栋和设施只能导入到社区。',
    en: 'The area "{code}" is not a community (its level is {level}): street networks, buildings and facilities are imported into a community.',
  },
  // The service loop (接诉即办).
  TICKET_NOT_FOUND: { status: 404, zh: '找不到该工单。', en: 'Ticket not found.' },
  TICKET_CATEGORY_UNKNOWN: { status: 400, zh: '未知的诉求类别“{code}”。', en: 'Unknown ticket category "{code}".' },
  TICKET_STEP_NOT_ALLOWED: {
    status: 409,
    zh: '工单当前状态（{status}）下不能执行此操作，请刷新后查看最新进展。',
    en: 'This step is not possible while the ticket is "{status}"; reload to see where it stands.',
  },
  LOCATION_OUTSIDE_COMMUNITIES: {
    status: 400,
    zh: '所选位置不在任何社区范围内，请在地图上重新选点，或选择所在社区。',
    en: 'The location is outside every community; pick the point again on the map, or choose the community.',
  },
  HOTLINE_IMPORT_TOO_LARGE: {
    status: 413,
    zh: '一次最多导入 {max} 条工单，此文件有 {rows} 条，请分批导入。',
    en: 'At most {max} cases can be imported at a time and this file has {rows}; import it in parts.',
  },
  // Open311 (GeoReport v2) integrators: their keys and the requests they send.
  OPEN311_API_KEY_INVALID: { status: 403, zh: '缺少 api_key，或该 api_key 无效或已停用。', en: 'The api_key is missing, invalid or deactivated.' },
  OPEN311_SERVICE_NOT_FOUND: { status: 404, zh: '找不到诉求类别（service_code）“{code}”。', en: 'No service with service_code "{code}".' },
  OPEN311_LOCATION_REQUIRED: {
    status: 400,
    zh: '请提供位置：lat 和 long 两项，或 address_string（本平台不使用 address_id）。',
    en: 'Give the location: both lat and long, or address_string (address_id is not used here).',
  },
  OPEN311_ADDRESS_NEEDS_COMMUNITY: {
    status: 400,
    zh: '仅凭 address_string 无法确定所在社区：接入方“{client}”的服务区域不是单个社区或网格，请同时提供 lat 和 long。',
    en: 'address_string alone cannot place the request: the area of "{client}" is not a single community or grid; send lat and long too.',
  },
  OPEN311_OUTSIDE_AREA: { status: 400, zh: '该位置不在接入方“{client}”的服务区域内。', en: 'The location is outside the area of "{client}".' },
  OPEN311_ATTRIBUTES_INVALID: {
    status: 400,
    zh: '诉求类别的附加信息（attribute）有误，请检查标出的项。',
    en: "The service's attributes are invalid; check the ones listed.",
  },
  OPEN311_DATE_RANGE_INVALID: {
    status: 400,
    zh: 'start_date 不能晚于 end_date，且时间范围不能超过 90 天。',
    en: 'start_date cannot be after end_date, and the range may not span more than 90 days.',
  },
  OPEN311_REQUEST_NOT_FOUND: { status: 404, zh: '找不到诉求 {id}。', en: 'No service request {id}.' },
  OPEN311_TOKEN_NOT_FOUND: { status: 404, zh: '找不到 token“{token}”。', en: 'No token "{token}".' },
  OPEN311_CLIENT_NOT_FOUND: { status: 404, zh: '找不到该 Open311 接入方。', en: 'Open311 client not found.' },
  // The service loop's settings: categories, routing rules, escalation ladders, the working calendar.
  TICKET_CATEGORY_NOT_FOUND: { status: 404, zh: '找不到诉求类别“{code}”。', en: 'Ticket category "{code}" not found.' },
  TICKET_CATEGORY_EXISTS: {
    status: 409,
    zh: '诉求类别编码“{code}”已存在；类别不能删除，如不再使用请停用。',
    en: 'The ticket category code "{code}" already exists; categories are never deleted, deactivate one instead.',
  },
  ESCALATION_COMMUNITY_NOT_FOUND: { status: 404, zh: '找不到该社区：升级阶梯只能按社区设置。', en: 'Community not found: a ladder is set per community.' },
  // The service loop's notifications: the in-app inbox and outbound webhooks.
  NOTIFICATION_NOT_FOUND: { status: 404, zh: '找不到该通知。', en: 'Notification not found.' },
  WEBHOOK_NOT_FOUND: { status: 404, zh: '找不到该 Webhook 推送。', en: 'Webhook not found.' },
  WEBHOOK_DELIVERY_NOT_FOUND: { status: 404, zh: '找不到该推送记录。', en: 'Webhook delivery not found.' },
  WEBHOOK_DELIVERY_NOT_DEAD: {
    status: 409,
    zh: '只有已放弃（多次失败）的推送才能重新推送。',
    en: 'Only a delivery that was given up on (dead) can be retried.',
  },
  DEVICE_IMPORT_TOO_LARGE: {
    status: 413,
    zh: '一次最多登记 {max} 台设备，此文件有 {rows} 行，请分批导入。',
    en: 'At most {max} devices can be registered at a time and this file has {rows} rows; import it in parts.',
  },
  DEVICE_NOT_FOUND: { status: 404, zh: '找不到设备“{id}”。', en: 'Device "{id}" not found.' },
  DEVICE_EXISTS: { status: 409, zh: '设备编号“{id}”已登记。', en: 'A device with id "{id}" is already registered.' },
  DEVICE_KIND_UNKNOWN: { status: 400, zh: '未知的设备类型“{kind}”。', en: 'Unknown device kind "{kind}".' },
  DEVICE_AUTH_FAILED: { status: 401, zh: '设备编号或密钥不正确，或设备已停用。', en: 'Wrong device id or secret, or the device is retired.' },
  CONTACT_NOT_FOUND: { status: 404, zh: '找不到该联系人。', en: 'Contact not found.' },
  ALARM_NOT_FOUND: { status: 404, zh: '找不到该告警。', en: 'Alarm not found.' },
  ALARM_ALREADY_CLEARED: { status: 409, zh: '该告警已解除。', en: 'The alarm is already cleared.' },
  ALARM_RULE_UNKNOWN: { status: 400, zh: '未知的告警规则“{rule}”。', en: 'Unknown alarm rule "{rule}".' },
  ASSIGNEE_NOT_FOUND: { status: 400, zh: '指派对象不存在或不负责该区域。', en: 'The assignee does not exist or does not work in this area.' },
  INTERNAL: { status: 500, zh: '服务器内部错误，请联系管理员并提供请求编号 {requestId}。', en: 'Internal error; give the administrator request id {requestId}.' },
} as const satisfies Record<string, { status: number; zh: string; en: string }>;

export type ErrorCode = keyof typeof errorCatalogue;

/**
 * Messages of field-level problems that services report by code (schema failures have their own,
 * in validationMessages.ts); the error handler fills them in for the caller's language.
 */
export const detailCatalogue = {
  DATE_IN_PAST: { zh: '日期不能早于今天', en: 'The date cannot be in the past' },
  INVALID_PHONE: { zh: '手机号码格式不正确', en: 'Not a valid phone number' },
  CONTACT_FIELD_REQUIRED: { zh: '新联系人须填写姓名和电话', en: 'A new contact needs a name and a phone' },
  CONTACT_NOT_IN_CHAIN: { zh: '该联系人不在这户的联系链中（可能已被他人删除），请刷新后重试', en: 'This contact is not in the household\'s chain (someone may have removed it); refresh and try again' },
  INVALID_ID_NUMBER: { zh: '身份证号码校验不通过（GB 11643）', en: 'The ID number fails the GB 11643 check' },
  BIRTH_YEAR_MISMATCH: { zh: '出生年份与身份证号不一致', en: 'The birth year does not match the ID number' },
  DUPLICATE_CODE: { zh: '编码“{code}”已被使用', en: 'The code "{code}" is already used' },
  INVALID_GEOMETRY: { zh: '几何图形无效，须为 WGS84 坐标的点或面', en: 'The geometry must be a WGS84 Point or Polygon' },
  FORMAT_NOT_AVAILABLE: { zh: '此类数据只能导出为 {formats}', en: 'This kind can only be exported as {formats}' },
  FILE_REQUIRED: { zh: '请选择要上传的文件', en: 'Choose a file to upload' },
  COMMUNITY_REQUIRED: { zh: '请选择导入到哪个社区', en: 'Choose the community to import into' },
  PLANNED_END_BEFORE_START: { zh: '计划完工日期不能早于计划开工日期', en: 'The planned end cannot be before the planned start' },
  FUNDING_SOURCE_REPEATED: { zh: '同一资金来源只能填写一次', en: 'Each funding source can be listed only once' },
  PROJECT_COMMUNITY_REQUIRED: { zh: '请选择社区，或从体检问题创建项目', en: 'Choose a community, or create the project from a checkup finding' },
  FINDING_COMMUNITY_MISMATCH: { zh: '与体检问题所在的社区不一致', en: 'Not the community of the checkup finding' },
  MULTIPART_REQUIRED: { zh: '请以表单（multipart/form-data）方式上传', en: 'Send the form as multipart/form-data' },
  TITLE_REQUIRED: { zh: '请填写项目名称', en: 'Give the project a title' },
  NOTE_EMPTY: { zh: '请填写进展说明，或上传照片', en: 'Write a progress note or add photos' },
  // The checkup's standard and facility kind mapping.
  INDICATOR_CODE_REPEATED: { zh: '指标编码“{code}”重复，每个指标须有唯一编码', en: 'The indicator code "{code}" is used twice; each indicator needs its own' },
  UNKNOWN_FACILITY_KIND: { zh: '没有“{kind}”这种设施类型', en: 'There is no facility kind "{kind}"' },
  INDICATOR_FIELD_REQUIRED: { zh: '“{kind}”类指标须填写 {field}', en: 'A "{kind}" indicator needs {field}' },
  PARTIAL_ABOVE_PASS: { zh: 'partialShare（{partial}）不能大于 passShare（{pass}）', en: 'partialShare ({partial}) cannot exceed passShare ({pass})' },
  PATTERN_FORMAT: { zh: 'OSM 规则须写成“键=值”或“键=*”', en: 'An OSM rule must read "key=value" or "key=*"' },
  // Resident surveys: questions as built, answers as given.
  QUESTION_KEY_DUPLICATE: { zh: '题目标识“{key}”重复', en: 'The question key "{key}" is used twice' },
  OPTIONS_TOO_FEW: { zh: '选择题至少需要 2 个选项', en: 'A choice question needs at least 2 options' },
  OPTION_VALUE_DUPLICATE: { zh: '选项值“{value}”重复', en: 'The option value "{value}" is used twice' },
  SCALE_RANGE_INVALID: { zh: '量表的最小值必须小于最大值', en: 'The lowest point of the scale must be below the highest' },
  CONDITION_NOT_EARLIER: { zh: '显示条件只能引用前面的题目', en: 'A condition can only refer to an earlier question' },
  CONDITION_ON_TEXT: { zh: '不能以填空题作为显示条件', en: 'A text question cannot be a condition' },
  CONDITION_VALUE_UNKNOWN: { zh: '条件取值“{value}”不是该题的选项', en: 'The condition value "{value}" is not an answer of that question' },
  FEEDS_NOT_SCORABLE: {
    zh: '只有量表题和设置了分值的单选题可以关联体检指标',
    en: 'Only a scale question, or a single choice with option scores, can feed a checkup indicator',
  },
  FEEDS_DUPLICATE: { zh: '指标“{code}”已由本问卷的另一题关联', en: 'Another question of this survey already feeds "{code}"' },
  ANSWER_UNKNOWN_QUESTION: { zh: '问卷中没有这道题', en: 'The survey has no such question' },
  ANSWER_REQUIRED: { zh: '此题必答', en: 'This question must be answered' },
  ANSWER_WRONG_TYPE: { zh: '答案的形式不符合题型', en: 'The answer does not fit the question type' },
  ANSWER_OPTION_UNKNOWN: { zh: '选项“{value}”不存在', en: 'There is no option "{value}"' },
  ANSWER_OUT_OF_RANGE: { zh: '请在 {min} 到 {max} 之间选择', en: 'Choose between {min} and {max}' },
  ANSWER_TOO_LONG: { zh: '最多 {limit} 个字', en: 'At most {limit} characters' },
  // OSM files and GeoJSON street layers: where the file is broken, and how.
  OSM_NOT_OSM_FILE: {
    zh: '文件开头既不是 OSM PBF 也不是 OSM XML（.osm）',
    en: 'The file starts like neither an OSM PBF nor an OSM XML (.osm) file',
  },
  OSM_PBF_TRUNCATED: {
    zh: '第 {block} 个数据块（自第 {offset} 字节起）不完整：文件在第 {size} 字节处提前结束',
    en: 'Block {block} (from byte {offset}) is incomplete: the file ends early, at byte {size}',
  },
  OSM_PBF_BAD_HEADER: {
    zh: '第 {block} 个数据块（第 {offset} 字节处）的块头无效：{reason}',
    en: 'The header of block {block} (at byte {offset}) is invalid: {reason}',
  },
  OSM_PBF_BAD_BLOB: {
    zh: '第 {block} 个数据块（自第 {offset} 字节起）无法解压：{reason}',
    en: 'Block {block} (from byte {offset}) cannot be decompressed: {reason}',
  },
  OSM_PBF_BAD_BLOCK: {
    zh: '第 {block} 个数据块（自第 {offset} 字节起）内容无效：{reason}',
    en: 'Block {block} (from byte {offset}) is invalid: {reason}',
  },
  OSM_XML_SYNTAX: { zh: 'XML 第 {line} 行第 {column} 列有误：{reason}', en: 'XML line {line}, column {column}: {reason}' },
  STREET_NOT_FEATURE: { zh: '第 {feature} 个要素不是有效的 GeoJSON Feature', en: 'Feature {feature} is not a valid GeoJSON Feature' },
  STREET_WRONG_TYPE: {
    zh: '第 {feature} 个要素的图形应为 LineString 或 MultiLineString，实际为 {got}',
    en: 'Feature {feature}: the geometry must be a LineString or MultiLineString, not {got}',
  },
  STREET_LINE_TOO_SHORT: {
    zh: '第 {feature} 个要素 {at}：一条线至少需要 2 个坐标点',
    en: 'Feature {feature}, {at}: a line needs at least 2 positions',
  },
  STAFF_ONLY_FIELD: { zh: '此项只能由社区工作人员登记', en: 'Only staff recording a report can set this' },
  LOCATION_REQUIRED: { zh: '请在地图上选择位置，或选择所在社区', en: 'Pick the location on the map, or choose the community' },
  GRID_NOT_IN_COMMUNITY: { zh: '所选网格不属于该工单所在社区', en: "The grid is not in the ticket's community" },
  MERGE_TARGET_INVALID: { zh: '只能合并到同一社区内另一件未办结的工单', en: 'A ticket can only be merged into another open ticket of the same community' },
  // 12345 hotline spreadsheets: a row's problems (row and column say where).
  HOTLINE_CASE_REPEATED: { zh: '工单编号与第 {firstRow} 行重复', en: 'The same case number as row {firstRow}' },
  HOTLINE_CALL_TIME_INVALID: {
    zh: '无法识别来电时间“{value}”，请填写为“2026-11-26 09:30”格式或 Excel 日期时间',
    en: 'The call time "{value}" cannot be read; write it as "2026-11-26 09:30" or as an Excel date and time',
  },
  HOTLINE_CALL_TIME_FUTURE: { zh: '来电时间晚于现在，请核对', en: 'The call time is later than now; check it' },
  HOTLINE_CATEGORY_UNKNOWN: { zh: '未知的诉求类别“{value}”，可填：{allowed}', en: 'Unknown category "{value}"; use one of: {allowed}' },
  HOTLINE_URGENCY_INVALID: { zh: '紧急程度“{value}”无效，可填：{allowed}', en: 'The urgency "{value}" is not valid; use one of: {allowed}' },
  HOTLINE_POINT_INCOMPLETE: { zh: '经度和纬度须同时填写，或都不填', en: 'Give both longitude and latitude, or neither' },
  HOTLINE_POINT_OUTSIDE: {
    zh: '该经纬度不在任何社区范围内，请核对（须为 WGS84 坐标），或清空经纬度并填写社区',
    en: 'The point is outside every community; check it (WGS84), or clear it and give the community',
  },
  HOTLINE_POINT_NOT_IN_COMMUNITY: {
    zh: '该经纬度不在“{community}”范围内，请核对经纬度或社区',
    en: 'The point is not inside "{community}"; check the point or the community',
  },
  HOTLINE_COMMUNITY_REQUIRED: { zh: '未填写经纬度时，须填写社区名称或编码', en: 'Without a point, give the community\'s name or code' },
  HOTLINE_COMMUNITY_UNKNOWN: { zh: '找不到社区“{value}”，请填写社区名称或编码', en: 'There is no community "{value}"; give its name or code' },
  HOTLINE_COMMUNITY_AMBIGUOUS: { zh: '有多个社区名为“{value}”，请改填社区编码', en: 'More than one community is called "{value}"; give its code instead' },
  // The service loop's settings.
  ACCEPT_OVER_RESOLVE: { zh: '签收时限不能长于办结时限', en: 'The time to accept cannot be longer than the time to resolve' },
  ARRIVE_OVER_RESOLVE: { zh: '到场时限不能长于办结时限', en: 'The time to arrive cannot be longer than the time to resolve' },
  ROUTING_CATEGORY_UNKNOWN: { zh: '没有编码为“{code}”的诉求类别', en: 'There is no ticket category "{code}"' },
  ROUTING_AREA_UNKNOWN: { zh: '该区域不存在（编号 {id}）', en: 'There is no such area (id {id})' },
  ROUTING_DEPARTMENT_REQUIRED: { zh: '派往职能部门时须选择部门', en: 'Choose the department the rule sends tickets to' },
  ROUTING_DEPARTMENT_UNEXPECTED: { zh: '只有派往职能部门的规则才能选择部门', en: 'Only a rule that sends tickets to a department names one' },
  ROUTING_DEPARTMENT_UNKNOWN: { zh: '该职能部门不存在（编号 {id}）', en: 'There is no such department (id {id})' },
  LADDER_LEVELS: { zh: '第 1、2、3 级须各填写一次', en: 'Give levels 1, 2 and 3, each exactly once' },
  CALENDAR_DAY_OUTSIDE_YEAR: { zh: '日期 {day} 不在 {year} 年内', en: 'The date {day} is not in {year}' },
  CALENDAR_DAY_REPEATED: { zh: '日期 {day} 重复标记', en: 'The date {day} is marked twice' },
  // Device rules' tunable parameters.
  RULE_PARAM_UNKNOWN: { zh: '该规则没有参数“{param}”，可调参数：{allowed}', en: 'The rule has no parameter "{param}"; it has: {allowed}' },
  RULE_PARAM_NUMBER: { zh: '应为 {min} 到 {max}{unit} 之间的数', en: 'Must be a number from {min} to {max}{unit}' },
  RULE_PARAM_INTEGER: { zh: '应为 {min} 到 {max}{unit} 之间的整数', en: 'Must be a whole number from {min} to {max}{unit}' },
  RULE_PARAM_BOOLEAN: { zh: '应为 true 或 false', en: 'Must be true or false' },
  RULE_PARAM_TIME: { zh: '应为 HH:MM 格式的北京时间，如 22:00', en: 'Must be a China time as HH:MM, e.g. 22:00' },
  // Open311 attributes (service definitions) as a request answers them.
  ATTRIBUTE_REQUIRED: { zh: '此项必填', en: 'This attribute is required' },
  ATTRIBUTE_UNKNOWN: { zh: '该诉求类别没有此项', en: 'The service has no such attribute' },
  ATTRIBUTE_VALUE_UNKNOWN: { zh: '“{value}”不是可选的值', en: '"{value}" is not one of the listed keys' },
  ATTRIBUTE_ONE_VALUE: { zh: '只能选择一个值', en: 'Only one value may be chosen' },
  ATTRIBUTE_NOT_NUMBER: { zh: '须为数字', en: 'Must be a number' },
  NOT_W3_DATETIME: {
    zh: '须为带时区的 ISO 8601 时间，如 2026-11-26T08:00:00+08:00',
    en: 'Must be an ISO 8601 time with its offset, e.g. 2026-11-26T08:00:00+08:00',
  },
  ATTRIBUTE_LINE_BREAK: { zh: '单行文本不能换行', en: 'A string attribute cannot contain line breaks' },
  ATTRIBUTE_TOO_LONG: { zh: '最多 {limit} 个字', en: 'At most {limit} characters' },
  PERIOD_REVERSED: { zh: '结束日期不能早于开始日期', en: 'The period cannot end before it starts' },
  PERIOD_TOO_LONG: { zh: '统计周期最长 {max} 天，请缩短日期范围', en: 'A period can be at most {max} days long; narrow the dates' },
  STREET_BAD_POSITION: {
    zh: '第 {feature} 个要素 {at}：坐标应为 [经度, 纬度] 两个有限数字',
    en: 'Feature {feature}, {at}: a position must be [longitude, latitude], two finite numbers',
  },
  STREET_LON_RANGE: {
    zh: '第 {feature} 个要素 {at}：经度 {value} 超出 -180 到 180',
    en: 'Feature {feature}, {at}: longitude {value} is outside -180 to 180',
  },
  STREET_LAT_RANGE: {
    zh: '第 {feature} 个要素 {at}：纬度 {value} 超出 -90 到 90',
    en: 'Feature {feature}, {at}: latitude {value} is outside -90 to 90',
  },
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
