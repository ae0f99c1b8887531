import type { UnitKind } from '../../shared/org';
import type { Role } from '../../shared/roles';

/**
 * The demo county, as data. Deterministic: the same lists every time, so screenshots, tests and the
 * README agree. The county is fictional; its offices are those every Chinese county has.
 */
export const DEMO_JURISDICTION = { code: 'demo-yunxi', name: '云溪县（演示）' };
export const DEMO_PASSWORD = 'Luoshi@2026';

export interface DemoUnit {
  code: string;
  name: string;
  shortName: string;
  aliases: string[];
  kind: UnitKind;
  parent?: string;
}

const departments: [string, string, string, string[]][] = [
  ['fgj', '县发展和改革局', '发改局', ['县发改局']],
  ['jfj', '县经济发展局', '经发局', ['县经发局']],
  ['czj', '县财政局', '财政局', []],
  ['zjj', '县住房和城乡建设局', '住建局', ['县住建局']],
  ['zrzyj', '县自然资源局', '自然资源局', ['自规局']],
  ['sthj', '市生态环境局云溪分局', '生态环境分局', ['县生态环境分局', '环保局']],
  ['zsfw', '县招商服务中心', '招商服务中心', ['招商中心']],
  ['kjj', '县科学技术局', '科技局', ['县科技局']],
  ['jyj', '县教育局', '教育局', ['教体局']],
  ['wjj', '县卫生健康局', '卫健局', ['县卫健局']],
  ['nyncj', '县农业农村局', '农业农村局', ['农业局']],
  ['jtysj', '县交通运输局', '交通运输局', ['交通局']],
  ['yjglj', '县应急管理局', '应急管理局', ['应急局']],
  ['jrb', '县金融工作办公室', '金融办', ['县金融办']],
];

const townships: [string, string][] = [
  ['cgz', '城关镇'],
  ['hxz', '河西镇'],
  ['dhz', '东湖镇'],
  ['byz', '白云镇'],
  ['qsz', '青石镇'],
  ['llz', '柳林镇'],
  ['tyx', '桃源乡'],
  ['smx', '石门乡'],
  ['lqz', '龙泉镇'],
  ['xzz', '新庄镇'],
  ['mlx', '梅岭乡'],
  ['sxz', '双溪镇'],
];

export const DEMO_UNITS: DemoUnit[] = [
  { code: 'xwb', name: '中共云溪县委办公室', shortName: '县委办', aliases: ['县委办公室'], kind: 'party_office' },
  {
    code: 'zfb',
    name: '云溪县人民政府办公室',
    shortName: '县政府办',
    aliases: ['县政府办公室', '政府办'],
    kind: 'government_office',
  },
  {
    code: 'dcs',
    name: '县委县政府督查室',
    shortName: '督查室',
    aliases: ['督查室', '县督查室'],
    kind: 'supervision',
    parent: 'xwb',
  },
  ...departments.map(([code, name, shortName, aliases]) => ({
    code,
    name,
    shortName,
    aliases: [shortName, ...aliases],
    kind: 'department' as const,
  })),
  ...townships.map(([code, name]) => ({
    code,
    name: `${name}人民政府`,
    shortName: name,
    aliases: [name],
    kind: 'township' as const,
  })),
  {
    code: 'kfq',
    name: '云溪经济开发区管理委员会',
    shortName: '开发区',
    aliases: ['经开区', '开发区管委会'],
    kind: 'park',
  },
];

export interface DemoPerson {
  username: string;
  displayName: string;
  unit: string;
  title: string;
  roles: Role[];
  leads?: string[];
}

const leaders: DemoPerson[] = [
  { username: 'wangjianguo', displayName: '王建国', unit: 'xwb', title: '县委书记', roles: ['principal'] },
  { username: 'limingzhe', displayName: '李明哲', unit: 'zfb', title: '县委副书记、县长', roles: ['principal'] },
  {
    username: 'zhaozhiqiang',
    displayName: '赵志强',
    unit: 'zfb',
    title: '常务副县长',
    roles: ['leader'],
    leads: ['fgj', 'czj', 'jrb', 'zsfw', 'kfq', 'cgz', 'hxz'],
  },
  {
    username: 'gongying',
    displayName: '龚颖',
    unit: 'zfb',
    title: '副县长',
    roles: ['leader'],
    leads: ['jfj', 'kjj', 'zrzyj', 'zjj', 'jtysj', 'dhz', 'byz', 'qsz'],
  },
  {
    username: 'linchong',
    displayName: '林冲',
    unit: 'zfb',
    title: '副县长',
    roles: ['leader'],
    leads: ['sthj', 'yjglj'],
  },
  {
    username: 'chenhui',
    displayName: '陈辉',
    unit: 'zfb',
    title: '副县长',
    roles: ['leader'],
    leads: ['jyj', 'wjj', 'llz', 'tyx', 'smx'],
  },
  {
    username: 'liuyang',
    displayName: '刘洋',
    unit: 'zfb',
    title: '副县长',
    roles: ['leader'],
    leads: ['nyncj', 'lqz', 'xzz', 'mlx', 'sxz'],
  },
  { username: 'sunli', displayName: '孙立', unit: 'dcs', title: '督查室主任', roles: ['supervision_office'] },
  { username: 'zhoumin', displayName: '周敏', unit: 'dcs', title: '督查室科员', roles: ['supervision_office'] },
  { username: 'sysadmin', displayName: '系统管理员', unit: 'zfb', title: '信息中心', roles: ['system_admin'] },
  { username: 'secadmin', displayName: '安全管理员', unit: 'zfb', title: '信息中心', roles: ['security_admin'] },
  { username: 'auditadmin', displayName: '审计管理员', unit: 'zfb', title: '信息中心', roles: ['audit_admin'] },
];

// Deterministic clerk names: surname and given name picked by the unit's position in the list.
const SURNAMES = [
  '张',
  '刘',
  '陈',
  '杨',
  '黄',
  '吴',
  '徐',
  '孙',
  '马',
  '朱',
  '胡',
  '郭',
  '何',
  '林',
  '高',
  '罗',
  '郑',
  '梁',
  '谢',
  '宋',
  '唐',
  '许',
  '韩',
  '冯',
  '邓',
  '曹',
  '彭',
  '曾',
  '肖',
  '田',
  '董',
  '潘',
];
const GIVEN = [
  '伟',
  '芳',
  '娜',
  '敏',
  '静',
  '丽',
  '强',
  '磊',
  '军',
  '洋',
  '勇',
  '艳',
  '杰',
  '娟',
  '涛',
  '明',
  '超',
  '秀英',
  '霞',
  '平',
  '刚',
  '桂英',
  '华',
  '鹏',
  '玲',
  '斌',
  '宇',
  '浩',
  '凯',
  '晨',
  '婷',
  '欣',
];

export const DEMO_PEOPLE: DemoPerson[] = [
  ...leaders,
  ...DEMO_UNITS.map((u, i) => ({
    username: `${u.code}.clerk`,
    displayName: SURNAMES[i % SURNAMES.length]! + GIVEN[(i * 7) % GIVEN.length]!,
    unit: u.code,
    title: `${u.shortName}经办人`,
    roles: ['unit_clerk'] as Role[],
  })),
  ...['fgj', 'jfj', 'zjj', 'cgz', 'kfq'].map((code, i) => ({
    username: `${code}.admin`,
    displayName: SURNAMES[(i + 11) % SURNAMES.length]! + GIVEN[(i * 5 + 3) % GIVEN.length]!,
    unit: code,
    title: '单位管理员',
    roles: ['unit_admin'] as Role[],
  })),
];

/** The accounts the README and the sign-in page list, one per role. */
export const DEMO_ACCOUNTS: { username: string; label: string }[] = [
  { username: 'wangjianguo', label: '主要领导（县委书记）' },
  { username: 'limingzhe', label: '主要领导（县长）' },
  { username: 'gongying', label: '分管领导（副县长）' },
  { username: 'sunli', label: '督查室' },
  { username: 'fgj.clerk', label: '单位经办人（发改局；每个单位都有 <单位代码>.clerk）' },
  { username: 'fgj.admin', label: '单位管理员（发改局）' },
  { username: 'sysadmin', label: '系统管理员' },
  { username: 'secadmin', label: '安全管理员' },
  { username: 'auditadmin', label: '审计管理员' },
];
