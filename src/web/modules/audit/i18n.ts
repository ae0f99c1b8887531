import { moduleDictionary } from '../../lib/module-i18n';

type Pair = { 'zh-CN': string; 'en-US': string };

/**
 * The action codes the server records (grep `action:` under src/server), in words an auditor reads. A code not
 * listed is shown raw: the raw code is always shown beside the label anyway, so nothing is hidden by a stale list.
 */
export const ACTION_LABELS: Record<string, Pair> = {
  'auth.login': { 'zh-CN': '登录', 'en-US': 'Sign in' },
  'auth.logout': { 'zh-CN': '退出', 'en-US': 'Sign out' },
  'auth.password.change': { 'zh-CN': '修改密码', 'en-US': 'Change password' },
  'auth.password.reset': { 'zh-CN': '重置密码', 'en-US': 'Reset password' },
  'auth.unlock': { 'zh-CN': '解锁账户', 'en-US': 'Unlock account' },
  'auth.totp.enable': { 'zh-CN': '启用动态验证码', 'en-US': 'Enable two-factor' },
  'auth.totp.reset': { 'zh-CN': '重置动态验证码', 'en-US': 'Reset two-factor' },
  'access.denied': { 'zh-CN': '越权访问被拒', 'en-US': 'Access denied' },
  'unit.create': { 'zh-CN': '新建单位', 'en-US': 'Create unit' },
  'unit.update': { 'zh-CN': '修改单位', 'en-US': 'Edit unit' },
  'unit.move': { 'zh-CN': '移动单位', 'en-US': 'Move unit' },
  'unit.deactivate': { 'zh-CN': '停用单位', 'en-US': 'Deactivate unit' },
  'unit.reactivate': { 'zh-CN': '恢复单位', 'en-US': 'Reactivate unit' },
  'person.create': { 'zh-CN': '新建人员', 'en-US': 'Create person' },
  'person.update': { 'zh-CN': '修改人员', 'en-US': 'Edit person' },
  'person.deactivate': { 'zh-CN': '停用账户', 'en-US': 'Deactivate account' },
  'person.reactivate': { 'zh-CN': '恢复账户', 'en-US': 'Reactivate account' },
  'person.roles': { 'zh-CN': '角色变更', 'en-US': 'Change roles' },
  'person.export': { 'zh-CN': '导出人员', 'en-US': 'Export people' },
  'org.import.preview': { 'zh-CN': '导入单位人员（校验）', 'en-US': 'Org import: check' },
  'org.import.commit': { 'zh-CN': '导入单位人员（提交）', 'en-US': 'Org import: commit' },
  'token.create': { 'zh-CN': '创建 API 令牌', 'en-US': 'Create API token' },
  'token.revoke': { 'zh-CN': '吊销 API 令牌', 'en-US': 'Revoke API token' },
  'audit.view': { 'zh-CN': '查看审计日志', 'en-US': 'View audit log' },
  'audit.export': { 'zh-CN': '导出审计日志', 'en-US': 'Export audit log' },
  'audit.verify': { 'zh-CN': '校验哈希链', 'en-US': 'Verify hash chain' },
  'audit.chain.keyed': { 'zh-CN': '审计链启用密钥', 'en-US': 'Audit chain keyed' },
  'task.create': { 'zh-CN': '新建督办事项', 'en-US': 'Create task' },
  'task.subtask': { 'zh-CN': '分解子任务', 'en-US': 'Create sub-task' },
  'task.update': { 'zh-CN': '修改督办事项', 'en-US': 'Edit task' },
  'task.assign': { 'zh-CN': '交办', 'en-US': 'Assign' },
  'task.accept': { 'zh-CN': '签收', 'en-US': 'Accept' },
  'task.return': { 'zh-CN': '退回', 'en-US': 'Return' },
  'task.reassign': { 'zh-CN': '改派', 'en-US': 'Reassign' },
  'task.report': { 'zh-CN': '报送进展', 'en-US': 'Report progress' },
  'task.requestClose': { 'zh-CN': '申请办结', 'en-US': 'Request close' },
  'task.close': { 'zh-CN': '销账', 'en-US': 'Close' },
  'task.reject': { 'zh-CN': '驳回办结', 'en-US': 'Reject close' },
  'task.cancel': { 'zh-CN': '撤销', 'en-US': 'Cancel' },
  'task.requestExtension': { 'zh-CN': '申请延期', 'en-US': 'Request extension' },
  'task.decideExtension': { 'zh-CN': '审批延期', 'en-US': 'Decide extension' },
  'task.urge': { 'zh-CN': '催办', 'en-US': 'Urge' },
  'task.export': { 'zh-CN': '导出台账', 'en-US': 'Export ledger' },
  'task.import.preview': { 'zh-CN': '导入台账（校验）', 'en-US': 'Ledger import: check' },
  'task.import.commit': { 'zh-CN': '导入台账（提交）', 'en-US': 'Ledger import: commit' },
  'calendar.set': { 'zh-CN': '修改工作日历', 'en-US': 'Edit calendar' },
  'calendar.import': { 'zh-CN': '导入节假日', 'en-US': 'Import holidays' },
  'settings.lights': { 'zh-CN': '修改亮灯规则', 'en-US': 'Edit light rules' },
  'webhook.create': { 'zh-CN': '新建消息推送', 'en-US': 'Create webhook' },
  'webhook.update': { 'zh-CN': '修改消息推送', 'en-US': 'Edit webhook' },
};

export const OBJECT_LABELS: Record<string, Pair> = {
  session: { 'zh-CN': '会话', 'en-US': 'Session' },
  unit: { 'zh-CN': '单位', 'en-US': 'Unit' },
  person: { 'zh-CN': '人员', 'en-US': 'Person' },
  task: { 'zh-CN': '督办事项', 'en-US': 'Task' },
  route: { 'zh-CN': '接口', 'en-US': 'Endpoint' },
  import_batch: { 'zh-CN': '导入批次', 'en-US': 'Import batch' },
  api_token: { 'zh-CN': 'API 令牌', 'en-US': 'API token' },
  calendar: { 'zh-CN': '工作日历', 'en-US': 'Calendar' },
  calendar_day: { 'zh-CN': '日历日期', 'en-US': 'Calendar day' },
  jurisdiction: { 'zh-CN': '辖区', 'en-US': 'Jurisdiction' },
  webhook: { 'zh-CN': '消息推送', 'en-US': 'Webhook' },
};

export const RESULT_LABELS: Record<string, Pair & { color: string }> = {
  success: { 'zh-CN': '成功', 'en-US': 'Success', color: 'green' },
  failure: { 'zh-CN': '失败', 'en-US': 'Failure', color: 'red' },
  denied: { 'zh-CN': '拒绝', 'en-US': 'Denied', color: 'orange' },
};

const zh = {
  title: '审计日志',
  intro:
    '记录每次登录、权限与角色变更、数据变更、导入导出和日志查看；每条记录带上一条的哈希，任何改动都会使校验失败。查看本页本身也会记入日志。',
  verify: '校验哈希链',
  verifyOk: '哈希链完整：已校验 {n} 条记录，未发现篡改',
  verifyBroken: '哈希链在第 {seq} 条记录处断裂（共校验 {n} 条）：该条或其前一条记录可能被改动或删除，请立即核查',
  exportExcel: '导出 Excel',
  from: '开始日期',
  to: '结束日期',
  action: '操作',
  result: '结果',
  q: '用户、IP、对象、请求编号',
  query: '查询',
  empty: '没有符合条件的记录',
  total: '共 {n} 条',
  seq: '序号',
  time: '时间（北京时间）',
  user: '用户',
  roles: '角色',
  ip: 'IP 地址',
  object: '对象',
  requestId: '请求编号',
  hash: '哈希',
  detail: '详情',
  anonymous: '（未登录）',
  onlyAuditAdmin: '审计日志只限审计管理员查看',
  noPermission: '无权访问',
};
const en: Record<keyof typeof zh, string> = {
  title: 'Audit log',
  intro:
    'Every sign-in, permission and role change, data change, import, export ' +
    'and log view is recorded; each record carries the hash of the one before, ' +
    'so any change makes verification fail. Viewing this page is recorded too.',
  verify: 'Verify hash chain',
  verifyOk: 'The chain is intact: {n} records checked, no tampering found',
  verifyBroken:
    'The chain breaks at record {seq} ({n} checked): that record or the one before was changed or removed; investigate now',
  exportExcel: 'Export Excel',
  from: 'From',
  to: 'To',
  action: 'Action',
  result: 'Result',
  q: 'User, IP, object, request id',
  query: 'Search',
  empty: 'No records match',
  total: '{n} records',
  seq: 'No.',
  time: 'Time (Beijing)',
  user: 'User',
  roles: 'Roles',
  ip: 'IP address',
  object: 'Object',
  requestId: 'Request id',
  hash: 'Hash',
  detail: 'Detail',
  anonymous: '(not signed in)',
  onlyAuditAdmin: 'Only the audit administrator reads the audit log',
  noPermission: 'Not allowed',
};

export const useAuditT = moduleDictionary(zh, en);
