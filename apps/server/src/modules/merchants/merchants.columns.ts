import type { PageLang } from '../../lib/pageLang.ts';
import {
  MERCHANT_BUSINESS_TYPE_LABELS,
  MERCHANT_BUSINESS_TYPE_LABELS_EN,
  MERCHANT_BUSINESS_TYPES,
  MERCHANT_STATUS_LABELS,
  MERCHANT_STATUS_LABELS_EN,
  MERCHANT_STATUSES,
  maskFreeText,
  PLAQUE_LABELS,
  PLAQUE_LABELS_EN,
} from '@tongxin/domain';

/** The fields of a merchant that the Excel template carries (the upsert key is creditCode). */
export type ColumnKey =
  'name' | 'creditCode' | 'businessType' | 'status' | 'grid' | 'address' | 'operatorName' | 'partyMember' | 'contactPhone' | 'lng' | 'lat' | 'crs';

export interface Column {
  key: ColumnKey;
  header: string;
  /** the header of an English export; import reads either */
  en: string;
  required: boolean;
  /** stored and shown as text so that Excel, WPS and LibreOffice keep leading zeros and all 18 characters */
  text?: boolean;
  /** the 字典 sheet column holding the drop-down values */
  list?: 'businessType' | 'status' | 'grid' | 'yesNo' | 'crs';
  width: number;
  note: string;
  /** the note of an English template */
  enNote: string;
}

/** Template columns in order; headers are matched by text on import (order and extra columns do not matter). */
export const COLUMNS: Column[] = [
  {
    key: 'name',
    header: '商户名称',
    en: 'Merchant name',
    required: true,
    width: 28,
    note: '营业执照上的名称或店招名称，100 字以内',
    enNote: 'The name on the business licence or the shop sign, at most 100 characters',
  },
  {
    key: 'creditCode',
    header: '统一社会信用代码',
    en: 'Unified social credit code',
    required: true,
    text: true,
    width: 24,
    note: '18 位，个体工商户以 92 开头；按 GB 32100 校验两个校验位。重复导入时按此代码更新',
    enNote: '18 characters, 92… for sole proprietors; both check characters are verified (GB 32100). A repeated import updates the merchant with this code',
  },
  {
    key: 'businessType',
    header: '业态',
    en: 'Business type',
    required: true,
    list: 'businessType',
    width: 12,
    note: '从下拉列表选择',
    enNote: 'Choose from the drop-down (e.g. Catering)',
  },
  {
    key: 'status',
    header: '经营状态',
    en: 'Status',
    required: false,
    list: 'status',
    width: 10,
    note: '在营 / 已歇业，留空为在营',
    enNote: 'Operating or Closed; empty means Operating',
  },
  {
    key: 'grid',
    header: '所属网格',
    en: 'Grid cell',
    required: false,
    list: 'grid',
    width: 30,
    note: '从下拉列表选择，或填写网格编码',
    enNote: 'Choose from the drop-down, or type the grid code',
  },
  { key: 'address', header: '经营地址', en: 'Address', required: false, width: 36, note: '200 字以内', enNote: 'At most 200 characters' },
  { key: 'operatorName', header: '经营者', en: 'Operator name', required: false, width: 12, note: '经营者姓名', enNote: 'The name of the operator' },
  {
    key: 'partyMember',
    header: '党员经营户',
    en: 'Party-member operator',
    required: false,
    list: 'yesNo',
    width: 10,
    note: '是 / 否，留空为否',
    enNote: 'Yes or No; empty means No',
  },
  {
    key: 'contactPhone',
    header: '联系电话',
    en: 'Contact phone',
    required: false,
    text: true,
    width: 16,
    note: '手机号或固定电话（如 0579-85551234）；加密保存，导出时脱敏。导出文件中的脱敏号码重新导入时保持原号码不变',
    enNote: 'Mobile or landline (e.g. 0579-85551234); stored encrypted, masked in exports. A masked number from an export keeps the stored one',
  },
  { key: 'lng', header: '经度', en: 'Longitude', required: false, width: 12, note: '可选，与纬度一起填写', enNote: 'Optional, together with the latitude' },
  { key: 'lat', header: '纬度', en: 'Latitude', required: false, width: 12, note: '可选，与经度一起填写', enNote: 'Optional, together with the longitude' },
  {
    key: 'crs',
    header: '坐标系',
    en: 'Coordinate system',
    required: false,
    list: 'crs',
    width: 10,
    note: 'WGS-84（GPS）或 GCJ-02（高德/腾讯地图），留空为 WGS-84',
    enNote: 'WGS-84 (GPS) or GCJ-02 (Amap / Tencent maps); empty means WGS-84',
  },
];

export const DATA_SHEET = '商户';
export const DICT_SHEET = '字典';

/**
 * The words of the template and of the error report, per file language (fileLang). The dictionary cell values are in
 * the file's language too (CELL_VALUES): the import reads either language's.
 */
export const SHEET_TEXT = {
  zh: {
    template: '商户导入模板.xlsx',
    dict: DICT_SHEET,
    dictTitles: ['业态', '经营状态', '网格', '是否', '坐标系'],
    reportSuffix: '-错误报告.xlsx',
    data: DATA_SHEET,
    notes: '填写说明',
    notesHeaders: ['列名', '是否必填', '说明'],
    required: '必填',
    optional: '选填',
    pick: '请从下拉列表中选择',
    noGrids: '（本联盟尚无网格）',
    row: '原行号',
    reason: '错误原因',
    howTo: [
      ['导入方式', '“仅导入正确行”：正确的行入库，错误的行写入错误报告；“全部正确才导入”：有任何错误则全部不入库。'],
      ['重复导入', '按统一社会信用代码更新已登记的商户；同一文件导入两次结果相同，不会产生重复商户。'],
      ['错误报告', '被拒绝的行原样列出，并在最后一列“错误原因”说明全部问题；修改后可直接再次导入该报告。'],
    ],
  },
  en: {
    template: 'Merchant import template.xlsx',
    dict: 'Lists',
    dictTitles: ['Business type', 'Status', 'Grid cell', 'Yes / No', 'Coordinate system'],
    reportSuffix: '-error report.xlsx',
    data: 'Merchants',
    notes: 'Instructions',
    notesHeaders: ['Column', 'Required', 'Notes'],
    required: 'Required',
    optional: 'Optional',
    pick: 'Please choose from the drop-down list',
    noGrids: '(no grid cells in this alliance yet)',
    row: 'Row',
    reason: 'Error reasons',
    howTo: [
      [
        'Values',
        'Business type, status and party-member operator take the values of the drop-downs (e.g. Catering, Operating / Closed, Yes / No), in any letter case; the Chinese values (餐饮, 在营 / 已歇业, 是 / 否) are read too.',
      ],
      [
        'Import mode',
        '“Valid rows only”: valid rows are saved, the others go into the error report; “All or nothing”: nothing is saved if any row has an error.',
      ],
      ['Repeated import', 'Merchants are updated by their unified social credit code; importing the same file twice gives the same result, never duplicates.'],
      ['Error report', 'Rejected rows are listed as read, with every problem in the last column, “Error reasons”; fix them and import the report again.'],
    ],
  },
} as const satisfies Record<PageLang, unknown>;

export const CRS_LABELS = { wgs84: 'WGS-84', gcj02: 'GCJ-02' } as const;

/**
 * The dictionary values a file writes in its language (export cells, template drop-downs): an English export reads as
 * English and still imports back, since the import takes either language's values (English in any letter case).
 */
export const CELL_VALUES = {
  zh: {
    businessType: MERCHANT_BUSINESS_TYPE_LABELS,
    status: MERCHANT_STATUS_LABELS,
    yes: '是',
    no: '否',
    flag: { red: '红旗', yellow: '黄旗' },
    plaque: PLAQUE_LABELS,
    listSep: '、',
  },
  en: {
    businessType: MERCHANT_BUSINESS_TYPE_LABELS_EN,
    status: MERCHANT_STATUS_LABELS_EN,
    yes: 'Yes',
    no: 'No',
    flag: { red: 'Red flag', yellow: 'Yellow flag' },
    plaque: PLAQUE_LABELS_EN,
    listSep: ', ',
  },
} as const satisfies Record<PageLang, unknown>;

/** The lookup key of a cell's text: English matches in any letter case and spacing; Chinese is unchanged by it. */
const key = (text: string) => text.replace(/\s+/g, ' ').trim().toLowerCase();

/** A text → code lookup over both languages' labels, the codes themselves and `extra` synonyms. */
function lookup<C extends string>(codes: readonly C[], labels: Array<Record<C, string>>, extra: Array<[string, C]> = []): (text: string) => C | undefined {
  const m = new Map<string, C>([...codes.map((c) => [key(c), c] as [string, C]), ...extra.map(([t, c]) => [key(t), c] as [string, C])]);
  for (const l of labels) for (const c of codes) m.set(key(l[c]), c);
  return (text) => m.get(key(text));
}

/** The business-type code a cell names: its Chinese or English label, or the code. */
export const businessTypeOf = lookup(MERCHANT_BUSINESS_TYPES, [MERCHANT_BUSINESS_TYPE_LABELS, MERCHANT_BUSINESS_TYPE_LABELS_EN]);

/** The status code a cell names (labels of both languages, codes); 营业中 is how people often write 在营. */
export const statusOf = lookup(
  MERCHANT_STATUSES,
  [MERCHANT_STATUS_LABELS, MERCHANT_STATUS_LABELS_EN],
  [
    ['营业中', 'operating'],
    ['正常', 'operating'],
    ['歇业', 'closed'],
    ['注销', 'closed'],
  ],
);

/** A yes/no cell as 1/0 (empty is no) in either language, or null for anything else. */
export function yesNoOf(text: string): 0 | 1 | null {
  const v = key(text);
  if (['', CELL_VALUES.zh.no, 'n', 'no', 'false', '0'].includes(v)) return 0;
  if ([CELL_VALUES.zh.yes, 'y', 'yes', 'true', '1'].includes(v)) return 1;
  return null;
}

/** The header text without the required mark, spaces and notes in brackets. */
export function normalizeHeader(h: string): string {
  return h
    .replace(/[*＊\s]/g, '')
    .replace(/[（(].*?[)）]/g, '')
    .trim();
}

const byHeader = new Map<string, Column>(COLUMNS.flatMap((c) => [[normalizeHeader(c.header), c] as const, [normalizeHeader(c.en).toLowerCase(), c] as const]));

/** The template column a header names, in Chinese or (from an English export) in English; undefined for others. */
export function columnOf(header: string): Column | undefined {
  const h = normalizeHeader(header);
  return byHeader.get(h) ?? byHeader.get(h.toLowerCase());
}

/** A grid's label in the template's drop-down: code and name. */
export function gridLabel(g: { code: string | null; name: string }): string {
  return g.code ? `${g.code} ${g.name}` : g.name;
}

/** A grid cell as the template's drop-down and the export show it: a name stored with a phone or ID number masked. */
export function shownGridLabel(g: { code: string | null; name: string }): string {
  return gridLabel({ code: g.code, name: maskFreeText(g.name) });
}
