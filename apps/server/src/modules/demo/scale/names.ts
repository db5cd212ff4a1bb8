/**
 * Realistic-looking Chinese identities for the generator: names, shop names, addresses, 统一社会信用代码, mobile numbers
 * and ID numbers. Check characters come from the domain validators, so every code validates the way the API checks it.
 */
import { completeCreditCode, idNumberCheckChar } from '@tongxin/domain';
import { int, pick, weighted, type Rand } from './rng.ts';

// the most common surnames with rough frequencies (第七次人口普查 order)
const SURNAMES = weighted<string>(
  (
    [
      ['王', 71],
      ['李', 70],
      ['张', 68],
      ['刘', 55],
      ['陈', 47],
      ['杨', 34],
      ['黄', 25],
      ['赵', 22],
      ['吴', 21],
      ['周', 20],
      ['徐', 15],
      ['孙', 15],
      ['马', 14],
      ['朱', 13],
      ['胡', 13],
      ['郭', 12],
      ['何', 12],
      ['林', 11],
      ['高', 11],
      ['罗', 11],
      ['郑', 10],
      ['梁', 10],
      ['谢', 8],
      ['宋', 8],
      ['唐', 8],
      ['许', 7],
      ['韩', 7],
      ['冯', 7],
      ['邓', 7],
      ['曹', 7],
      ['彭', 6],
      ['曾', 6],
      ['肖', 6],
      ['田', 6],
      ['董', 5],
      ['潘', 5],
      ['袁', 5],
      ['蔡', 5],
      ['蒋', 5],
      ['余', 5],
      ['于', 5],
      ['杜', 4],
      ['叶', 4],
      ['程', 4],
      ['魏', 4],
      ['苏', 4],
      ['吕', 4],
      ['丁', 4],
      ['任', 4],
      ['卢', 3],
      ['姚', 3],
      ['沈', 3],
      ['钟', 3],
      ['姜', 3],
      ['崔', 3],
      ['谭', 3],
      ['陆', 3],
      ['范', 3],
      ['汪', 3],
      ['廖', 3],
      ['石', 3],
      ['金', 3],
      ['贾', 2],
      ['夏', 2],
      ['付', 2],
      ['方', 2],
      ['邹', 2],
      ['熊', 2],
      ['白', 2],
      ['孟', 2],
      ['秦', 2],
      ['邱', 2],
      ['侯', 2],
      ['江', 2],
      ['尹', 2],
      ['薛', 2],
      ['闫', 2],
      ['段', 2],
      ['雷', 2],
      ['龙', 2],
      ['黎', 2],
      ['史', 2],
      ['陶', 2],
      ['贺', 2],
      ['毛', 2],
      ['郝', 2],
      ['顾', 2],
      ['龚', 2],
      ['邵', 2],
      ['万', 2],
      ['欧阳', 1],
      ['上官', 0.3],
      ['诸葛', 0.2],
    ] as Array<[string, number]>
  ).map(([s, w]) => [s, w] as const),
);
const GIVEN_M = [...'伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆帅旭宁龙林建国志海峰晨阳文博宏亮成东'];
const GIVEN_F = [...'芳娜敏静丽艳娟霞秀燕玲桂丹萍红琳洁婷雪慧颖倩琴云莉梅兰凤英华欣怡佳悦思雨晓'];

/** A person's name and gender. */
export function personName(rand: Rand): { name: string; gender: 'male' | 'female' } {
  const gender = rand() < 0.52 ? 'male' : 'female';
  const chars = gender === 'male' ? GIVEN_M : GIVEN_F;
  const given = rand() < 0.72 ? pick(rand, chars) + pick(rand, chars) : pick(rand, chars);
  return { name: SURNAMES(rand) + given, gender };
}

/** Cities with their districts, area codes (GB/T 2260, positions 3–8 of credit codes and ID numbers) and roads. */
export const CITIES: ReadonlyArray<{ city: string; area: string; districts: string[]; roads: string[] }> = [
  {
    city: '义乌市',
    area: '330782',
    districts: ['稠城街道', '北苑街道', '江东街道', '福田街道'],
    roads: ['宾王路', '稠州北路', '工人西路', '城中中路', '篁园路', '春晗路', '丹溪北路', '雪峰西路'],
  },
  {
    city: '南昌市',
    area: '360102',
    districts: ['东湖区', '西湖区', '红谷滩区', '青山湖区'],
    roads: ['中山路', '胜利路', '八一大道', '象山北路', '榕门路', '叠山路', '红谷中大道', '丰和中大道'],
  },
  {
    city: '泉州市',
    area: '350505',
    districts: ['山腰街道', '前黄镇', '涂岭镇', '南埔镇'],
    roads: ['港乾路', '驿峰路', '玉湖路', '沙格路', '前黄中路', '峰前路', '泉港大道', '海滨路'],
  },
  {
    city: '德州市',
    area: '371402',
    districts: ['新湖街道', '天衢街道', '新华街道', '运河街道'],
    roads: ['东风中路', '湖滨北大道', '天衢路', '新湖大街', '三八路', '解放中大道', '德兴大道', '大学西路'],
  },
  {
    city: '遵义市',
    area: '520302',
    districts: ['老城街道', '万里路街道', '中华路街道', '北京路街道'],
    roads: ['中华南路', '凤凰路', '万里路', '杨柳街', '子尹路', '丁字口街', '香港路', '延安路'],
  },
  {
    city: '杭州市',
    area: '330102',
    districts: ['湖滨街道', '清波街道', '小营街道', '望江街道'],
    roads: ['延安路', '解放路', '平海路', '河坊街', '中山中路', '庆春路', '南山路', '清泰街'],
  },
  {
    city: '成都市',
    area: '510104',
    districts: ['春熙路街道', '书院街街道', '合江亭街道', '督院街街道'],
    roads: ['春熙路', '总府路', '红星路', '东大街', '暑袜街', '走马街', '太升南路', '盐市口'],
  },
  {
    city: '武汉市',
    area: '420102',
    districts: ['江汉路街道', '民族街道', '花楼街道', '前进街道'],
    roads: ['江汉路', '中山大道', '解放大道', '花楼街', '民生路', '京汉大道', '自治街', '南京路'],
  },
  {
    city: '西安市',
    area: '610103',
    districts: ['解放门街道', '柏树林街道', '长乐中路街道', '中山门街道'],
    roads: ['东大街', '解放路', '东新街', '骡马市', '端履门', '建国路', '尚德路', '案板街'],
  },
  {
    city: '长沙市',
    area: '430102',
    districts: ['五里牌街道', '火星街道', '朝阳街道', '东屯渡街道'],
    roads: ['五一大道', '黄兴中路', '解放西路', '坡子街', '太平街', '蔡锷中路', '人民东路', '韶山北路'],
  },
];

const AREAS = ['步行街', '万达广场', '老街', '夜市', '中心商业街', '新天地', '梦时代', '商贸城', '古城', '美食街', '城市广场', '天街'];

/** The name, region and ticket-number code of the i-th generated alliance. */
export function allianceIdentity(i: number, rand: Rand): { code: string; name: string; region: string; cityIndex: number } {
  const cityIndex = i % CITIES.length;
  const c = CITIES[cityIndex] as (typeof CITIES)[number];
  const district = pick(rand, c.districts);
  const area = AREAS[Math.floor(i / CITIES.length) % AREAS.length] as string;
  const round = Math.floor(i / (CITIES.length * AREAS.length));
  const place = `${c.city.replace(/市$/, '')}${area}${round ? `${round + 1}期` : ''}`;
  return { code: `S${String(i + 1).padStart(3, '0')}`, name: `${place}商圈党建联盟`, region: `${c.city}${district}`, cityIndex };
}

const ROAD_SUFFIX = ['号', '号', '号', '号附近', '号底商'];

/** A street address inside the alliance's city: district, road, number and sometimes a shop number. */
export function address(rand: Rand, cityIndex: number): string {
  const c = CITIES[cityIndex] as (typeof CITIES)[number];
  const shop = rand() < 0.35 ? `${int(rand, 1, 3)}楼${int(rand, 101, 399)}铺` : '';
  return `${c.city}${pick(rand, c.districts)}${pick(rand, c.roads)}${int(rand, 1, 888)}${pick(rand, ROAD_SUFFIX)}${shop}`;
}

// shop names by business type: [prefixes, products, suffixes]
const SHOP_PARTS: Record<string, [string[], string[], string[]]> = {
  catering: [
    ['老王记', '张记', '川香', '湘味', '蜀都', '兰州', '沙县', '潮汕', '老街', '阿婆', '好运来', '味之源'],
    ['黄焖鸡米饭', '牛肉面', '小吃', '火锅', '麻辣烫', '烧烤', '饺子馆', '砂锅粥', '奶茶', '包子铺', '米粉', '快餐'],
    ['', '店', '馆', '（总店）', '分店'],
  ],
  retail: [
    ['鑫悦', '惠民', '好邻居', '万家', '佳乐', '百姓', '易购', '华联'],
    ['便利店', '超市', '烟酒店', '日杂', '水果店', '文具店', '茶叶店', '母婴店'],
    ['', '（旗舰店）', '分店'],
  ],
  clothing: [
    ['衣尚', '靓丽', '时代', '简约', '潮流前线', '金鹰', '锦绣'],
    ['服饰', '女装', '男装', '童装', '鞋业', '内衣', '箱包'],
    ['', '店', '专卖店'],
  ],
  beauty: [
    ['美丽', '丝域', '名剪', '伊人', '悦容', '发艺'],
    ['美发', '美容', '美甲', '养生馆', '造型'],
    ['', '店', '工作室', '会所'],
  ],
  life_service: [
    ['洁净', '快捷', '邻里', '安心', '诚信'],
    ['洗衣', '家政', '开锁', '快递驿站', '照相馆', '彩票站'],
    ['', '店', '服务部'],
  ],
  lodging: [
    ['如家', '悦来', '锦江', '福满', '商旅'],
    ['宾馆', '酒店', '民宿', '公寓'],
    ['', '（商业街店）'],
  ],
  entertainment: [
    ['星光', '欢乐', '嗨歌', '极速'],
    ['KTV', '网咖', '桌游', '电玩城', '台球'],
    ['', '俱乐部', '会所'],
  ],
  education: [
    ['启航', '育才', '博学', '小天才', '英才'],
    ['培训', '书法', '舞蹈', '美术', '编程'],
    ['中心', '学校', '工作室'],
  ],
  pharmacy: [
    ['百草堂', '仁和', '康宁', '益丰', '老百姓'],
    ['大药房', '药店', '诊所', '中医馆'],
    ['', '（连锁）'],
  ],
  repair: [
    ['老李', '诚信', '快修', '精工'],
    ['手机维修', '家电维修', '修车', '配钥匙', '修鞋'],
    ['', '店', '部'],
  ],
  wholesale: [
    ['义乌', '鸿运', '汇丰', '鑫源', '宏达'],
    ['小商品', '饰品', '五金', '日用品', '玩具', '工艺品'],
    ['批发部', '商行', '贸易商行', '经营部'],
  ],
  other: [
    ['众诚', '宏图', '新世纪', '合众'],
    ['商贸', '文化传媒', '电子', '科技'],
    ['有限公司', '经营部', '工作室'],
  ],
};

/** A shop name of the given business type. */
export function shopName(rand: Rand, businessType: string): string {
  const [a, b, c] = SHOP_PARTS[businessType] ?? (SHOP_PARTS.other as [string[], string[], string[]]);
  return pick(rand, a) + pick(rand, b) + pick(rand, c);
}

const CREDIT_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const BODY_SPACE = 31n ** 8n;
// a multiplier coprime with 31: index → organisation-code body is a bijection, so codes never collide
const SCRAMBLE = 2_654_435_761n;

/**
 * A valid 统一社会信用代码 for the n-th merchant (unique for distinct n below 31^8): 92 (个体工商户) or 91 (企业),
 * the city's area code, an 8-character body and both check characters computed by the domain validators.
 */
export function creditCode(n: number, areaCode: string, individual: boolean): string {
  let v = (BigInt(n) * SCRAMBLE + 7_654_321_123n) % BODY_SPACE;
  let body = '';
  for (let i = 0; i < 8; i++) {
    body = CREDIT_CHARSET[Number(v % 31n)] + body;
    v /= 31n;
  }
  const code = completeCreditCode(`${individual ? '92' : '91'}${areaCode}${body}`);
  if (!code) throw new Error(`generator: could not complete credit code body ${body}`);
  return code;
}

const MOBILE_PREFIXES = [
  '130',
  '131',
  '132',
  '133',
  '135',
  '136',
  '137',
  '138',
  '139',
  '150',
  '151',
  '152',
  '153',
  '155',
  '156',
  '157',
  '158',
  '159',
  '166',
  '176',
  '177',
  '178',
  '180',
  '181',
  '182',
  '183',
  '185',
  '186',
  '187',
  '188',
  '189',
  '191',
  '198',
  '199',
];

/** A mainland mobile number (^1[3-9]\d{9}$). */
export function mobile(rand: Rand): string {
  return pick(rand, MOBILE_PREFIXES) + String(Math.floor(rand() * 1e8)).padStart(8, '0');
}

/** A 居民身份证 number (GB 11643) born 1960–2000 in the given area, with its check character. */
export function residentId(rand: Rand, areaCode: string, gender: 'male' | 'female'): string {
  const y = int(rand, 1960, 2000);
  const m = int(rand, 1, 12);
  const d = int(rand, 1, 28);
  const seq = int(rand, 0, 499) * 2 + (gender === 'male' ? 1 : 0);
  const first = `${areaCode}${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}${String(seq).padStart(3, '0')}`;
  return first + idNumberCheckChar(first);
}
