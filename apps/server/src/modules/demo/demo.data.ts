/**
 * The demo alliances: pure data, no I/O. Modelled on the published reports in shared/seeds
 * (义乌 荷花芯, 遵义 六角井, 泉港 港市红). Institutions carry the names of the reports; every person,
 * phone number and document number is FICTIONAL: mobiles follow the 1380000xxxx / 1390000xxxx /
 * 1370000xxxx pattern, landlines the 8555xxxx pattern, resident ID numbers use the region's area code
 * with a computed GB 11643 check character.
 */
import { BUILTIN_ROLES, idNumberCheckChar, type BuiltinRole, type Gender, type GridRole, type IdType, type OrgKind, type UnitKind } from '@tongxin/domain';

/** The one public password of every demo account (meets the policy: ≥10 characters, 4 classes). */
export const DEMO_PASSWORD = 'Tongxin@2026';

/** The city administrator the seed creates first. */
export const DEMO_CITY_ADMIN = { username: 'admin', displayName: '市级管理员' } as const;

export interface DemoOrg {
  key: string;
  parent?: string;
  kind: OrgKind;
  name: string;
  secretary?: string;
  description?: string;
}

export interface DemoGrid {
  key: string;
  parent?: string;
  name: string;
  code?: string;
  org?: string;
  description?: string;
}

export interface DemoUnit {
  key: string;
  kind: UnitKind;
  name: string;
  category: string;
  org?: string;
  grid?: string;
  contactName: string;
  /** a landline; when absent, the mobile of the person named contactName */
  contactPhone?: string;
  address: string;
  duties: string;
}

export interface DemoPerson {
  key: string;
  name: string;
  gender: Gender;
  phone: string;
  idType: IdType;
  idNumber: string;
  isPartyMember: boolean;
  org?: string;
  unit?: string;
  grid?: string;
  title?: string;
  note?: string;
  /** grid cells where this person holds a grid role (网格员, 邻铺长, 中心户) */
  gridRoles?: Array<{ grid: string; role: GridRole }>;
}

export interface DemoAccountSpec {
  username: string;
  displayName: string;
  role: BuiltinRole['key'];
  person?: string;
  unit?: string;
  grid?: string;
  org?: string;
}

export interface DemoAlliance {
  code: string;
  name: string;
  region: string;
  description: string;
  gridLevelNames: string[];
  orgs: DemoOrg[];
  grids: DemoGrid[];
  units: DemoUnit[];
  people: DemoPerson[];
  accounts: DemoAccountSpec[];
  /** grid routes over DEMO_ROUTING: inside a grid's subtree a category goes to another unit (a mall's own property management) */
  gridRoutes?: Array<{ category: string; grid: string; unit: string }>;
}

/**
 * The default lead unit of each seeded category (code → unit key), as the seeds' alliances route them: 城管 for the
 * street scene, the police station for order and noise, the fire station for fire hazards, market supervision for
 * consumer disputes. 微心愿 stays unrouted: the committee matches each wish with a donor unit by hand.
 */
export const DEMO_ROUTING: Record<string, string> = {
  SRHJ: 'cg',
  XCGG: 'cg',
  SGGL: 'cg',
  JMZX: 'cg',
  HJWS: 'cg',
  YY: 'cg',
  ZDJY: 'cg',
  TFSJ: 'pcs',
  TCGL: 'pcs',
  ZY: 'pcs',
  XFYH: 'xf',
  XFJF: 'scjg',
  SHFW: 'scjg',
  SDQ: 'wy',
};

/** An account that belongs to several alliances (shows the alliance switcher). */
export interface DemoSharedAccount {
  username: string;
  displayName: string;
  memberships: Array<{ alliance: string; role: BuiltinRole['key']; unit?: string; grid?: string; org?: string }>;
}

// ---------------------------------------------------------------------------------------------
// helpers (pure)

/** An 18-digit 居民身份证 number: area code, birth date, a sequence whose parity follows the gender, GB 11643 check. */
export function residentId(area: string, birth: string, seq: number, gender: Gender): string {
  const s = ((seq % 500) * 2 + (gender === 'male' ? 1 : 0)) % 1000;
  const first17 = `${area}${birth}${String(s).padStart(3, '0')}`;
  const check = idNumberCheckChar(first17);
  if (!check) throw new Error(`demo data: bad resident id body ${first17}`);
  return first17 + check;
}

/** A 2023-form 外国人永久居留身份证 number: 9, province, ISO 3166 numeric nationality, birth date, sequence, check. */
export function foreignPermanentId(province: string, nationality: string, birth: string, seq: number): string {
  const first17 = `9${province}${nationality}${birth}${String(seq).padStart(3, '0')}`;
  const check = idNumberCheckChar(first17);
  if (!check) throw new Error(`demo data: bad permanent-residence id body ${first17}`);
  return first17 + check;
}

type PersonInput = Omit<DemoPerson, 'phone' | 'idType' | 'idNumber'> & {
  birth: string;
  area?: string;
  idType?: IdType;
  idNumber?: string;
};

/** Builds a person list with sequential fictional mobiles and computed resident ID numbers. */
function peopleOf(mobilePrefix: string, firstNo: number, defaultArea: string, list: PersonInput[]): DemoPerson[] {
  return list.map((p, i) => {
    const { birth, area, idType, idNumber, ...rest } = p;
    const phone = `${mobilePrefix}${String(firstNo + i).padStart(4, '0')}`;
    return {
      ...rest,
      phone,
      idType: idType ?? 'resident_id',
      idNumber: idNumber ?? residentId(area ?? defaultArea, birth, 17 + i * 7, p.gender),
    };
  });
}

// ---------------------------------------------------------------------------------------------
// 义乌 荷花芯 (稠城街道 通惠社区)

const HHX: DemoAlliance = {
  code: 'HHX',
  name: '荷花芯商圈党建联盟',
  region: '义乌市 稠城街道 通惠社区',
  description:
    '通惠社区大党委牵头，联合银泰百货、义乌之心、新天地精品商厦等商业综合体和服务监管部门、驻区单位，建立“社区—网格—企业—商铺”四级作战体系；每月召开联席会议，完善资源、需求、项目三张清单，实行精品街区十二分制管理和“有事找社区”服务群众机制。',
  gridLevelNames: ['社区', '网格', '企业', '商铺'],
  orgs: [
    { key: 'jd', kind: 'street_committee', name: '稠城街道党工委', secretary: '王建国' },
    {
      key: 'sq',
      parent: 'jd',
      kind: 'community_committee',
      name: '通惠社区大党委',
      secretary: '楼晓燕',
      description: '牵头召集商圈党建联盟联席会议，统筹三张清单',
    },
    { key: 'sqw', parent: 'sq', kind: 'district_committee', name: '荷花芯商圈党委', secretary: '楼晓燕', description: '商圈综合党组织，统筹商圈两新组织党建' },
    { key: 'zb_sq', parent: 'sqw', kind: 'branch', name: '通惠商圈党支部', secretary: '吴国平' },
    { key: 'zb_yt', parent: 'sqw', kind: 'branch', name: '银泰百货义乌店党支部', secretary: '蒋涛' },
    { key: 'zb_xtd', parent: 'sqw', kind: 'branch', name: '新天地精品商厦党支部', secretary: '郑秀英' },
    { key: 'zb_yxzx', parent: 'sqw', kind: 'branch', name: '义乌之心党支部', secretary: '方杰' },
    {
      key: 'zb_lt',
      parent: 'sq',
      kind: 'branch',
      name: '通惠社区离退休干部党支部',
      secretary: '楼关金',
      description: '“双向八条”服务机制，老党员轮流坐班“有事找社区”联络点',
    },
    { key: 'xz_jq', parent: 'zb_sq', kind: 'group', name: '红色街区长党小组', secretary: '周小平' },
    { key: 'xz_ld', parent: 'zb_sq', kind: 'group', name: '流动党员党小组', secretary: '吴建华' },
  ],
  grids: [
    { key: 'sq', name: '通惠社区', code: 'TH', org: 'sq' },
    { key: 'w1', parent: 'sq', name: '通惠第一网格（工人北路片）', code: 'TH-01', org: 'zb_sq' },
    { key: 'w2', parent: 'sq', name: '通惠第二网格（稠州中路片）', code: 'TH-02', org: 'zb_sq' },
    { key: 'w3', parent: 'sq', name: '通惠第三网格（宾王路精品街区）', code: 'TH-03', org: 'zb_sq' },
    { key: 'yt', parent: 'w1', name: '银泰百货义乌店', code: 'TH-01-01', org: 'zb_yt' },
    { key: 'xtd', parent: 'w1', name: '新天地精品商厦', code: 'TH-01-02', org: 'zb_xtd' },
    { key: 'yxzx', parent: 'w2', name: '义乌之心购物中心', code: 'TH-02-01', org: 'zb_yxzx' },
    { key: 'sc', parent: 'w2', name: '通惠农贸市场', code: 'TH-02-02' },
    { key: 'jq', parent: 'w3', name: '宾王路精品街区沿街商铺', code: 'TH-03-01', org: 'xz_jq' },
    { key: 'yt_s1', parent: 'yt', name: '1F-08 佳人化妆品专柜', code: 'TH-01-01-0108' },
    { key: 'yt_s2', parent: 'yt', name: 'B1-12 义味小笼包', code: 'TH-01-01-B112' },
    { key: 'xtd_s1', parent: 'xtd', name: '2F-15 荷花童装', code: 'TH-01-02-0215' },
    { key: 'xtd_s2', parent: 'xtd', name: '1F-03 晶彩饰品', code: 'TH-01-02-0103' },
    { key: 'yx_s1', parent: 'yxzx', name: '3F-21 小候鸟书吧', code: 'TH-02-01-0321' },
    { key: 'yx_s2', parent: 'yxzx', name: '4F-06 老义乌红糖馆', code: 'TH-02-01-0406' },
    { key: 'sc_s1', parent: 'sc', name: 'A-05 金华火腿铺', code: 'TH-02-02-A05' },
    { key: 'sc_s2', parent: 'sc', name: 'B-11 义乌红糖批发', code: 'TH-02-02-B11' },
    { key: 'jq_s1', parent: 'jq', name: '宾王路88号 丝路中东餐厅', code: 'TH-03-01-088' },
    { key: 'jq_s2', parent: 'jq', name: '宾王路102号 恒河饰品外贸', code: 'TH-03-01-102' },
    { key: 'jq_s3', parent: 'jq', name: '宾王路116号 汉江韩式饰品', code: 'TH-03-01-116' },
  ],
  units: [
    {
      key: 'scjg',
      kind: 'regulator',
      name: '义乌市市场监管局稠城市场监管所',
      category: '市场监管',
      contactName: '陈立新',
      contactPhone: '0579-85550101',
      address: '义乌市稠城街道工人北路',
      duties: '食品安全、价格监督、消费维权、营业执照代办；诚信消费示范点受理调解',
    },
    {
      key: 'cg',
      kind: 'regulator',
      name: '义乌市综合行政执法局稠城中队',
      category: '城市管理',
      contactName: '张明',
      contactPhone: '0579-85550102',
      address: '义乌市稠城街道稠州中路',
      duties: '市容秩序、占道经营、户外广告、门前三包巡查',
    },
    {
      key: 'pcs',
      kind: 'regulator',
      name: '义乌市公安局稠城派出所',
      category: '公共安全',
      contactName: '刘强',
      contactPhone: '0579-85550103',
      address: '义乌市稠城街道县前街',
      duties: '治安巡逻、矛盾纠纷调解、涉外人员服务管理',
    },
    {
      key: 'xf',
      kind: 'regulator',
      name: '义乌市消防救援大队稠城消防救援站',
      category: '消防安全',
      contactName: '赵鹏',
      contactPhone: '0579-85550104',
      address: '义乌市稠城街道新马路',
      duties: '商场消防检查、消防隐患整改指导、消防培训',
    },
    {
      key: 'sw',
      kind: 'regulator',
      name: '国家税务总局义乌市税务局稠城税务分局',
      category: '税务',
      contactName: '孙敏',
      contactPhone: '0579-85550105',
      address: '义乌市稠城街道宾王路',
      duties: '税收政策宣讲、减税降费辅导、发票代开',
    },
    {
      key: 'bank',
      kind: 'resident_unit',
      name: '义乌农商银行通惠支行',
      category: '金融',
      org: 'zb_sq',
      contactName: '黄琳',
      address: '义乌市稠城街道通惠路',
      duties: '商户小额信贷、移动支付、反诈宣传进商圈',
    },
    {
      key: 'law',
      kind: 'resident_unit',
      name: '浙江通惠律师事务所',
      category: '法律服务',
      contactName: '何志远',
      address: '义乌市稠城街道工人北路',
      duties: '法律援助、消费纠纷调解、涉外合同咨询',
    },
    {
      key: 'ws',
      kind: 'resident_unit',
      name: '稠城街道社区卫生服务中心',
      category: '医疗卫生',
      contactName: '冯雅',
      contactPhone: '0579-85550108',
      address: '义乌市稠城街道通惠社区',
      duties: '免费义诊、家庭医生签约、急救培训',
    },
    {
      key: 'cq',
      kind: 'property_owner',
      name: '义乌市稠城资产经营有限公司',
      category: '产权管理',
      contactName: '徐斌',
      contactPhone: '0579-85550109',
      address: '义乌市稠城街道县前街',
      duties: '沿街店面产权管理、租金减免政策落实',
    },
    {
      key: 'wy',
      kind: 'property_owner',
      name: '义乌市通惠物业服务有限公司',
      category: '物业管理',
      contactName: '叶芳',
      address: '义乌市稠城街道通惠社区',
      duties: '公共区域保洁、车辆停放秩序、设施维修',
    },
    {
      key: 'yintai',
      kind: 'enterprise',
      name: '银泰百货义乌店',
      category: '零售商场',
      org: 'zb_yt',
      grid: 'yt',
      contactName: '蒋涛',
      contactPhone: '0579-85550111',
      address: '义乌市稠城街道工人北路',
      duties: '党群服务“E”站（免费饮水、充电、维修）、商场爱心服务站',
    },
    {
      key: 'xtd',
      kind: 'enterprise',
      name: '新天地精品商厦',
      category: '零售商场',
      org: 'zb_xtd',
      grid: 'xtd',
      contactName: '郑秀英',
      contactPhone: '0579-85550112',
      address: '义乌市稠城街道工人北路',
      duties: '党群服务“E”站、童趣市集场地',
    },
    {
      key: 'yxzx',
      kind: 'enterprise',
      name: '义乌之心购物中心',
      category: '商业综合体',
      org: 'zb_yxzx',
      grid: 'yxzx',
      contactName: '方杰',
      contactPhone: '0579-85550113',
      address: '义乌市稠城街道稠州中路',
      duties: '“驿家亲”驿站、小候鸟夏令营、企业VIP推介会',
    },
    {
      key: 'yinyao',
      kind: 'social_org',
      name: '银耀干部志愿服务队',
      category: '志愿服务',
      org: 'zb_lt',
      contactName: '楼关金',
      address: '通惠社区文化家园',
      duties: '矛盾纠纷调解、关心下一代、核心价值观宣传',
    },
    {
      key: 'bbt',
      kind: 'social_org',
      name: '通惠社区红色帮帮团',
      category: '志愿服务',
      contactName: '金国华',
      address: '通惠社区党群服务中心',
      duties: '红色代办、红色代跑、爱心助农',
    },
    {
      key: 'wszj',
      kind: 'social_org',
      name: '通惠社区外商之家',
      category: '涉外服务',
      contactName: '季晓红',
      address: '义乌市稠城街道宾王路',
      duties: '外籍商户政策翻译、签证与居留咨询转介、中外商户联谊',
    },
  ],
  people: peopleOf('1380000', 1001, '330782', [
    { key: 'lxy', name: '楼晓燕', gender: 'female', birth: '19750312', isPartyMember: true, org: 'sq', title: '通惠社区大党委书记' },
    { key: 'wgp', name: '吴国平', gender: 'male', birth: '19790805', isPartyMember: true, org: 'zb_sq', title: '荷花芯商圈党委副书记' },
    { key: 'jmh', name: '金美华', gender: 'female', birth: '19831120', isPartyMember: true, org: 'sq', title: '社区党群服务中心主任' },
    { key: 'cjy', name: '陈佳怡', gender: 'female', birth: '19920618', isPartyMember: true, org: 'sqw', title: '商圈党委专职工作人员' },
    {
      key: 'zw',
      name: '朱伟',
      gender: 'male',
      birth: '19860227',
      isPartyMember: true,
      org: 'sq',
      grid: 'sq',
      title: '社区网格长',
      gridRoles: [{ grid: 'sq', role: 'grid_officer' }],
    },
    { key: 'wjg', name: '王建国', gender: 'male', birth: '19710930', isPartyMember: true, org: 'jd', title: '稠城街道党工委副书记' },
    {
      key: 'lxd',
      name: '骆晓东',
      gender: 'male',
      birth: '19900414',
      isPartyMember: true,
      org: 'zb_sq',
      grid: 'w1',
      title: '专职网格员',
      gridRoles: [{ grid: 'w1', role: 'grid_officer' }],
    },
    {
      key: 'flp',
      name: '傅丽萍',
      gender: 'female',
      birth: '19881203',
      isPartyMember: false,
      grid: 'w2',
      title: '专职网格员',
      gridRoles: [{ grid: 'w2', role: 'grid_officer' }],
    },
    {
      key: 'gjw',
      name: '龚建伟',
      gender: 'male',
      birth: '19850722',
      isPartyMember: true,
      org: 'zb_sq',
      grid: 'w3',
      title: '专职网格员',
      gridRoles: [{ grid: 'w3', role: 'grid_officer' }],
    },
    {
      key: 'yuting',
      name: '虞婷',
      gender: 'female',
      birth: '19950109',
      isPartyMember: false,
      unit: 'yintai',
      grid: 'yt',
      title: '企业网格联络员',
      gridRoles: [{ grid: 'yt', role: 'grid_officer' }],
    },
    { key: 'clx', name: '陈立新', gender: 'male', birth: '19760516', isPartyMember: true, unit: 'scjg', title: '所长' },
    { key: 'wl', name: '王磊', gender: 'male', birth: '19911008', isPartyMember: true, unit: 'scjg', title: '市场监管所科员' },
    { key: 'zm', name: '张明', gender: 'male', birth: '19820325', isPartyMember: true, unit: 'cg', title: '中队长' },
    { key: 'lq', name: '刘强', gender: 'male', birth: '19870630', isPartyMember: true, unit: 'pcs', title: '社区民警' },
    { key: 'zp', name: '赵鹏', gender: 'male', birth: '19890912', isPartyMember: true, unit: 'xf', title: '站长' },
    { key: 'sm', name: '孙敏', gender: 'female', birth: '19840214', isPartyMember: false, unit: 'sw', title: '税收管理员' },
    { key: 'hl', name: '黄琳', gender: 'female', birth: '19800707', isPartyMember: true, org: 'zb_sq', unit: 'bank', title: '支行行长' },
    { key: 'hzy', name: '何志远', gender: 'male', birth: '19781111', isPartyMember: true, unit: 'law', title: '律师', area: '330702' },
    { key: 'fy', name: '冯雅', gender: 'female', birth: '19930520', isPartyMember: false, unit: 'ws', title: '家庭医生' },
    { key: 'xb', name: '徐斌', gender: 'male', birth: '19740404', isPartyMember: false, unit: 'cq', title: '总经理' },
    { key: 'yf', name: '叶芳', gender: 'female', birth: '19870818', isPartyMember: false, unit: 'wy', title: '物业经理', area: '330783' },
    { key: 'jt', name: '蒋涛', gender: 'male', birth: '19811212', isPartyMember: true, org: 'zb_yt', unit: 'yintai', title: '店总经理、党支部书记' },
    { key: 'zxy', name: '郑秀英', gender: 'female', birth: '19721001', isPartyMember: true, org: 'zb_xtd', unit: 'xtd', title: '商厦党支部书记' },
    { key: 'fj', name: '方杰', gender: 'male', birth: '19850303', isPartyMember: true, org: 'zb_yxzx', unit: 'yxzx', title: '运营经理' },
    { key: 'lgj', name: '楼关金', gender: 'male', birth: '19550606', isPartyMember: true, org: 'zb_lt', unit: 'yinyao', title: '退休干部、服务队队长' },
    { key: 'jgh', name: '金国华', gender: 'male', birth: '19630128', isPartyMember: true, org: 'zb_lt', unit: 'bbt', title: '红色帮帮团团长' },
    { key: 'jxh', name: '季晓红', gender: 'female', birth: '19900909', isPartyMember: false, unit: 'wszj', title: '专职社工' },
    { key: 'wlj', name: '王丽娟', gender: 'female', birth: '19840505', isPartyMember: false, grid: 'xtd_s1', title: '荷花童装店主' },
    {
      key: 'wjh',
      name: '吴建华',
      gender: 'male',
      birth: '19770202',
      isPartyMember: true,
      org: 'xz_ld',
      grid: 'yt_s2',
      title: '义味小笼包店主',
      note: '流动党员，党员经营户',
      area: '330726',
    },
    { key: 'cxy', name: '陈小燕', gender: 'female', birth: '19960717', isPartyMember: false, grid: 'yt_s1', title: '化妆品专柜店长', area: '330783' },
    {
      key: 'lzq',
      name: '李志强',
      gender: 'male',
      birth: '19801010',
      isPartyMember: false,
      grid: 'sc_s2',
      title: '红糖批发经营户',
      note: '江西籍经营户',
      area: '362322',
    },
    { key: 'zxp', name: '周小平', gender: 'male', birth: '19750308', isPartyMember: true, org: 'xz_jq', grid: 'sc_s1', title: '红色街区长、党员经营户' },
    { key: 'yfan', name: '杨帆', gender: 'male', birth: '19941224', isPartyMember: false, grid: 'yx_s1', title: '小候鸟书吧店主' },
    {
      key: 'gxm',
      name: '龚秀梅',
      gender: 'female',
      birth: '19700808',
      isPartyMember: true,
      org: 'xz_jq',
      grid: 'yx_s2',
      title: '老义乌红糖馆店主',
      note: '党员经营户，联盟推荐商家',
    },
    { key: 'lfang', name: '骆芳', gender: 'female', birth: '19890416', isPartyMember: false, grid: 'xtd_s2', title: '晶彩饰品店主' },
    {
      key: 'mha',
      name: '穆罕默德·阿里',
      gender: 'male',
      birth: '19780315',
      isPartyMember: false,
      grid: 'jq_s1',
      title: '丝路中东餐厅店主',
      note: '也门籍，2008年来义乌经营外贸和餐饮',
      idType: 'foreign_permanent',
      idNumber: 'YEM337803150084',
    },
    {
      key: 'pls',
      name: '普丽娅·夏尔马',
      gender: 'female',
      birth: '19880615',
      isPartyMember: false,
      grid: 'jq_s2',
      title: '恒河饰品外贸店主',
      note: '印度籍，持外国人永久居留身份证（2023版）',
      idType: 'foreign_permanent',
      idNumber: foreignPermanentId('33', '356', '19880615', 12),
    },
    {
      key: 'kmh',
      name: '金敏浩',
      gender: 'male',
      birth: '19850921',
      isPartyMember: false,
      grid: 'jq_s3',
      title: '汉江韩式饰品店主',
      note: '韩国籍，饰品采购商',
      idType: 'passport',
      idNumber: 'M00012345',
    },
    {
      key: 'adk',
      name: '阿迪尔·汗',
      gender: 'male',
      birth: '19820704',
      isPartyMember: false,
      grid: 'jq',
      title: '外贸公司经理',
      note: '巴基斯坦籍，常驻宾王路',
      idType: 'passport',
      idNumber: 'AB0012345',
    },
    {
      key: 'ivp',
      name: '伊万·彼得罗夫',
      gender: 'male',
      birth: '19900130',
      isPartyMember: false,
      grid: 'jq',
      title: '箱包采购商',
      note: '俄罗斯籍',
      idType: 'passport',
      idNumber: '750001234',
    },
    {
      key: 'lml',
      name: '骆美玲',
      gender: 'female',
      birth: '19980315',
      isPartyMember: false,
      title: '志愿者',
      note: '红色帮帮团成员，周末在商场爱心服务站值班',
    },
    { key: 'hzx', name: '黄子轩', gender: 'male', birth: '20030901', isPartyMember: false, title: '大学生志愿者', note: '小候鸟夏令营辅导员' },
    {
      key: 'ly',
      name: '刘洋',
      gender: 'male',
      birth: '19971123',
      isPartyMember: false,
      title: '外卖骑手',
      note: '新就业群体，党群服务“E”站常客',
      area: '412726',
    },
    { key: 'cwh', name: '陈伟华', gender: 'male', birth: '19650418', isPartyMember: true, org: 'zb_lt', title: '居务联络员', note: '营商环境监测点联络员' },
    { key: 'wsy', name: '王淑云', gender: 'female', birth: '19580211', isPartyMember: true, org: 'zb_lt', title: '退休党员', note: '“有事找社区”联络点轮值' },
  ]),
  accounts: [
    { username: 'hhx_admin', displayName: '陈佳怡', role: 'admin', person: 'cjy' },
    { username: 'hhx_staff', displayName: '吴国平', role: 'staff', person: 'wgp' },
    { username: 'hhx_unit', displayName: '王磊', role: 'unit_handler', person: 'wl', unit: 'scjg' },
    { username: 'hhx_grid', displayName: '骆晓东', role: 'grid_officer', person: 'lxd', grid: 'w1' },
    { username: 'hhx_merchant', displayName: '王丽娟', role: 'merchant', person: 'wlj' },
    { username: 'hhx_volunteer', displayName: '骆美玲', role: 'volunteer', person: 'lml' },
    // the 居务联络员 of a 营商环境监测点: files feedback on services and conduct from the phone
    { username: 'hhx_liaison', displayName: '陈伟华', role: 'volunteer', person: 'cwh' },
    { username: 'hhx_leader', displayName: '王建国', role: 'leader', person: 'wjg' },
    // handlers of the other units the demo tickets go to (each lead unit needs one to accept and resolve)
    { username: 'hhx_cg', displayName: '张明', role: 'unit_handler', person: 'zm', unit: 'cg' },
    { username: 'hhx_xf', displayName: '赵鹏', role: 'unit_handler', person: 'zp', unit: 'xf' },
    { username: 'hhx_pcs', displayName: '刘强', role: 'unit_handler', person: 'lq', unit: 'pcs' },
    { username: 'hhx_wy', displayName: '叶芳', role: 'unit_handler', person: 'yf', unit: 'wy' },
    { username: 'hhx_bbt', displayName: '金国华', role: 'unit_handler', person: 'jgh', unit: 'bbt' },
  ],
  // inside 银泰百货 the mall's own management handles its floors; the market's landlord cleans the market
  gridRoutes: [
    { category: 'HJWS', grid: 'yt', unit: 'yintai' },
    { category: 'SRHJ', grid: 'yt', unit: 'yintai' },
    { category: 'HJWS', grid: 'sc', unit: 'cq' },
  ],
};

// ---------------------------------------------------------------------------------------------
// 遵义 六角井 (新蒲新区 六角井社区)

const LJJ: DemoAlliance = {
  code: 'LJJ',
  name: '六角井红色商圈联盟',
  region: '遵义市 新蒲新区 六角井社区',
  description:
    '六角井社区党支部为核心，构建“社区党组织—片区网格（商户楼栋网格）党组织—党员（商户）中心户”纵向联动体系，联合驻区单位组建红色商圈联盟；推行“全岗通”30项业务清单，每季度召开联席会议，制定《新蒲商圈公约》，组建“骑行哨兵”和8支志愿者队伍。',
  gridLevelNames: ['片区网格', '中心户'],
  orgs: [
    { key: 'gw', kind: 'street_committee', name: '新蒲新区党工委', secretary: '犹金龙' },
    { key: 'zb', parent: 'gw', kind: 'branch', name: '六角井社区党支部', secretary: '罗红梅', description: '社区党组织，红色商圈联盟牵头单位' },
    { key: 'xz1', parent: 'zb', kind: 'group', name: '六角井商圈党小组', secretary: '杨秀芬' },
    { key: 'xz2', parent: 'zb', kind: 'group', name: '商业楼盘党小组', secretary: '母德华' },
    { key: 'xz3', parent: 'zb', kind: 'group', name: '还房小区党小组', secretary: '黄玉娟' },
    { key: 'xz4', parent: 'zb', kind: 'group', name: '新就业群体党小组', secretary: '韩磊' },
  ],
  grids: [
    { key: 'p1', name: '六角井商圈片区网格', code: 'LJJ-01', org: 'xz1' },
    { key: 'p2', name: '商业楼盘片区网格', code: 'LJJ-02', org: 'xz2' },
    { key: 'p3', name: '还房小区片区网格', code: 'LJJ-03', org: 'xz3' },
    { key: 'p4', name: '新蒲商业街片区网格', code: 'LJJ-04', org: 'xz4' },
    { key: 'c1', parent: 'p1', name: '杨记羊肉粉（党员商户中心户）', code: 'LJJ-01-01' },
    { key: 'c2', parent: 'p1', name: '王家豆花面（党员商户中心户）', code: 'LJJ-01-02' },
    { key: 'c3', parent: 'p2', name: '李记鸡蛋糕（党员商户中心户）', code: 'LJJ-02-01' },
    { key: 'c4', parent: 'p2', name: '国强五金（党员商户中心户）', code: 'LJJ-02-02' },
    { key: 'c5', parent: 'p3', name: '还房小区3栋（党员中心户）', code: 'LJJ-03-01' },
    { key: 'c6', parent: 'p4', name: '德明火锅（党员商户中心户）', code: 'LJJ-04-01' },
    { key: 'c7', parent: 'p4', name: '文静母婴（党员商户中心户）', code: 'LJJ-04-02' },
  ],
  units: [
    {
      key: 'scjg',
      kind: 'regulator',
      name: '新蒲新区市场监管局新蒲市场监管所',
      category: '市场监管',
      contactName: '徐杰',
      contactPhone: '0851-85550201',
      address: '遵义市新蒲新区',
      duties: '食品安全、计量价格、消费纠纷调解',
    },
    {
      key: 'cg',
      kind: 'regulator',
      name: '新蒲新区综合行政执法局城管中队',
      category: '城市管理',
      contactName: '潘伟',
      contactPhone: '0851-85550202',
      address: '遵义市新蒲新区',
      duties: '占道经营、油烟噪音、停车秩序',
    },
    {
      key: 'pcs',
      kind: 'regulator',
      name: '遵义市公安局新蒲分局新蒲派出所',
      category: '公共安全',
      contactName: '罗斌',
      contactPhone: '0851-85550203',
      address: '遵义市新蒲新区',
      duties: '治安巡防、突发事件联动处置',
    },
    {
      key: 'xf',
      kind: 'regulator',
      name: '新蒲新区消防救援大队新蒲消防救援站',
      category: '消防安全',
      contactName: '蔡浩',
      contactPhone: '0851-85550204',
      address: '遵义市新蒲新区',
      duties: '消防隐患排查、电动车充电安全宣传',
    },
    {
      key: 'sw',
      kind: 'regulator',
      name: '国家税务总局遵义市新蒲新区税务局',
      category: '税务',
      contactName: '曾艳',
      contactPhone: '0851-85550205',
      address: '遵义市新蒲新区',
      duties: '个体工商户税费政策辅导',
    },
    {
      key: 'bank',
      kind: 'resident_unit',
      name: '遵义长征村镇银行新蒲支行',
      category: '金融',
      contactName: '龚燕玲',
      address: '遵义市新蒲新区',
      duties: '金融志愿者服务队、商户融资对接',
    },
    {
      key: 'law',
      kind: 'resident_unit',
      name: '和辰律师事务所',
      category: '法律服务',
      contactName: '何畅',
      address: '遵义市新蒲新区',
      duties: '法律志愿者服务队、商标维权、法律咨询',
    },
    {
      key: 'mobile',
      kind: 'resident_unit',
      name: '中国移动新蒲营业厅',
      category: '通信',
      contactName: '石清',
      contactPhone: '0851-85550208',
      address: '遵义市新蒲新区',
      duties: '“智慧社区”平台网络保障',
    },
    {
      key: 'wy',
      kind: 'property_owner',
      name: '星际物业六角井服务中心',
      category: '物业管理',
      contactName: '周飞',
      address: '遵义市新蒲新区',
      duties: '小区配套用房、物业公共空间共享',
    },
    {
      key: 'hf',
      kind: 'property_owner',
      name: '六角井还房小区物业服务站',
      category: '物业管理',
      contactName: '黄玉娟',
      address: '六角井社区还房小区',
      duties: '还房小区环境卫生、楼栋安全',
    },
    {
      key: 'linda',
      kind: 'enterprise',
      name: '林达阳光城购物中心',
      category: '商业综合体',
      grid: 'p2',
      contactName: '龙晓梅',
      contactPhone: '0851-85550211',
      address: '遵义市新蒲新区',
      duties: '商圈党群服务中心场地、主题消费活动',
    },
    {
      key: 'sh',
      kind: 'social_org',
      name: '新蒲新区商会',
      category: '行业协会',
      contactName: '邓文松',
      address: '遵义市新蒲新区',
      duties: '商户议事、慈善基金“消费捐”',
    },
    {
      key: 'sg',
      kind: 'social_org',
      name: '遵享童年社会工作服务站',
      category: '社会工作',
      contactName: '龙思雨',
      contactPhone: '0851-85550213',
      address: '六角井社区党群服务中心',
      duties: '“幼有善育”儿童服务、大学生志愿者服务队',
    },
  ],
  people: peopleOf('1390000', 2001, '520303', [
    { key: 'lhm', name: '罗红梅', gender: 'female', birth: '19780412', isPartyMember: true, org: 'zb', title: '六角井社区党支部书记' },
    { key: 'lhy', name: '令狐勇', gender: 'male', birth: '19800903', isPartyMember: true, org: 'zb', title: '社区居委会主任', area: '520321' },
    { key: 'rxl', name: '冉晓丽', gender: 'female', birth: '19900226', isPartyMember: true, org: 'zb', title: '党务工作者（“全岗通”专员）' },
    { key: 'aj', name: '敖俊', gender: 'male', birth: '19870719', isPartyMember: true, org: 'zb', title: '网格长' },
    { key: 'yjl', name: '犹金龙', gender: 'male', birth: '19721208', isPartyMember: true, org: 'gw', title: '新蒲新区党工委委员', area: '520302' },
    {
      key: 'sj',
      name: '宋佳',
      gender: 'female',
      birth: '19930511',
      isPartyMember: false,
      grid: 'p1',
      title: '网格员',
      gridRoles: [{ grid: 'p1', role: 'grid_officer' }],
    },
    {
      key: 'mdh',
      name: '母德华',
      gender: 'male',
      birth: '19851030',
      isPartyMember: true,
      org: 'xz2',
      grid: 'p2',
      title: '网格员',
      gridRoles: [{ grid: 'p2', role: 'grid_officer' }],
      area: '520321',
    },
    {
      key: 'ln',
      name: '黎娜',
      gender: 'female',
      birth: '19910117',
      isPartyMember: false,
      grid: 'p3',
      title: '网格员',
      gridRoles: [{ grid: 'p3', role: 'grid_officer' }],
    },
    {
      key: 'hlei',
      name: '韩磊',
      gender: 'male',
      birth: '19890606',
      isPartyMember: true,
      org: 'xz4',
      grid: 'p4',
      title: '网格员',
      gridRoles: [{ grid: 'p4', role: 'grid_officer' }],
    },
    {
      key: 'yxf',
      name: '杨秀芬',
      gender: 'female',
      birth: '19760321',
      isPartyMember: true,
      org: 'xz1',
      grid: 'c1',
      title: '杨记羊肉粉店主',
      note: '党员（商户）中心户，“党员经营户”',
      gridRoles: [{ grid: 'c1', role: 'center_household' }],
    },
    {
      key: 'wjf',
      name: '王家富',
      gender: 'male',
      birth: '19691102',
      isPartyMember: true,
      org: 'xz1',
      grid: 'c2',
      title: '王家豆花面店主',
      gridRoles: [{ grid: 'c2', role: 'center_household' }],
      area: '520321',
    },
    {
      key: 'lhong',
      name: '李红',
      gender: 'female',
      birth: '19820814',
      isPartyMember: true,
      org: 'xz2',
      grid: 'c3',
      title: '李记鸡蛋糕店主',
      gridRoles: [{ grid: 'c3', role: 'center_household' }],
    },
    {
      key: 'zgq',
      name: '张国强',
      gender: 'male',
      birth: '19740529',
      isPartyMember: true,
      org: 'xz2',
      grid: 'c4',
      title: '国强五金店主',
      gridRoles: [{ grid: 'c4', role: 'center_household' }],
    },
    {
      key: 'hyj',
      name: '黄玉娟',
      gender: 'female',
      birth: '19600518',
      isPartyMember: true,
      org: 'xz3',
      unit: 'hf',
      grid: 'c5',
      title: '退休党员、楼栋长',
      gridRoles: [{ grid: 'c5', role: 'center_household' }],
    },
    {
      key: 'cdm',
      name: '陈德明',
      gender: 'male',
      birth: '19790125',
      isPartyMember: true,
      org: 'xz4',
      grid: 'c6',
      title: '德明火锅店主',
      gridRoles: [{ grid: 'c6', role: 'center_household' }],
      area: '500103',
    },
    {
      key: 'lwj',
      name: '刘文静',
      gender: 'female',
      birth: '19861219',
      isPartyMember: true,
      org: 'xz4',
      grid: 'c7',
      title: '文静母婴店主',
      gridRoles: [{ grid: 'c7', role: 'center_household' }],
    },
    { key: 'wh', name: '吴海', gender: 'male', birth: '19900404', isPartyMember: false, grid: 'c1', title: '手机维修店主' },
    { key: 'zl', name: '赵丽', gender: 'female', birth: '19950707', isPartyMember: false, grid: 'c3', title: '奶茶店店主' },
    { key: 'tq', name: '田强', gender: 'male', birth: '19830218', isPartyMember: false, grid: 'c6', title: '烧烤店店主', area: '522225' },
    { key: 'xj', name: '徐杰', gender: 'male', birth: '19840909', isPartyMember: true, unit: 'scjg', title: '副所长' },
    { key: 'pw', name: '潘伟', gender: 'male', birth: '19880313', isPartyMember: true, unit: 'cg', title: '城管队员' },
    { key: 'lb', name: '罗斌', gender: 'male', birth: '19861126', isPartyMember: true, unit: 'pcs', title: '社区民警' },
    { key: 'ch', name: '蔡浩', gender: 'male', birth: '19920808', isPartyMember: true, unit: 'xf', title: '指导员' },
    { key: 'zy', name: '曾艳', gender: 'female', birth: '19870422', isPartyMember: false, unit: 'sw', title: '税收管理员' },
    { key: 'gyl', name: '龚燕玲', gender: 'female', birth: '19830616', isPartyMember: true, unit: 'bank', title: '支行行长、党支部书记' },
    { key: 'hc', name: '何畅', gender: 'male', birth: '19811020', isPartyMember: true, unit: 'law', title: '律师、党支部书记' },
    { key: 'sq', name: '石清', gender: 'female', birth: '19901212', isPartyMember: false, unit: 'mobile', title: '营业厅经理' },
    { key: 'zf', name: '周飞', gender: 'male', birth: '19850505', isPartyMember: true, unit: 'wy', title: '物业党支部书记' },
    { key: 'lxm', name: '龙晓梅', gender: 'female', birth: '19800730', isPartyMember: true, unit: 'linda', title: '运营经理' },
    { key: 'dws', name: '邓文松', gender: 'male', birth: '19660202', isPartyMember: false, unit: 'sh', title: '商会秘书长' },
    { key: 'lsy', name: '龙思雨', gender: 'female', birth: '20021015', isPartyMember: false, unit: 'sg', title: '大学生志愿者', area: '520302' },
    { key: 'zhao', name: '张浩', gender: 'male', birth: '19960303', isPartyMember: false, title: '外卖骑手（骑行哨兵）', note: '骑手议事会成员' },
    { key: 'lj', name: '刘俊', gender: 'male', birth: '19990827', isPartyMember: false, title: '外卖骑手（骑行哨兵）', area: '520321' },
  ]),
  accounts: [
    { username: 'ljj_admin', displayName: '冉晓丽', role: 'admin', person: 'rxl' },
    { username: 'ljj_staff', displayName: '敖俊', role: 'staff', person: 'aj' },
    { username: 'ljj_unit', displayName: '潘伟', role: 'unit_handler', person: 'pw', unit: 'cg' },
    { username: 'ljj_grid', displayName: '宋佳', role: 'grid_officer', person: 'sj', grid: 'p1' },
    { username: 'ljj_merchant', displayName: '杨秀芬', role: 'merchant', person: 'yxf' },
    { username: 'ljj_volunteer', displayName: '龙思雨', role: 'volunteer', person: 'lsy' },
    { username: 'ljj_leader', displayName: '犹金龙', role: 'leader', person: 'yjl' },
    { username: 'ljj_scjg', displayName: '徐杰', role: 'unit_handler', person: 'xj', unit: 'scjg' },
    { username: 'ljj_xf', displayName: '蔡浩', role: 'unit_handler', person: 'ch', unit: 'xf' },
    { username: 'ljj_pcs', displayName: '罗斌', role: 'unit_handler', person: 'lb', unit: 'pcs' },
    { username: 'ljj_wy', displayName: '周飞', role: 'unit_handler', person: 'zf', unit: 'wy' },
    { username: 'ljj_bank', displayName: '龚燕玲', role: 'unit_handler', person: 'gyl', unit: 'bank' },
  ],
};

// ---------------------------------------------------------------------------------------------
// 泉港 港市红 (山腰街道 永嘉国潮街区)

const QG: DemoAlliance = {
  code: 'QG',
  name: '港市红·永嘉国潮街区商圈党建联盟',
  region: '泉州市 泉港区 山腰街道',
  description:
    '山腰街道党工委指导成立永嘉国潮街区商圈党委，构建“街道党工委—商圈党委—基层党支部—党员商户”四级组织架构；推行“十邻铺”商圈专属网格，约10家商铺为一个邻铺单元，由邻铺长带领“邻铺长+N”（物业、治安、消防）开展巡查；建立群众点单、党委派单、部门接单、群众评单“四单”机制。',
  gridLevelNames: ['社区', '十邻铺'],
  orgs: [
    { key: 'jd', kind: 'street_committee', name: '山腰街道党工委', secretary: '肖永辉' },
    { key: 'sqdw', parent: 'jd', kind: 'district_committee', name: '永嘉国潮街区商圈党委', secretary: '林振华' },
    { key: 'zzb', parent: 'sqdw', kind: 'general_branch', name: '五号商业楼党总支', secretary: '郭丽芳' },
    { key: 'zb1', parent: 'zzb', kind: 'branch', name: '国潮美食街党支部', secretary: '郭建华' },
    { key: 'zb2', parent: 'zzb', kind: 'branch', name: '文创商户党支部', secretary: '连志勇' },
  ],
  grids: [
    { key: 'sq', name: '永嘉社区（永嘉国潮街区）', code: 'YJ', org: 'sqdw' },
    { key: 'n1', parent: 'sq', name: '第一邻铺（美食街东段）', code: 'YJ-01', org: 'zb1' },
    { key: 'n2', parent: 'sq', name: '第二邻铺（美食街西段）', code: 'YJ-02', org: 'zb1' },
    { key: 'n3', parent: 'sq', name: '第三邻铺（五号商业楼一层）', code: 'YJ-03', org: 'zzb' },
    { key: 'n4', parent: 'sq', name: '第四邻铺（国潮文创街）', code: 'YJ-04', org: 'zb2' },
    { key: 'n5', parent: 'sq', name: '第五邻铺（夜市摊区）', code: 'YJ-05' },
  ],
  units: [
    {
      key: 'scjg',
      kind: 'regulator',
      name: '泉港区市场监管局山腰市场监管所',
      category: '市场监管',
      contactName: '黄建明',
      contactPhone: '0595-85550301',
      address: '泉州市泉港区山腰街道',
      duties: '“诚信遴选”、食品安全、消费维权',
    },
    {
      key: 'cg',
      kind: 'regulator',
      name: '泉港区城市管理局山腰中队',
      category: '城市管理',
      contactName: '林超伟',
      contactPhone: '0595-85550302',
      address: '泉州市泉港区山腰街道',
      duties: '门前三包、流动摊点、油烟噪音',
    },
    {
      key: 'pcs',
      kind: 'regulator',
      name: '泉州市公安局泉港分局山腰派出所',
      category: '公共安全',
      contactName: '郑俊杰',
      contactPhone: '0595-85550303',
      address: '泉州市泉港区山腰街道',
      duties: '“邻铺长+N”治安巡防',
    },
    {
      key: 'xf',
      kind: 'regulator',
      name: '泉港区消防救援大队山腰消防救援站',
      category: '消防安全',
      contactName: '陈宇峰',
      contactPhone: '0595-85550304',
      address: '泉州市泉港区山腰街道',
      duties: '用电用气、游乐设施隐患排查',
    },
    {
      key: 'sw',
      kind: 'regulator',
      name: '国家税务总局泉州市泉港区税务局',
      category: '税务',
      contactName: '李晓琴',
      contactPhone: '0595-85550305',
      address: '泉州市泉港区',
      duties: '“不打烊”办税服务进商圈',
    },
    {
      key: 'bank',
      kind: 'resident_unit',
      name: '泉港农商银行山腰支行',
      category: '金融',
      contactName: '王艺清',
      address: '泉州市泉港区山腰街道',
      duties: '金融服务进商圈、商户贷款',
    },
    {
      key: 'law',
      kind: 'resident_unit',
      name: '福建港城律师事务所',
      category: '法律服务',
      contactName: '蔡胜',
      address: '泉州市泉港区',
      duties: '法律咨询进商圈',
    },
    {
      key: 'wy',
      kind: 'property_owner',
      name: '永嘉国潮街区商业运营管理有限公司',
      category: '商业地产',
      org: 'zzb',
      grid: 'sq',
      contactName: '林晓红',
      contactPhone: '0595-85550308',
      address: '永嘉国潮街区五号商业楼',
      duties: '“党建+”邻里中心场地、闲置物业盘活',
    },
    {
      key: 'cinema',
      kind: 'enterprise',
      name: '永嘉国潮影城',
      category: '文化娱乐',
      grid: 'n3',
      contactName: '邱志远',
      contactPhone: '0595-85550309',
      address: '永嘉国潮街区五号商业楼',
      duties: '“悦读分享会”“创业沙龙”场地支持',
    },
    {
      key: 'gtx',
      kind: 'social_org',
      name: '泉港区个体劳动者协会',
      category: '行业协会',
      contactName: '柯庆山',
      address: '泉州市泉港区',
      duties: '“先锋商户”评选、商户培训',
    },
    {
      key: 'yz',
      kind: 'social_org',
      name: '“红色暖XIN”驿站志愿服务队',
      category: '志愿服务',
      contactName: '骆一航',
      address: '永嘉国潮街区“党建+”邻里中心',
      duties: '歇脚、接水、充电，新就业群体服务',
    },
  ],
  people: peopleOf('1370000', 3001, '350505', [
    { key: 'lzh', name: '林振华', gender: 'male', birth: '19740620', isPartyMember: true, org: 'sqdw', title: '商圈党委书记' },
    { key: 'glf', name: '郭丽芳', gender: 'female', birth: '19840308', isPartyMember: true, org: 'zzb', title: '商圈党委专职副书记' },
    { key: 'xyh', name: '肖永辉', gender: 'male', birth: '19701010', isPartyMember: true, org: 'jd', title: '山腰街道党工委委员' },
    {
      key: 'zwm',
      name: '庄伟明',
      gender: 'male',
      birth: '19911201',
      isPartyMember: true,
      org: 'sqdw',
      grid: 'sq',
      title: '专职网格员',
      gridRoles: [{ grid: 'sq', role: 'grid_officer' }],
    },
    {
      key: 'cbz',
      name: '陈宝珠',
      gender: 'female',
      birth: '19590919',
      isPartyMember: true,
      grid: 'n1',
      title: '邻铺长（退休干部）',
      gridRoles: [{ grid: 'n1', role: 'shop_leader' }],
    },
    {
      key: 'lzy',
      name: '连志勇',
      gender: 'male',
      birth: '19820416',
      isPartyMember: true,
      org: 'zb2',
      grid: 'n2',
      title: '邻铺长（党员商户）',
      gridRoles: [{ grid: 'n2', role: 'shop_leader' }],
    },
    {
      key: 'lml',
      name: '刘美玲',
      gender: 'female',
      birth: '19870214',
      isPartyMember: false,
      grid: 'n3',
      title: '邻铺长（热心群众）',
      gridRoles: [{ grid: 'n3', role: 'shop_leader' }],
      area: '350521',
    },
    {
      key: 'xjf',
      name: '肖建福',
      gender: 'male',
      birth: '19780828',
      isPartyMember: true,
      grid: 'n4',
      title: '邻铺长（在职党员）',
      gridRoles: [{ grid: 'n4', role: 'shop_leader' }],
    },
    {
      key: 'kqs',
      name: '柯庆山',
      gender: 'male',
      birth: '19690107',
      isPartyMember: true,
      unit: 'gtx',
      grid: 'n5',
      title: '邻铺长',
      gridRoles: [{ grid: 'n5', role: 'shop_leader' }],
    },
    {
      key: 'gjh',
      name: '郭建华',
      gender: 'male',
      birth: '19830525',
      isPartyMember: true,
      org: 'zb1',
      grid: 'n1',
      title: '五里海沙餐饮永嘉店经理',
      note: '党员经营户，“示范户”',
    },
    { key: 'czm', name: '蔡珠梅', gender: 'female', birth: '19901109', isPartyMember: false, grid: 'n1', title: '福茶茶叶店店主', area: '350521' },
    { key: 'lw', name: '林伟', gender: 'male', birth: '19940630', isPartyMember: false, grid: 'n2', title: '咖啡店店主' },
    {
      key: 'hxl',
      name: '黄秀兰',
      gender: 'female',
      birth: '19750303',
      isPartyMember: true,
      org: 'zb1',
      grid: 'n3',
      title: '福盐特产店主',
      note: '党员经营户，“放心店”',
    },
    { key: 'zxb', name: '庄晓斌', gender: 'male', birth: '19980721', isPartyMember: false, title: '快递员', note: '常在“红色暖XIN”驿站歇脚' },
    { key: 'lyf', name: '连雅芳', gender: 'female', birth: '19921010', isPartyMember: false, grid: 'n4', title: '国潮文创店主' },
    { key: 'chm', name: '陈海明', gender: 'male', birth: '19801225', isPartyMember: false, grid: 'n5', title: '夜市摊主' },
    { key: 'hjm', name: '黄建明', gender: 'male', birth: '19810115', isPartyMember: true, unit: 'scjg', title: '所长' },
    { key: 'lcw', name: '林超伟', gender: 'male', birth: '19880505', isPartyMember: true, unit: 'cg', title: '中队长' },
    { key: 'zjj', name: '郑俊杰', gender: 'male', birth: '19900918', isPartyMember: true, unit: 'pcs', title: '社区民警' },
    { key: 'cyf', name: '陈宇峰', gender: 'male', birth: '19930327', isPartyMember: false, unit: 'xf', title: '消防员' },
    { key: 'lxq', name: '李晓琴', gender: 'female', birth: '19860626', isPartyMember: false, unit: 'sw', title: '税收管理员' },
    { key: 'wyq', name: '王艺清', gender: 'female', birth: '19890401', isPartyMember: true, unit: 'bank', title: '支行行长' },
    { key: 'cs', name: '蔡胜', gender: 'male', birth: '19791130', isPartyMember: true, unit: 'law', title: '律师' },
    { key: 'lxh', name: '林晓红', gender: 'female', birth: '19850808', isPartyMember: false, unit: 'wy', title: '物业经理' },
    { key: 'qzy', name: '邱志远', gender: 'male', birth: '19760212', isPartyMember: false, unit: 'cinema', title: '影城经理' },
    { key: 'lyh', name: '骆一航', gender: 'male', birth: '20040504', isPartyMember: false, unit: 'yz', title: '大学生志愿者' },
  ]),
  accounts: [
    { username: 'qg_admin', displayName: '郭丽芳', role: 'admin', person: 'glf' },
    { username: 'qg_cg', displayName: '林超伟', role: 'unit_handler', person: 'lcw', unit: 'cg' },
    { username: 'qg_scjg', displayName: '黄建明', role: 'unit_handler', person: 'hjm', unit: 'scjg' },
    { username: 'qg_yz', displayName: '骆一航', role: 'unit_handler', person: 'lyh', unit: 'yz' },
  ],
};

/** Gives each unit without a landline the mobile of its contact person (who must be in the people list). */
function withContactPhones(a: DemoAlliance): DemoAlliance {
  const units = a.units.map((u) => {
    if (u.contactPhone) return u;
    const p = a.people.find((x) => x.name === u.contactName);
    if (!p) throw new Error(`demo data: ${a.code} unit ${u.key} has no contact person ${u.contactName}`);
    return { ...u, contactPhone: p.phone };
  });
  return { ...a, units };
}

/** The demo alliances, in creation order. */
export const DEMO_ALLIANCES: DemoAlliance[] = [HHX, LJJ, QG].map(withContactPhones);

/** A 市场监管 officer who serves both HHX and LJJ: one account, two memberships, the alliance switcher. */
export const DEMO_SHARED_ACCOUNTS: DemoSharedAccount[] = [
  {
    username: 'shared_officer',
    displayName: '周卫东（市场监管联络员）',
    memberships: [
      { alliance: 'HHX', role: 'unit_handler', unit: 'scjg' },
      { alliance: 'LJJ', role: 'unit_handler', unit: 'scjg' },
    ],
  },
];

// ---------------------------------------------------------------------------------------------
// the accounts table (README, docs/DEMO.md, e2e tests)

/** One demo login: its role by name in the alliance it opens in, and every membership. */
export interface DemoAccount {
  username: string;
  displayName: string;
  password: string;
  /** role name in `alliance` (built-in role names), or 市级管理员 for the city administrator */
  role: string;
  /**
   * code of the alliance the account opens in; null for the city administrator. An account in several
   * alliances opens in one of them (the server orders memberships by alliance name, which is
   * collation-dependent): call POST /api/v1/auth/switch before relying on it.
   */
  alliance: string | null;
  memberships: Array<{ alliance: string; role: string }>;
}

function roleName(key: BuiltinRole['key']): string {
  const r = BUILTIN_ROLES.find((x) => x.key === key);
  if (!r) throw new Error(`demo data: unknown built-in role ${key}`);
  return r.name;
}

/** Every demo account with the shared public password. */
export const DEMO_ACCOUNTS: DemoAccount[] = [
  {
    username: DEMO_CITY_ADMIN.username,
    displayName: DEMO_CITY_ADMIN.displayName,
    password: DEMO_PASSWORD,
    role: '市级管理员',
    alliance: null,
    memberships: [],
  },
  ...DEMO_ALLIANCES.flatMap((a) =>
    a.accounts.map((acc) => ({
      username: acc.username,
      displayName: acc.displayName,
      password: DEMO_PASSWORD,
      role: roleName(acc.role),
      alliance: a.code,
      memberships: [{ alliance: a.code, role: roleName(acc.role) }],
    })),
  ),
  ...DEMO_SHARED_ACCOUNTS.map((s) => ({
    username: s.username,
    displayName: s.displayName,
    password: DEMO_PASSWORD,
    role: roleName((s.memberships[0] as DemoSharedAccount['memberships'][number]).role),
    alliance: (s.memberships[0] as DemoSharedAccount['memberships'][number]).alliance,
    memberships: s.memberships.map((m) => ({ alliance: m.alliance, role: roleName(m.role) })),
  })),
];
