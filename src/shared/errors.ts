/**
 * One error vocabulary (STYLE.md habit 5): each code has one HTTP status and a message in each UI language.
 * The server renders these as problem+json (RFC 9457); the web app shows `detail` and `errors[]` as given.
 */
export type Locale = 'zh-CN' | 'en-US';

interface ErrorDef {
  status: number;
  'zh-CN': string;
  'en-US': string;
}

export const ERRORS = {
  validation: {
    status: 400,
    'zh-CN': '请求内容有误，请检查标注的字段',
    'en-US': 'The request is invalid; see the fields listed',
  },
  bad_json: { status: 400, 'zh-CN': '请求体不是合法的 JSON', 'en-US': 'The request body is not valid JSON' },
  unauthenticated: { status: 401, 'zh-CN': '请先登录', 'en-US': 'Please sign in' },
  session_expired: {
    status: 401,
    'zh-CN': '会话已超时，请重新登录',
    'en-US': 'Your session has expired; please sign in again',
  },
  bad_credentials: { status: 401, 'zh-CN': '用户名或密码错误', 'en-US': 'Wrong username or password' },
  account_locked: {
    status: 423,
    'zh-CN': '连续登录失败次数过多，账户已锁定，请 {minutes} 分钟后再试或联系安全管理员解锁',
    'en-US':
      'Too many failed sign-ins: the account is locked; try again in {minutes} minutes or ask the security administrator to unlock it',
  },
  account_inactive: {
    status: 401,
    'zh-CN': '账户已停用，请联系管理员',
    'en-US': 'This account is deactivated; contact the administrator',
  },
  totp_required: {
    status: 401,
    'zh-CN': '请输入动态验证码',
    'en-US': 'Enter the one-time code from your authenticator',
  },
  totp_invalid: { status: 401, 'zh-CN': '动态验证码错误', 'en-US': 'The one-time code is wrong' },
  ip_throttled: {
    status: 429,
    'zh-CN': '该地址登录失败次数过多，请稍后再试',
    'en-US': 'Too many failed sign-ins from this address; try again later',
  },
  rate_limited: { status: 429, 'zh-CN': '请求过于频繁，请稍后再试', 'en-US': 'Too many requests; try again later' },
  forbidden: { status: 403, 'zh-CN': '您没有执行此操作的权限', 'en-US': 'You are not allowed to do this' },
  csrf: {
    status: 403,
    'zh-CN': '请求缺少有效的防伪令牌，请刷新页面后重试',
    'en-US': 'Missing or invalid CSRF token; reload the page and try again',
  },
  session_required: {
    status: 403,
    'zh-CN': '此操作须登录网页后进行，API 令牌不能使用',
    'en-US': 'This needs a signed-in session: an API token cannot do it',
  },
  token_read_only: {
    status: 403,
    'zh-CN': '该 API 令牌为只读，不能修改数据',
    'en-US': 'This API token is read-only: it cannot change data',
  },
  bad_origin: {
    status: 403,
    'zh-CN': '请求来源与本站不符，已拒绝',
    'en-US': 'The request does not come from this site and was refused',
  },
  password_change_required: { status: 403, 'zh-CN': '请先修改初始密码', 'en-US': 'Change your initial password first' },
  totp_setup_required: {
    status: 403,
    'zh-CN': '您的角色要求启用动态验证码，请先完成设置',
    'en-US': 'Your role requires a second factor; set up TOTP first',
  },
  not_found: { status: 404, 'zh-CN': '未找到该对象，或您无权查看', 'en-US': 'Not found, or not visible to you' },
  route_not_found: { status: 404, 'zh-CN': '接口不存在', 'en-US': 'No such endpoint' },
  version_conflict: {
    status: 412,
    'zh-CN': '数据已被他人修改，请刷新后重试（当前版本 {current}）',
    'en-US': 'Someone else changed this record; reload and try again (current version {current})',
  },
  precondition_required: {
    status: 428,
    'zh-CN': '修改请求必须携带 If-Match 版本号',
    'en-US': 'Writes must carry the version they read in If-Match',
  },
  conflict: { status: 409, 'zh-CN': '操作与当前数据冲突', 'en-US': 'The request conflicts with the current data' },
  duplicate: { status: 409, 'zh-CN': '{what}已存在', 'en-US': '{what} already exists' },
  unit_cycle: {
    status: 409,
    'zh-CN': '不能把单位移动到它自己或其下级单位之下',
    'en-US': 'A unit cannot be moved under itself or one of its descendants',
  },
  last_system_admin: {
    status: 409,
    'zh-CN': '不能停用或降级最后一名系统管理员',
    'en-US': 'The last system administrator cannot be deactivated or removed',
  },
  admin_roles_exclusive: {
    status: 409,
    'zh-CN': '系统管理员、安全管理员、审计管理员三员分立，不能兼任，也不能兼任业务角色',
    'en-US': 'The system, security and audit administrator roles are separate: none can be combined with another role',
  },
  unit_in_use: {
    status: 409,
    'zh-CN': '该单位下仍有在岗人员或下级单位，不能停用',
    'en-US': 'The unit still has active people or sub-units',
  },
  invalid_transition: {
    status: 409,
    'zh-CN': '当前状态（{state}）下不能执行此操作',
    'en-US': 'This action is not possible in the current state ({state})',
  },
  evidence_required: {
    status: 400,
    'zh-CN': '请上传佐证材料：申请办结须附佐证材料',
    'en-US': 'Upload the evidence: a close request needs it',
  },
  children_open: {
    status: 409,
    'zh-CN': '还有 {count} 项子任务未办结，不能销账',
    'en-US': '{count} sub-tasks are still open; the task cannot be closed',
  },
  duplicate_report: {
    status: 409,
    'zh-CN': '本期（{period}）进展已报送，不能重复报送',
    'en-US': 'The report for {period} was already submitted',
  },
  idempotency_key_reused: {
    status: 422,
    'zh-CN': '该请求标识（Idempotency-Key）已用于另一份不同的报送，请重新填写后提交',
    'en-US': 'This Idempotency-Key was already used for a different request; submit again as a new request',
  },
  extension_pending: {
    status: 409,
    'zh-CN': '已有一项延期申请待审批',
    'en-US': 'An extension request is already pending',
  },
  deadline_after_parent: {
    status: 400,
    'zh-CN': '完成时限不能晚于上级任务的时限（{parent}）',
    'en-US': 'The deadline cannot be later than the parent task’s ({parent})',
  },
  deadline_past: { status: 400, 'zh-CN': '完成时限不能早于今天', 'en-US': 'The deadline cannot be before today' },
  incomplete_task: {
    status: 400,
    'zh-CN': '任务须明确“干什么、谁来干、怎么干、什么时间干成、干不成怎么办（奖惩）”后才能交办',
    'en-US': 'A task needs what, who, standard, deadline and accountability (奖惩) before it is issued',
  },
  weak_password: { status: 400, 'zh-CN': '密码不符合安全要求', 'en-US': 'The password does not meet the policy' },
  wrong_password: { status: 400, 'zh-CN': '原密码错误', 'en-US': 'The current password is wrong' },
  payload_too_large: { status: 413, 'zh-CN': '上传内容过大', 'en-US': 'The request body is too large' },
  unsupported_media_type: { status: 415, 'zh-CN': '不支持的内容类型', 'en-US': 'Unsupported content type' },
  unpacked_too_large: {
    status: 413,
    'zh-CN': '文件解压后超过 {max} MB（实为 {size} MB），请删去无关内容或拆分后重试',
    'en-US': 'Unpacked, the file exceeds {max} MB (it holds {size} MB); remove unrelated content or split it and retry',
  },
  unpacked_too_many_parts: {
    status: 413,
    'zh-CN': '文件解压后有 {count} 个部件，超过 {max} 个，不是正常的 Office 文件',
    'en-US': 'Unpacked, the file holds {count} parts, more than {max}: not an ordinary Office file',
  },
  unpacked_ratio: {
    status: 413,
    'zh-CN': '文件解压后膨胀 {ratio} 倍（{part}），疑似压缩炸弹，已拒绝',
    'en-US': 'Unpacked, the file grows {ratio} times ({part}): refused as a likely zip bomb',
  },
  too_many_rows: {
    status: 413,
    'zh-CN': '文件解压后超过 {max} 行，请拆分后分批导入',
    'en-US': 'Unpacked, the file has more than {max} rows; split it and import in parts',
  },
  too_many_cells: {
    status: 413,
    'zh-CN': '文件解压后超过 {max} 个单元格，请删去无关的行列或拆分后分批导入',
    'en-US': 'Unpacked, the file has more than {max} cells; remove unrelated rows and columns or split it',
  },
  file_too_complex: {
    status: 413,
    'zh-CN': '文件过大或过于复杂，{seconds} 秒内未能读完，请拆分后分批导入',
    'en-US': 'The file is too large or complex to read within {seconds} seconds; split it and import in parts',
  },
  bad_multipart: {
    status: 400,
    'zh-CN': '上传的表单数据不完整或格式错误（{reason}），请重新选择文件上传',
    'en-US': 'The uploaded form is incomplete or malformed ({reason}); choose the file and upload it again',
  },
  bad_file: { status: 400, 'zh-CN': '文件无法读取：{reason}', 'en-US': 'The file cannot be read: {reason}' },
  import_invalid: {
    status: 422,
    'zh-CN': '导入文件有 {count} 处错误，未写入任何数据',
    'en-US': 'The import has {count} errors; nothing was written',
  },
  import_stale: {
    status: 409,
    'zh-CN': '导入批次已提交或已失效',
    'en-US': 'The import batch was already committed or has expired',
  },
  same_pool: {
    status: 409,
    'zh-CN': '项目已在{pool}库，无需调整',
    'en-US': 'The project is already in the {pool} pool',
  },
  investment_over_remaining: {
    status: 400,
    'zh-CN': '本次填报 {amount} 万元超过剩余未完成投资 {remaining} 万元；如确属实，请填写原因后再提交',
    'en-US':
      'The figure ({amount} 万元) exceeds the remaining total investment ({remaining} 万元); give a reason to record it anyway',
  },
  project_milestones_issued: {
    status: 409,
    'zh-CN': '项目节点已交办给原责任单位，不能直接更换责任单位、所在乡镇或包联领导',
    'en-US':
      'The project’s milestones are already issued to its unit; its unit, township or leader cannot be changed directly',
  },
  blocker_top_level: {
    status: 409,
    'zh-CN': '卡点已提交至主要领导，不能再上报',
    'en-US': 'The blocker is already with a principal; it cannot be escalated further',
  },
  round_closed: { status: 409, 'zh-CN': '本轮调度已结束', 'en-US': 'This round is already closed' },
  meeting_not_held: {
    status: 409,
    'zh-CN': '会议尚未召开或纪要已印发（当前：{state}），不能记录议定事项；请先标记会议已召开',
    'en-US': 'Decisions are recorded while the meeting is held (it is {state}); mark it held first',
  },
  meeting_state: {
    status: 409,
    'zh-CN': '会议当前状态（{state}）下不能执行此操作',
    'en-US': 'Not possible while the meeting is {state}',
  },
  minutes_issued: {
    status: 409,
    'zh-CN': '会议纪要已印发，议程不能再修改',
    'en-US': 'The minutes have been issued; the agenda can no longer be changed',
  },
  bulletin_issued: {
    status: 409,
    'zh-CN': '该督查通报已印发归档，不能再修改',
    'en-US': 'This bulletin has been issued and archived; it can no longer be changed',
  },
  indicator_needs_confirmation: {
    status: 409,
    'zh-CN': '数据有 {count} 处提示需要核实（见各项说明）；确认无误后请确认提交，提示将随数据一并保存',
    'en-US': 'The data has {count} warnings (listed); check them and confirm to keep the values with their warnings',
  },
  not_livelihood: {
    status: 409,
    'zh-CN': '只有标记为民生实事的项目才能公开',
    'en-US': 'Only livelihood (民生实事) projects can be published',
  },
  photo_not_image: {
    status: 400,
    'zh-CN': '公开照片只能是 JPG 或 PNG 图片',
    'en-US': 'A public photo must be a JPG or PNG image',
  },
  tolerance_pending: {
    status: 409,
    'zh-CN': '该问责案件有待决定的容错申请：请先对容错申请作出决定，再作问责决定',
    'en-US': 'A 容错 request on this case awaits its decision: decide the request before the case',
  },
  tolerance_exists: {
    status: 409,
    'zh-CN': '该问责案件已提出过容错申请，不能重复申请',
    'en-US': 'A 容错 request was already filed on this case',
  },
  tolerance_not_pending: {
    status: 409,
    'zh-CN': '该问责案件没有待决定的容错申请',
    'en-US': 'This case has no 容错 request awaiting a decision',
  },
  lead_stage_not_forward: {
    status: 409,
    'zh-CN': '招商线索的阶段只能向前推进：当前为“{current}”，不能改为“{to}”',
    'en-US': 'A lead only moves forward: it is at “{current}” and cannot go to “{to}”',
  },
  lead_stage_from_project: {
    status: 409,
    'zh-CN': '该线索已转入重点项目库，“{stage}”以项目库的库别调整为准，请在项目库中调整',
    'en-US':
      'This lead is in the project library: “{stage}” comes from the project’s pool moves; move the project there',
  },
  lead_closed: { status: 409, 'zh-CN': '该招商线索已关闭（流失），不能再记录', 'en-US': 'This lead is closed (lost)' },
  lead_converted: {
    status: 409,
    'zh-CN': '该招商线索已转为重点项目',
    'en-US': 'This lead is already a key project',
  },
  commitment_before_signing: {
    status: 409,
    'zh-CN': '招商线索签约后才能登记协议承诺',
    'en-US': 'An agreement’s commitments are recorded once the lead is signed',
  },
  commitment_tax_rebate: {
    status: 422,
    'zh-CN':
      '不能登记税收返还、返税或按纳税额给予奖励的承诺：《公平竞争审查条例》（2024年8月1日起施行）禁止给予特定经营者税收优惠或与其缴纳税收挂钩的奖励、补贴',
    'en-US':
      'A tax rebate, or an incentive tied to the tax the investor pays, cannot be recorded: ' +
      'the Fair Competition Review Regulation (in force since 1 August 2024) bars them',
  },
  demand_linked: {
    status: 409,
    'zh-CN': '该企业诉求已关联到另一个招商协议',
    'en-US': 'This demand is already linked to another agreement',
  },
  lead_not_signed: {
    status: 409,
    'zh-CN': '招商线索签约后才能转为重点项目（当前阶段：{stage}）',
    'en-US': 'A lead becomes a key project once signed (it is at {stage})',
  },
  demand_flood: {
    status: 429,
    'zh-CN': '提交过于频繁：同一{what}{window}内最多提交 {max} 件诉求，请稍后再试或拨打 12345 热线',
    'en-US': 'Too many demands: at most {max} per {what} within {window}; try later or call 12345',
  },
  jurisdiction_unknown: {
    status: 404,
    'zh-CN': '没有编码为“{code}”的县（市、区）开通企业诉求直通车，请核对链接',
    'en-US': 'No county with the code "{code}" runs the enterprise channel; check the link',
  },
  demand_file_flood: {
    status: 429,
    'zh-CN': '上传过于频繁：同一地址 1 小时内最多上传 {max} 个附件，请稍后再试',
    'en-US': 'Too many files: at most {max} per address within an hour; try later',
  },
  demand_files_closed: {
    status: 409,
    'zh-CN': '该诉求已办结或已撤回，不能再添加附件',
    'en-US': 'This demand is closed or withdrawn: no more files can be added',
  },
  demand_not_ratable: {
    status: 409,
    'zh-CN': '该诉求当前不能评价：须在承办单位作出办结答复后评价，且每次答复只能评价一次',
    'en-US': 'This demand cannot be rated now: rate once after each final answer',
  },
  demand_not_withdrawn: {
    status: 409,
    'zh-CN': '只有已撤回的诉求才需要撤单回访',
    'en-US': 'Only a withdrawn demand gets a call-back check',
  },
  withdrawal_checked: {
    status: 409,
    'zh-CN': '该撤单已回访核实过',
    'en-US': 'This withdrawal was already checked',
  },
  challenge_failed: {
    status: 400,
    'zh-CN': '验证题回答不正确或已过期，请重新作答',
    'en-US': 'The check question was answered wrongly or has expired; answer the new one',
  },
  internal: {
    status: 500,
    'zh-CN': '服务器内部错误，请联系管理员并提供请求编号',
    'en-US': 'Internal error; contact the administrator with the request id',
  },
  unavailable: {
    status: 503,
    'zh-CN': '数据库暂不可用，请稍后重试',
    'en-US': 'The database is unavailable for the moment; try again shortly',
  },
} satisfies Record<string, ErrorDef>;

export type ErrorCode = keyof typeof ERRORS;

export function pickLocale(acceptLanguage: string | undefined): Locale {
  if (!acceptLanguage) return 'zh-CN';
  // Honour the first language the client prefers among those we have; Chinese is the default.
  for (const part of acceptLanguage.split(',')) {
    const tag = part.split(';')[0]!.trim().toLowerCase();
    if (tag.startsWith('zh')) return 'zh-CN';
    if (tag.startsWith('en')) return 'en-US';
  }
  return 'zh-CN';
}

export function formatMessage(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => (k in params ? String(params[k]) : `{${k}}`));
}

/** Messages for field-level problems (zod issues and domain checks), by code. */
export const FIELD_MESSAGES: Record<string, { 'zh-CN': string; 'en-US': string }> = {
  required: { 'zh-CN': '必填', 'en-US': 'required' },
  unknown_field: { 'zh-CN': '不允许的字段', 'en-US': 'unknown field' },
  too_long: { 'zh-CN': '长度不能超过 {max}', 'en-US': 'at most {max} characters' },
  too_short: { 'zh-CN': '长度不能少于 {min}', 'en-US': 'at least {min} characters' },
  invalid_type: { 'zh-CN': '类型不正确', 'en-US': 'wrong type' },
  invalid_value: { 'zh-CN': '取值不正确', 'en-US': 'invalid value' },
  invalid_format: { 'zh-CN': '格式不正确', 'en-US': 'invalid format' },
  choose_from_list: { 'zh-CN': '请从列表中选择', 'en-US': 'choose one from the list' },
  case_not_publishable: {
    'zh-CN': '只能通报已作出问责决定（非容错免责、未撤销）的案件',
    'en-US': 'only a case decided with a measure (not exempted, not withdrawn) can be printed',
  },
  one_of: { 'zh-CN': '须为 {options} 之一', 'en-US': 'must be one of {options}' },
  choose_at_least_one: { 'zh-CN': '请至少选择一项', 'en-US': 'choose at least one' },
  too_many_items: { 'zh-CN': '最多 {max} 项', 'en-US': 'at most {max} items' },
  too_few_items: { 'zh-CN': '至少 {min} 项', 'en-US': 'at least {min} items' },
  number_too_big: { 'zh-CN': '不能大于 {max}', 'en-US': 'cannot be more than {max}' },
  number_too_small: { 'zh-CN': '不能小于 {min}', 'en-US': 'cannot be less than {min}' },
  date_too_late: { 'zh-CN': '日期太晚', 'en-US': 'the date is too late' },
  date_too_early: { 'zh-CN': '日期太早', 'en-US': 'the date is too early' },
  not_a_number_value: { 'zh-CN': '请填写数字', 'en-US': 'enter a number' },
  not_a_yes_no: { 'zh-CN': '请选择是或否', 'en-US': 'choose yes or no' },
  not_a_list: { 'zh-CN': '请选择一项或多项', 'en-US': 'choose one or more' },
  not_text: { 'zh-CN': '请填写文字', 'en-US': 'enter text' },
  not_multiple_of: { 'zh-CN': '数值不符合要求的间隔', 'en-US': 'not an allowed step' },
  invalid_date: { 'zh-CN': '请填写日期，如 2026-06-30', 'en-US': 'enter a date such as 2026-06-30' },
  invalid_datetime: { 'zh-CN': '请填写日期和时间', 'en-US': 'enter a date and time' },
  invalid_url: { 'zh-CN': '请填写完整的网址（https://…）', 'en-US': 'enter a full URL (https://…)' },
  invalid_email: { 'zh-CN': '电子邮箱格式不正确', 'en-US': 'not an e-mail address' },
  two_decimals: { 'zh-CN': '最多保留两位小数', 'en-US': 'at most two decimals' },
  not_after_deadline: {
    'zh-CN': '须晚于现在的完成时限（{deadline}）',
    'en-US': 'must be later than the present deadline ({deadline})',
  },
  floor_above_base: { 'zh-CN': '最低分不能高于基础分', 'en-US': 'the floor cannot be above the base score' },
  too_few_classes: {
    'zh-CN': '至少包含大写字母、小写字母、数字、符号中的三类',
    'en-US': 'use at least 3 of: upper case, lower case, digits, symbols',
  },
  contains_username: { 'zh-CN': '不能包含用户名', 'en-US': 'must not contain the username' },
  duplicate_in_file: { 'zh-CN': '与第 {row} 行重复', 'en-US': 'duplicates row {row}' },
  exists: { 'zh-CN': '已存在', 'en-US': 'already exists' },
  unknown_unit: { 'zh-CN': '找不到单位“{name}”', 'en-US': 'no unit named "{name}"' },
  ambiguous_unit: {
    'zh-CN': '“{name}”可指多个单位，请填写全称',
    'en-US': '"{name}" matches several units; use the full name',
  },
  co_unit_is_lead: { 'zh-CN': '配合单位不能与牵头单位相同', 'en-US': 'a co-operating unit cannot be the lead unit' },
  not_a_leader: { 'zh-CN': '须为县级领导', 'en-US': 'must be a leader' },
  task_force_lead_unit: {
    'zh-CN': '交给“{name}”的任务须由专班的牵头单位承办',
    'en-US': 'a task given to “{name}” is undertaken by its lead unit',
  },
  period_too_long: { 'zh-CN': '统计时段不能超过 {max} 年', 'en-US': 'the period cannot be longer than {max} years' },
  end_date_before_start: { 'zh-CN': '结束日期不能早于开始日期', 'en-US': 'cannot be before the start date' },
  not_in_lead_unit: { 'zh-CN': '责任人须属于牵头单位', 'en-US': 'the responsible person must belong to the lead unit' },
  deadline_past: { 'zh-CN': '不能早于今天', 'en-US': 'cannot be before today' },
  lateral_handoff: {
    'zh-CN': '乡镇（园区）只能向下级分解任务，不能横向交给“{name}”；确需其承办的，请报督查室交办',
    'en-US':
      'a township or park breaks its task down only to units under it, not across to “{name}”; ' +
      'ask the supervision office to assign it',
  },
  after_parent: {
    'zh-CN': '不能晚于上级任务时限 {parent}',
    'en-US': 'cannot be later than the parent task’s deadline {parent}',
  },
  after_deadline: { 'zh-CN': '节点不能晚于完成时限', 'en-US': 'a milestone cannot be after the deadline' },
  date_in_future: { 'zh-CN': '不能晚于今天', 'en-US': 'cannot be after today' },
  before_found: { 'zh-CN': '整改时限不能早于发现日期', 'en-US': 'cannot be before the day it was found' },
  as_of_future: {
    'zh-CN': '查看日期（asOf）不能晚于今天（{today}）：未来的数字尚未发生，计划请看年度计划投资',
    'en-US':
      'the as-of date (asOf) cannot be after today ({today}): the future has no figures yet; see the yearly plans for what is planned',
  },
  before_children: {
    'zh-CN': '不能早于未办结子任务的时限（{child}）',
    'en-US': 'cannot be before an open sub-task’s deadline ({child})',
  },
  totp_invalid: { 'zh-CN': '动态验证码错误', 'en-US': 'The one-time code is wrong' },
  totp_not_enabled: { 'zh-CN': '尚未启用动态验证码', 'en-US': 'the second factor is not enabled' },
  webhook_target_private: {
    'zh-CN': '不能推送到本机、内网或链路本地地址（{address}）',
    'en-US': 'cannot deliver to a loopback, private or link-local address ({address})',
  },
  webhook_target_unresolved: { 'zh-CN': '无法解析该地址的主机名', 'en-US': 'the host name does not resolve' },
  unknown_role: { 'zh-CN': '未知角色“{name}”', 'en-US': 'unknown role "{name}"' },
  unknown_reference: { 'zh-CN': '引用的对象不存在', 'en-US': 'refers to nothing' },
  chair_not_self: {
    'zh-CN': '分管领导只能登记本人主持的会议',
    'en-US': 'a leader records only the meetings he or she chairs',
  },
  duplicate_entry: { 'zh-CN': '重复列出', 'en-US': 'listed twice' },
  evidence_missing: { 'zh-CN': '请上传佐证材料', 'en-US': 'Upload the evidence' },
  evidence_other_item: {
    'zh-CN': '这份材料是其他任务的佐证，不能用于本任务',
    'en-US': 'this file is evidence of another task and cannot prove this one',
  },
  not_own_unit: { 'zh-CN': '只能填报本单位负责的项目', 'en-US': 'only projects your unit is responsible for' },
  not_township: { 'zh-CN': '须为乡镇或园区', 'en-US': 'must be a township or park' },
  end_before_start: { 'zh-CN': '竣工年份不能早于开工年份', 'en-US': 'cannot be before the start year' },
  plans_over_total: {
    'zh-CN': '各年度计划投资之和不能超过总投资',
    'en-US': 'the yearly plans cannot add up to more than the total investment',
  },
  office_only: {
    'zh-CN': '节点由督查室或主要领导安排',
    'en-US': 'milestones are planned by the supervision office or a principal',
  },
  milestones_issued: { 'zh-CN': '节点已交办，不能更换', 'en-US': 'milestones are already issued; cannot change' },
  month_in_future: { 'zh-CN': '不能晚于本月', 'en-US': 'cannot be after this month' },
  before_start: { 'zh-CN': '早于项目开工年份 {year}', 'en-US': 'before the project’s start year {year}' },
  reason_over_remaining: {
    'zh-CN': '超过剩余未完成投资 {remaining} 万元，须填写原因',
    'en-US': 'exceeds the remaining {remaining} 万元: a reason is required',
  },
  before_last_move: { 'zh-CN': '不能早于上一次调整日期 {last}', 'en-US': 'cannot be before the last move ({last})' },
  same_pool: { 'zh-CN': '项目已在该库', 'en-US': 'the project is already in this pool' },
  outside_boundary: {
    'zh-CN': '坐标不在县域边界（{name}）内',
    'en-US': 'the point is outside the county boundary ({name})',
  },
  invalid_geojson: {
    'zh-CN': '不是有效的 GeoJSON 面（Polygon/MultiPolygon）',
    'en-US': 'not a valid GeoJSON Polygon or MultiPolygon',
  },
  ring_not_closed: {
    'zh-CN': '边界线未闭合（首末点须相同）',
    'en-US': 'the ring is not closed (first and last points must be equal)',
  },
  ring_too_short: { 'zh-CN': '边界线至少需要 4 个点', 'en-US': 'a ring needs at least 4 points' },
  too_many_points: { 'zh-CN': '边界点数过多（最多 200000 个）', 'en-US': 'too many points (at most 200,000)' },
  not_in_round: { 'zh-CN': '该项目不在本轮调度范围内', 'en-US': 'the project is not part of this round' },
  cutoff_outside_week: {
    'zh-CN': '截止日期须在本周内或下周内',
    'en-US': 'the cut-off must fall in this week or the next',
  },
  credit_code_length: {
    'zh-CN': '统一社会信用代码须为 18 位',
    'en-US': 'the unified social credit code has 18 characters',
  },
  credit_code_characters: {
    'zh-CN': '统一社会信用代码只含数字和大写字母（不用 I、O、S、V、Z）',
    'en-US': 'the unified social credit code has only digits and capitals (no I, O, S, V, Z)',
  },
  credit_code_region: {
    'zh-CN': '统一社会信用代码第 3–8 位须为行政区划码（6 位数字）',
    'en-US': 'characters 3–8 of the unified social credit code are a region code (6 digits)',
  },
  credit_code_check: {
    'zh-CN': '统一社会信用代码校验位不对：按 GB 32100 第 18 位应为“{expected}”，请核对',
    'en-US': 'the check character of the unified social credit code is wrong: GB 32100 gives "{expected}"',
  },
  credit_code_taken: {
    'zh-CN': '该统一社会信用代码已登记为“{name}”',
    'en-US': 'this unified social credit code is already registered as "{name}"',
  },
  division_not_in_section: {
    'zh-CN': '行业大类 {division} 不属于门类 {section}',
    'en-US': 'industry division {division} is not in section {section}',
  },
  not_township_or_park: { 'zh-CN': '所在乡镇（园区）须为乡镇或园区', 'en-US': 'must be a township or park' },
  liaison_leader_required: {
    'zh-CN': '重点企业须由县级领导包联',
    'en-US': 'a key enterprise is 包联 by a county leader',
  },
  jurisdiction_required: {
    'zh-CN': '本平台服务多个县（市、区），请先选择诉求所在的县（市、区）',
    'en-US': 'this platform serves several counties: choose the county first',
  },
  liaison_since_early: {
    'zh-CN': '包联调整日期不能早于现包联的起始日期 {from}',
    'en-US': 'cannot be before {from}, the day the current 包联 began',
  },
  liaison_since_range: {
    'zh-CN': '包联起始日期须在本季度内（{from} 起）且不晚于今天：已过季度的包联不再改动',
    'en-US': 'must lie in this quarter (from {from}) and not after today: past quarters are not changed',
  },
  liaison_unit_required: {
    'zh-CN': '非重点企业须有包联单位',
    'en-US': 'an enterprise that is not key needs a 包联 unit',
  },
  received_in_future: { 'zh-CN': '受理时间不能晚于现在', 'en-US': 'cannot be later than now' },
  handling_unit_required: {
    'zh-CN': '请选择承办单位（该企业没有包联单位）',
    'en-US': 'choose the handling unit (the enterprise has no 包联 unit)',
  },
  already_member: { 'zh-CN': '该企业已在库中', 'en-US': 'the enterprise is already in the library' },
  stage_backwards: {
    'zh-CN': '阶段只进不退：当前为“{from}”，不能改为“{to}”',
    'en-US': 'stages only move forward: now "{from}", cannot become "{to}"',
  },
  before_last_stage: { 'zh-CN': '日期不能早于上一阶段日期 {date}', 'en-US': 'cannot be before {date}, the last stage' },
  member_left: { 'zh-CN': '该企业已出库', 'en-US': 'the enterprise has left the library' },
  visit_in_future: { 'zh-CN': '走访日期不能晚于今天', 'en-US': 'cannot be later than today' },
  not_met_on_visit: {
    'zh-CN': '诉求的企业须是本次走访的企业',
    'en-US': 'must be one of the enterprises met on this visit',
  },
  visit_needs_someone: {
    'zh-CN': '请选择参加走访的领导或单位',
    'en-US': 'choose the leaders or units who went',
  },
  mobile_invalid: { 'zh-CN': '手机号码须为 11 位数字', 'en-US': 'a mobile number has 11 digits' },
  unknown_indicator: { 'zh-CN': '找不到指标“{name}”{hint}', 'en-US': 'no indicator named "{name}"{hint}' },
  not_own_indicator: {
    'zh-CN': '无权填报指标“{name}”（由{unit}负责）',
    'en-US': 'you may not enter "{name}" (kept by {unit})',
  },
  period_invalid: {
    'zh-CN': '无法识别的期间“{text}”，请写成 2026-05 或 2026年1-5月',
    'en-US': 'cannot read the period "{text}"; write 2026-05 or 2026年1-5月',
  },
  period_frequency: {
    'zh-CN': '期间“{text}”与指标的统计频度（{frequency}）不符',
    'en-US': 'the period "{text}" does not match the indicator’s frequency ({frequency})',
  },
  period_not_come: {
    'zh-CN': '{period} 期尚未到来：只能报送本期或此前漏报的各期',
    'en-US': 'the period {period} has not come yet: report the current period or a missed earlier one',
  },
  period_cadence: {
    'zh-CN': '“{period}”不是本任务报送频次的期次',
    'en-US': '"{period}" is not a period of this task\'s reporting cadence',
  },
  period_future: { 'zh-CN': '{period}尚未结束，不能填报', 'en-US': '{period} has not ended yet' },
  unknown_county: {
    'zh-CN': '“{name}”不在已配置的对比县（市、区）中，请先添加',
    'en-US': '"{name}" is not among the configured peer counties; add it first',
  },
  not_a_number: {
    'zh-CN': '“{text}”不是数字（单位请填在计量单位列）',
    'en-US': '"{text}" is not a number (put the unit in its own column)',
  },
  unit_incompatible: {
    'zh-CN': '单位“{from}”不能换算为指标单位“{to}”',
    'en-US': 'the unit "{from}" does not convert to the indicator’s unit "{to}"',
  },
  unit_converted: { 'zh-CN': '已由{from}换算为{to}：{value}', 'en-US': 'converted from {from} to {to}: {value}' },
  units_mixed: {
    'zh-CN': '本文件中该指标混用了{units}，已统一换算为{to}，请核对',
    'en-US': 'this file mixes {units} for the indicator; all converted to {to}, please check',
  },
  magnitude_suspect: {
    'zh-CN': '数值与前期（{ref}）相差千倍以上，疑似万元与亿元混用',
    'en-US': 'the value is over 1,000 times off the earlier one ({ref}): 万元 and 亿元 mixed?',
  },
  cumulative_decreased: {
    'zh-CN': '累计值 {value} 低于上期的 {previous}',
    'en-US': 'the cumulative value {value} is below the previous period’s {previous}',
  },
  growth_mismatch: {
    'zh-CN': '填报增速 {reported}% 与按数值计算的 {computed}% 不符',
    'en-US': 'the reported growth {reported}% differs from the {computed}% the values give',
  },
  missing_period: { 'zh-CN': '缺少 {periods} 的数据', 'en-US': 'no data for {periods}' },
  nul_character: { 'zh-CN': '含有空字符（\\0），请删除后重试', 'en-US': 'contains a NUL character (\\0); remove it' },
  control_character: {
    'zh-CN': '含有不可打印的控制字符，请删除后重试',
    'en-US': 'contains a non-printing control character; remove it',
  },
  lone_surrogate: {
    'zh-CN': '含有残缺的字符（不成对的代理项），请重新输入',
    'en-US': 'contains a broken character (a lone UTF-16 surrogate); type it again',
  },
  invisible_only: {
    'zh-CN': '只有不可见字符（如零宽空格），请填写实际内容',
    'en-US': 'holds only invisible characters (such as zero-width spaces); enter real text',
  },
  formula_without_value: {
    'zh-CN': '公式“{value}”没有计算结果，请在 Excel/WPS 中打开、保存后再导入，或改为数值',
    'en-US': 'the formula "{value}" has no calculated value; open and save the file in Excel/WPS, or enter the value',
  },
  error_value: {
    'zh-CN': '单元格是错误值 {value}，请改正后再导入',
    'en-US': 'the cell holds the error value {value}; correct it first',
  },
  empty_document: { 'zh-CN': '文件没有文字内容（空文件）', 'en-US': 'the file has no text (it is empty)' },
  image_only_document: {
    'zh-CN': 'Word 文件中只有图片、没有文字（可能是扫描件），请上传文字版或粘贴正文',
    'en-US': 'the Word file holds only images, no text (a scan?); upload a text version or paste the text',
  },
  unsupported_document: {
    'zh-CN': '只支持 .txt（UTF-8 或 GBK）、.docx、.doc/.wps 和带文字层的 .pdf 文件，或直接粘贴正文',
    'en-US': 'only .txt (UTF-8 or GBK), .docx, .doc/.wps and .pdf files with a text layer, or pasted text',
  },
  scanned_pdf: {
    'zh-CN': 'PDF 中没有文字层（可能是扫描件），暂不支持文字识别，请上传文字版或粘贴正文',
    'en-US': 'the PDF has no text layer (a scan?); there is no OCR yet: upload a text version or paste the text',
  },
  unreadable_pdf: {
    'zh-CN': '无法读取该 PDF（可能已损坏或加密）',
    'en-US': 'the PDF cannot be read (damaged or encrypted?)',
  },
  unreadable_document: {
    'zh-CN': '无法转换该文档（可能已损坏或加密）',
    'en-US': 'the document cannot be converted (damaged or encrypted?)',
  },
  converter_missing: {
    'zh-CN': '服务器未安装 {tool}，无法读取 {kind} 文件；请另存为 .docx 或粘贴正文，或请管理员安装',
    'en-US':
      '{tool} is not installed on the server, so {kind} files cannot be read; ' +
      'save as .docx or paste the text, or ask the administrator to install it',
  },
  document_too_large: { 'zh-CN': '文件超过 {max} MB', 'en-US': 'the file is larger than {max} MB' },
  file_refused: { 'zh-CN': '文件不能接收：{reason}', 'en-US': 'the file cannot be accepted: {reason}' },
  too_many_files: { 'zh-CN': '每件诉求最多 {max} 个附件', 'en-US': 'at most {max} files per demand' },
  not_a_docx: {
    'zh-CN': '不是有效的 .docx 文件（无法读取正文）',
    'en-US': 'not a valid .docx file (no document body)',
  },
  candidate_state: {
    'zh-CN': '该候选任务当前状态（{state}）下不能执行此操作',
    'en-US': 'not possible while the candidate is {state}',
  },
  split_outside_quote: {
    'zh-CN': '拆分位置须在原文引文之内，且两段都有文字',
    'en-US': 'the split point must fall inside the quote, leaving text on both sides',
  },
  merge_needs_two: { 'zh-CN': '至少选择两项候选任务才能合并', 'en-US': 'choose at least two candidates to merge' },
  proposed_unit: {
    'zh-CN': '“{name}”不在单位库中（建议新增的单位），请选择已有单位',
    'en-US': '"{name}" is not in the unit list (a proposed new unit); choose an existing unit',
  },
  not_accepted: { 'zh-CN': '未采纳的候选任务不能交办', 'en-US': 'only accepted candidates are issued' },
  case_subject_required: {
    'zh-CN': '请写明问责对象：被问责的人员或单位，至少一项',
    'en-US': 'name whom the case is against: people, a unit, or both',
  },
  unknown_unit_id: { 'zh-CN': '被问责单位不存在', 'en-US': 'no such unit' },
  unknown_person: { 'zh-CN': '被问责人员不存在', 'en-US': 'no such person' },
  item_tolerated: {
    'zh-CN': '事项“{title}”已容错免责（{case}），不再问责',
    'en-US': '“{title}” was exempted by a 容错 decision ({case}) and cannot found another case',
  },
  unknown_measure: {
    'zh-CN': '问责方式“{name}”不在本县的问责方式清单中',
    'en-US': 'the measure “{name}” is not on the county’s list of measures',
  },
  unknown_condition: {
    'zh-CN': '容错情形“{name}”不在本县的容错情形清单中',
    'en-US': 'the condition “{name}” is not on the county’s list of 容错 conditions',
  },
  before_opened: {
    'zh-CN': '决定日期不能早于立案日期 {opened}',
    'en-US': 'cannot be before the case was opened ({opened})',
  },
  before_last_event: { 'zh-CN': '不能早于上一次记录日期 {last}', 'en-US': 'cannot be before the last record ({last})' },
  before_signing: { 'zh-CN': '不能早于签约日期 {signed}', 'en-US': 'cannot be before the signing ({signed})' },
  commitment_tax_rebate: {
    'zh-CN': '《公平竞争审查条例》禁止税收返还或与纳税额挂钩的奖励',
    'en-US': 'the Fair Competition Review Regulation bars tax rebates and tax-linked incentives',
  },
  commitment_type_of_side: {
    'zh-CN':
      '该承诺类型不属于所选一方（投资方：投资到位、开工、投产、亩均税收、就业；县方：交地、供电、供水、政策兑现）',
    'en-US': 'this type is not one of the chosen side’s commitments',
  },
  investor_side_unit: {
    'zh-CN': '投资方承诺由线索的责任单位跟踪，不另指定办理单位',
    'en-US': 'an investor’s commitment is followed by the lead’s responsible unit',
  },
  lost_reason_required: { 'zh-CN': '请填写流失原因', 'en-US': 'give the reason the lead was lost' },
  stage_not_forward: {
    'zh-CN': '阶段只能向前推进：当前为“{current}”，不能改为“{to}”',
    'en-US': 'the stage only moves forward: “{current}” cannot go to “{to}”',
  },
  stage_from_project: {
    'zh-CN': '“{stage}”以重点项目库的库别调整为准，不在线索中填报',
    'en-US': '“{stage}” comes from the project library’s pool moves, not typed on the lead',
  },
  lead_closed: { 'zh-CN': '线索已关闭（流失）', 'en-US': 'the lead is closed (lost)' },
  anchor_not_member: {
    'zh-CN': '链主企业须是该环节的本地企业',
    'en-US': 'a chain leader must be one of the link’s enterprises',
  },
  not_own_unit_lead: { 'zh-CN': '只能填报本单位负责的事项', 'en-US': 'only for your own unit' },
  link_not_of_chain: { 'zh-CN': '产业链环节不属于所选产业链', 'en-US': 'the link is not part of the chosen chain' },
  max_below_min: { 'zh-CN': '需求上限不能小于下限', 'en-US': 'the upper bound cannot be below the lower bound' },
  tier_of_parent: {
    'zh-CN': '细分环节须与上级环节同属“{tier}”',
    'en-US': 'a finer link belongs to its parent’s tier ({tier})',
  },
  project_has_lead: { 'zh-CN': '该项目已关联其他招商线索', 'en-US': 'the project is already linked to another lead' },
  site_revitalised: { 'zh-CN': '该地块（厂房）已盘活', 'en-US': 'the site is already revitalised' },
  stall_yellow_positive: { 'zh-CN': '黄灯天数须大于 0', 'en-US': 'the days before yellow must be more than 0' },
  stall_red_after_yellow: {
    'zh-CN': '红灯天数须大于黄灯天数（{yellow} 天）',
    'en-US': 'the days before red must be more than the days before yellow ({yellow})',
  },
  site_photo_not_image: { 'zh-CN': '现场照片只接受 JPG、PNG 图片', 'en-US': 'a photo must be a JPG or PNG image' },
  site_photos_full: { 'zh-CN': '每个地块最多 {max} 张照片', 'en-US': 'at most {max} photos per site' },
  same_state: { 'zh-CN': '已是该状态', 'en-US': 'already in this state' },
  rank_out_of_range: { 'zh-CN': '排名须在 1 至 {max} 之间', 'en-US': 'the rank must be between 1 and {max}' },
};
