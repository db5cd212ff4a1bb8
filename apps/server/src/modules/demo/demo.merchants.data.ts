/**
 * The demo merchants of each alliance: pure data, no I/O. Shops are those the seeds describe (义乌 宾王路 and the
 * malls of 通惠社区, 遵义 六角井's 党员(商户)中心户, 泉港 永嘉国潮街区's 十邻铺); the demo tickets name several of
 * them (荷花童装, 丝路中东餐厅, 杨记羊肉粉, 文静母婴, 福茶茶叶店). Every credit code is FICTIONAL: a made-up
 * 主体标识码 with both check characters computed (GB 11714, GB 32100); phones follow the demo's fictional patterns.
 */
import { completeCreditCode, type MerchantBusinessType } from '@tongxin/domain';

export interface DemoMerchant {
  name: string;
  type: MerchantBusinessType;
  /** grid key of demo.data.ts */
  grid: string;
  address: string;
  /** person key of demo.data.ts: the operator is a person of the alliance */
  operator?: string;
  /** the operator's name as typed (when not a person of the alliance) */
  operatorName?: string;
  partyMember?: boolean;
  phone?: string;
  closed?: boolean;
  /** GCJ-02, as Amap shows the shop */
  at?: [number, number];
  /** 营商环境监测点: the person key of its 居务联络员 */
  liaison?: string;
  /** what that liaison reported from the phone (监测点反馈, a service issue) and the unit key it concerns */
  liaisonFeedback?: { text: string; concerns?: string };
  /** a company (91…) rather than an individual business (92…) */
  company?: boolean;
}

export interface DemoMerchantSet {
  /** GB/T 2260 area of the registering authority */
  area: string;
  /** two characters that make each alliance's fictional 主体标识码 distinct */
  tag: string;
  merchants: DemoMerchant[];
}

/** The fictional credit code of the i-th merchant of a set. */
export function demoCreditCode(set: DemoMerchantSet, i: number, company = false): string {
  const code = completeCreditCode(`${company ? '91' : '92'}${set.area}MA${set.tag}${String(i + 1).padStart(4, '0')}`);
  if (!code) throw new Error(`demo data: bad credit code body for ${set.tag} ${i}`);
  return code;
}

const HHX: DemoMerchantSet = {
  area: '330782',
  tag: '2H',
  merchants: [
    {
      name: '荷花童装',
      type: 'clothing',
      grid: 'xtd_s1',
      address: '义乌市稠城街道工人北路新天地精品商厦2F-15',
      operator: 'wlj',
      phone: '13800005001',
      at: [120.0718, 29.3072],
    },
    { name: '晶彩饰品', type: 'retail', grid: 'xtd_s2', address: '义乌市稠城街道工人北路新天地精品商厦1F-03', operator: 'lfang', phone: '13800005002' },
    { name: '佳人化妆品专柜', type: 'retail', grid: 'yt_s1', address: '义乌市稠城街道工人北路银泰百货1F-08', operator: 'cxy', phone: '13800005003' },
    {
      name: '义味小笼包',
      type: 'catering',
      grid: 'yt_s2',
      address: '义乌市稠城街道工人北路银泰百货B1-12',
      operator: 'wjh',
      partyMember: true,
      phone: '13800005004',
    },
    { name: '小候鸟书吧', type: 'education', grid: 'yx_s1', address: '义乌市稠城街道稠州中路义乌之心购物中心3F-21', operator: 'yfan', phone: '13800005005' },
    {
      name: '老义乌红糖馆',
      type: 'catering',
      grid: 'yx_s2',
      address: '义乌市稠城街道稠州中路义乌之心购物中心4F-06',
      operator: 'gxm',
      partyMember: true,
      phone: '13800005006',
      liaison: 'cwh',
      liaisonFeedback: {
        text: '义乌之心四楼到五楼的扶梯周末经常停运，老人和推婴儿车的顾客上楼很不方便，几家店的客流都受了影响，希望商场周末保证扶梯正常运行。',
        concerns: 'yxzx',
      },
    },
    { name: '金华火腿铺', type: 'retail', grid: 'sc_s1', address: '义乌市稠城街道通惠农贸市场A-05', operator: 'zxp', partyMember: true, phone: '13800005007' },
    { name: '义乌红糖批发', type: 'wholesale', grid: 'sc_s2', address: '义乌市稠城街道通惠农贸市场B-11', operator: 'lzq', phone: '13800005008' },
    {
      name: '丝路中东餐厅',
      type: 'catering',
      grid: 'jq_s1',
      address: '义乌市稠城街道宾王路88号',
      operator: 'mha',
      phone: '13800005009',
      at: [120.0731, 29.3061],
      liaison: 'wsy',
    },
    { name: '恒河饰品外贸', type: 'wholesale', grid: 'jq_s2', address: '义乌市稠城街道宾王路102号', operator: 'pls', phone: '13800005010' },
    { name: '汉江韩式饰品', type: 'retail', grid: 'jq_s3', address: '义乌市稠城街道宾王路116号', operator: 'kmh', phone: '13800005011' },
    {
      name: '银泰百货义乌店',
      type: 'retail',
      grid: 'yt',
      address: '义乌市稠城街道工人北路1号',
      operatorName: '蒋涛',
      partyMember: true,
      phone: '0579-85557001',
      company: true,
    },
    { name: '宾王路兰州牛肉拉面', type: 'catering', grid: 'jq', address: '义乌市稠城街道宾王路126号', operatorName: '马文忠', phone: '13800005013' },
    {
      name: '通惠大药房',
      type: 'pharmacy',
      grid: 'w2',
      address: '义乌市稠城街道稠州中路215号',
      operatorName: '金丽君',
      partyMember: true,
      phone: '0579-85557002',
    },
    { name: '工人北路家电维修', type: 'repair', grid: 'w1', address: '义乌市稠城街道工人北路56号', operatorName: '楼建平', phone: '13800005015' },
    { name: '丽人坊美发', type: 'beauty', grid: 'w2', address: '义乌市稠城街道稠州中路198号', operatorName: '王晓丹', phone: '13800005016' },
    { name: '宾王商务宾馆', type: 'lodging', grid: 'w3', address: '义乌市稠城街道宾王路66号', operatorName: '吴春林', phone: '0579-85557003', company: true },
    { name: '通惠快洗店', type: 'life_service', grid: 'w1', address: '义乌市稠城街道工人北路78号', operatorName: '陈小英', phone: '13800005018' },
    {
      name: '星海量贩KTV',
      type: 'entertainment',
      grid: 'w2',
      address: '义乌市稠城街道稠州中路260号3楼',
      operatorName: '傅志强',
      phone: '0579-85557004',
      company: true,
    },
    { name: '老街炒货', type: 'retail', grid: 'sc', address: '义乌市稠城街道通惠农贸市场C-02', operatorName: '朱美芬', phone: '13800005020', closed: true },
  ],
};

const LJJ: DemoMerchantSet = {
  area: '520303',
  tag: '6J',
  merchants: [
    {
      name: '杨记羊肉粉',
      type: 'catering',
      grid: 'c1',
      address: '遵义市新蒲新区六角井社区六角井商圈1号',
      operator: 'yxf',
      partyMember: true,
      phone: '13900005001',
      at: [106.9781, 27.7301],
    },
    {
      name: '王家豆花面',
      type: 'catering',
      grid: 'c2',
      address: '遵义市新蒲新区六角井社区六角井商圈9号',
      operator: 'wjf',
      partyMember: true,
      phone: '13900005002',
    },
    {
      name: '李记鸡蛋糕',
      type: 'catering',
      grid: 'c3',
      address: '遵义市新蒲新区六角井社区商业楼盘A栋3号',
      operator: 'lhong',
      partyMember: true,
      phone: '13900005003',
      liaison: 'hyj',
    },
    {
      name: '国强五金',
      type: 'retail',
      grid: 'c4',
      address: '遵义市新蒲新区六角井社区商业楼盘B栋12号',
      operator: 'zgq',
      partyMember: true,
      phone: '13900005004',
    },
    {
      name: '德明火锅',
      type: 'catering',
      grid: 'c6',
      address: '遵义市新蒲新区新蒲商业街18号',
      operator: 'cdm',
      partyMember: true,
      phone: '13900005005',
      at: [106.9795, 27.7288],
    },
    {
      name: '文静母婴',
      type: 'retail',
      grid: 'c7',
      address: '遵义市新蒲新区新蒲商业街26号',
      operator: 'lwj',
      partyMember: true,
      phone: '13900005006',
      liaison: 'rxl',
    },
    { name: '吴海手机维修', type: 'repair', grid: 'c1', address: '遵义市新蒲新区六角井社区六角井商圈5号', operator: 'wh', phone: '13900005007' },
    { name: '赵丽奶茶', type: 'catering', grid: 'c3', address: '遵义市新蒲新区六角井社区商业楼盘A栋6号', operator: 'zl', phone: '13900005008' },
    { name: '田强烧烤', type: 'catering', grid: 'c6', address: '遵义市新蒲新区新蒲商业街30号', operator: 'tq', phone: '13900005009' },
    { name: '六角井大药房', type: 'pharmacy', grid: 'p1', address: '遵义市新蒲新区六角井社区六角井商圈12号', operatorName: '罗德贵', phone: '0851-85557001' },
    { name: '鸭溪凉粉店', type: 'catering', grid: 'p1', address: '遵义市新蒲新区六角井社区六角井商圈15号', operatorName: '陈桂兰', phone: '13900005011' },
    {
      name: '虾子辣椒批发部',
      type: 'wholesale',
      grid: 'p4',
      address: '遵义市新蒲新区新蒲商业街42号',
      operatorName: '杨光明',
      partyMember: true,
      phone: '13900005012',
    },
    { name: '林达阳光城童装馆', type: 'clothing', grid: 'p2', address: '遵义市新蒲新区林达阳光城购物中心2F-08', operatorName: '冯琴', phone: '13900005013' },
    { name: '新蒲剪艺美发', type: 'beauty', grid: 'p4', address: '遵义市新蒲新区新蒲商业街8号', operatorName: '王磊', phone: '13900005014' },
    {
      name: '六角井家政服务部',
      type: 'life_service',
      grid: 'p3',
      address: '遵义市新蒲新区六角井社区还房小区2栋1层',
      operatorName: '黄小燕',
      phone: '13900005015',
    },
    {
      name: '星空书画培训',
      type: 'education',
      grid: 'p2',
      address: '遵义市新蒲新区林达阳光城购物中心4F-02',
      operatorName: '龙飞',
      phone: '0851-85557002',
      company: true,
    },
    {
      name: '新蒲悦居酒店',
      type: 'lodging',
      grid: 'p4',
      address: '遵义市新蒲新区新蒲商业街66号',
      operatorName: '张志远',
      phone: '0851-85557003',
      company: true,
    },
  ],
};

const QG: DemoMerchantSet = {
  area: '350505',
  tag: '3Q',
  merchants: [
    {
      name: '五里海沙餐饮永嘉店',
      type: 'catering',
      grid: 'n1',
      address: '泉州市泉港区山腰街道永嘉国潮街区美食街东段3号',
      operator: 'gjh',
      partyMember: true,
      phone: '13700005001',
      company: true,
      at: [118.8852, 25.1574],
    },
    {
      name: '福茶茶叶店',
      type: 'retail',
      grid: 'n1',
      address: '泉州市泉港区山腰街道永嘉国潮街区美食街东段7号',
      operator: 'czm',
      phone: '13700005002',
      liaison: 'cbz',
    },
    { name: '林伟咖啡', type: 'catering', grid: 'n2', address: '泉州市泉港区山腰街道永嘉国潮街区美食街西段2号', operator: 'lw', phone: '13700005003' },
    {
      name: '福盐特产店',
      type: 'retail',
      grid: 'n3',
      address: '泉州市泉港区山腰街道永嘉国潮街区五号商业楼1F-05',
      operator: 'hxl',
      partyMember: true,
      phone: '13700005004',
    },
    {
      name: '国潮文创',
      type: 'retail',
      grid: 'n4',
      address: '泉州市泉港区山腰街道永嘉国潮街区国潮文创街11号',
      operator: 'lyf',
      phone: '13700005005',
      liaison: 'lml',
    },
    { name: '海明夜市烧烤', type: 'catering', grid: 'n5', address: '泉州市泉港区山腰街道永嘉国潮街区夜市摊区18号', operator: 'chm', phone: '13700005006' },
    {
      name: '山腰卤面',
      type: 'catering',
      grid: 'n1',
      address: '泉州市泉港区山腰街道永嘉国潮街区美食街东段12号',
      operatorName: '郭秀琴',
      partyMember: true,
      phone: '13700005007',
    },
    {
      name: '泉港土笋冻',
      type: 'catering',
      grid: 'n2',
      address: '泉州市泉港区山腰街道永嘉国潮街区美食街西段9号',
      operatorName: '林阿婆',
      phone: '13700005008',
    },
    {
      name: '永嘉国潮服饰',
      type: 'clothing',
      grid: 'n3',
      address: '泉州市泉港区山腰街道永嘉国潮街区五号商业楼1F-12',
      operatorName: '连晓燕',
      phone: '13700005009',
    },
    { name: '惠女造型', type: 'beauty', grid: 'n4', address: '泉州市泉港区山腰街道永嘉国潮街区国潮文创街3号', operatorName: '庄丽华', phone: '13700005010' },
    {
      name: '永嘉大药房',
      type: 'pharmacy',
      grid: 'n3',
      address: '泉州市泉港区山腰街道永嘉国潮街区五号商业楼1F-01',
      operatorName: '黄志诚',
      partyMember: true,
      phone: '0595-85557001',
      company: true,
    },
    { name: '山腰五金维修', type: 'repair', grid: 'n5', address: '泉州市泉港区山腰街道永嘉国潮街区夜市摊区2号', operatorName: '柯金水', phone: '13700005012' },
    {
      name: '永嘉国潮影城',
      type: 'entertainment',
      grid: 'n3',
      address: '泉州市泉港区山腰街道永嘉国潮街区五号商业楼3层',
      operatorName: '邱志远',
      phone: '0595-85550309',
      company: true,
    },
    {
      name: '港城书法培训',
      type: 'education',
      grid: 'n4',
      address: '泉州市泉港区山腰街道永嘉国潮街区国潮文创街20号',
      operatorName: '肖文博',
      phone: '13700005014',
    },
    {
      name: '山腰海鲜干货批发',
      type: 'wholesale',
      grid: 'n2',
      address: '泉州市泉港区山腰街道永嘉国潮街区美食街西段21号',
      operatorName: '陈国平',
      phone: '13700005015',
    },
    {
      name: '永嘉驿站民宿',
      type: 'lodging',
      grid: 'sq',
      address: '泉州市泉港区山腰街道永嘉国潮街区北侧8号',
      operatorName: '林志强',
      phone: '13700005016',
      closed: true,
    },
  ],
};

/** Demo merchants by alliance code. */
export const DEMO_MERCHANT_SETS: Record<string, DemoMerchantSet> = { HHX, LJJ, QG };
