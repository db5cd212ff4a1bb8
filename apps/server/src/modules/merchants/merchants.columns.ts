import { MERCHANT_BUSINESS_TYPE_LABELS, MERCHANT_BUSINESS_TYPES, MERCHANT_STATUS_LABELS, MERCHANT_STATUSES } from '@tongxin/domain';

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
}

/** Template columns in order; headers are matched by text on import (order and extra columns do not matter). */
export const COLUMNS: Column[] = [
  { key: 'name', header: '商户名称', en: 'Merchant name', required: true, width: 28, note: '营业执照上的名称或店招名称，100 字以内' },
  {
    key: 'creditCode',
    header: '统一社会信用代码',
    en: 'Unified social credit code',
    required: true,
    text: true,
    width: 24,
    note: '18 位，个体工商户以 92 开头；按 GB 32100 校验两个校验位。重复导入时按此代码更新',
  },
  { key: 'businessType', header: '业态', en: 'Business type', required: true, list: 'businessType', width: 12, note: '从下拉列表选择' },
  { key: 'status', header: '经营状态', en: 'Status', required: false, list: 'status', width: 10, note: '在营 / 已歇业，留空为在营' },
  { key: 'grid', header: '所属网格', en: 'Grid cell', required: false, list: 'grid', width: 30, note: '从下拉列表选择，或填写网格编码' },
  { key: 'address', header: '经营地址', en: 'Address', required: false, width: 36, note: '200 字以内' },
  { key: 'operatorName', header: '经营者', en: 'Operator name', required: false, width: 12, note: '经营者姓名' },
  { key: 'partyMember', header: '党员经营户', en: 'Party-member operator', required: false, list: 'yesNo', width: 10, note: '是 / 否，留空为否' },
  {
    key: 'contactPhone',
    header: '联系电话',
    en: 'Contact phone',
    required: false,
    text: true,
    width: 16,
    note: '手机号或固定电话（如 0579-85551234）；加密保存，导出时脱敏。导出文件中的脱敏号码重新导入时保持原号码不变',
  },
  { key: 'lng', header: '经度', en: 'Longitude', required: false, width: 12, note: '可选，与纬度一起填写' },
  { key: 'lat', header: '纬度', en: 'Latitude', required: false, width: 12, note: '可选，与经度一起填写' },
  {
    key: 'crs',
    header: '坐标系',
    en: 'Coordinate system',
    required: false,
    list: 'crs',
    width: 10,
    note: 'WGS-84（GPS）或 GCJ-02（高德/腾讯地图），留空为 WGS-84',
  },
];

export const REASON_HEADER = '错误原因';
export const ROW_HEADER = '原行号';
export const DATA_SHEET = '商户';
export const NOTES_SHEET = '填写说明';
export const DICT_SHEET = '字典';

export const YES = '是';
export const NO = '否';
export const CRS_LABELS = { wgs84: 'WGS-84', gcj02: 'GCJ-02' } as const;

/** Business-type label → code (labels and codes both accepted). */
export const BUSINESS_TYPE_BY_TEXT = new Map<string, string>([
  ...MERCHANT_BUSINESS_TYPES.map((c) => [MERCHANT_BUSINESS_TYPE_LABELS[c], c] as [string, string]),
  ...MERCHANT_BUSINESS_TYPES.map((c) => [c, c] as [string, string]),
]);

/** Status label → code; 营业中 is how people often write 在营. */
export const STATUS_BY_TEXT = new Map<string, string>([
  ...MERCHANT_STATUSES.map((c) => [MERCHANT_STATUS_LABELS[c], c] as [string, string]),
  ...MERCHANT_STATUSES.map((c) => [c, c] as [string, string]),
  ['营业中', 'operating'],
  ['正常', 'operating'],
  ['歇业', 'closed'],
  ['注销', 'closed'],
]);

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
