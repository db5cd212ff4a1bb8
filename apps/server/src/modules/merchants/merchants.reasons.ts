import type { PageLang } from '../../lib/pageLang.ts';
import { CRS_LABELS } from './merchants.columns.ts';

/**
 * The reasons an import gives for a rejected row, per language of the import request (fileLang): they go into the
 * answer's `errors` and the report's 错误原因 / Error reasons column. The dictionary values they quote are those of the
 * same language (CELL_VALUES; the import reads either language's).
 */
export const IMPORT_REASONS = {
  zh: {
    code: {
      length: '统一社会信用代码应为 18 位',
      charset: '统一社会信用代码含有不允许的字符（不使用 I、O、S、V、Z）',
      org_check: '统一社会信用代码第 9–17 位（组织机构代码）校验位不符',
      check: '统一社会信用代码第 18 位校验码不符',
    } as Record<string, string>,
    nameRequired: '商户名称必填',
    nameTooLong: '商户名称超过 100 字',
    nameHasNumber: '商户名称中不能含有手机号或身份证号（电话请填在联系电话列）',
    codeRequired: '统一社会信用代码必填',
    codeNumeric: '统一社会信用代码被存成了数字（末位可能已丢失），请将该列设为文本后重新填写',
    typeRequired: '业态必填',
    typeUnknown: (v: string) => `业态“${v}”不在字典中`,
    statusUnknown: (v: string) => `经营状态“${v}”应为 在营 或 已歇业`,
    gridAmbiguous: (v: string) => `网格名称“${v}”不唯一，请从下拉列表选择或填写网格编码`,
    gridUnknown: (v: string) => `网格“${v}”不存在`,
    addressTooLong: '经营地址超过 200 字',
    operatorTooLong: '经营者姓名超过 32 字',
    operatorHasNumber: '经营者姓名中不能含有手机号或身份证号（电话请填在联系电话列）',
    partyMember: '党员经营户应填 是 或 否',
    phone: '联系电话格式不正确（手机号或固定电话）',
    crs: `坐标系应为 ${CRS_LABELS.wgs84} 或 ${CRS_LABELS.gcj02}`,
    lngLatPair: '经度和纬度须同时填写',
    lng: (v: string) => `经度“${v}”不正确`,
    lat: (v: string) => `纬度“${v}”不正确`,
    duplicate: (row: number) => `与第 ${row} 行的统一社会信用代码重复`,
    maskedPhone: '联系电话是脱敏号码，新商户请填写完整号码',
    merchantOutOfScope: '该商户不在您的数据范围内',
    gridOutOfScope: '所属网格不在您的数据范围内',
  },
  en: {
    code: {
      length: 'The unified social credit code must have 18 characters',
      charset: 'The unified social credit code has characters that are not allowed (I, O, S, V, Z are not used)',
      org_check: 'The check character of characters 9–17 (organization code) of the unified social credit code is wrong',
      check: 'The check character (18th) of the unified social credit code is wrong',
    } as Record<string, string>,
    nameRequired: 'Merchant name is required',
    nameTooLong: 'Merchant name is longer than 100 characters',
    nameHasNumber: 'Merchant name must not contain a phone or ID number (put the phone in the contact phone column)',
    codeRequired: 'Unified social credit code is required',
    codeNumeric: 'The unified social credit code was stored as a number (its last digits may be lost): format the column as text and type it again',
    typeRequired: 'Business type is required',
    typeUnknown: (v: string) => `Business type “${v}” is not in the dictionary`,
    statusUnknown: (v: string) => `Status “${v}” must be Operating or Closed`,
    gridAmbiguous: (v: string) => `Grid name “${v}” is not unique: choose from the drop-down or type the grid code`,
    gridUnknown: (v: string) => `Grid “${v}” does not exist`,
    addressTooLong: 'Address is longer than 200 characters',
    operatorTooLong: 'Operator name is longer than 32 characters',
    operatorHasNumber: 'Operator name must not contain a phone or ID number (put the phone in the contact phone column)',
    partyMember: 'Party-member operator must be Yes or No',
    phone: 'Contact phone is not a valid mobile or landline number',
    crs: `Coordinate system must be ${CRS_LABELS.wgs84} or ${CRS_LABELS.gcj02}`,
    lngLatPair: 'Longitude and latitude must be given together',
    lng: (v: string) => `Longitude “${v}” is not valid`,
    lat: (v: string) => `Latitude “${v}” is not valid`,
    duplicate: (row: number) => `Same unified social credit code as row ${row}`,
    maskedPhone: 'Contact phone is a masked number: give the full number for a new merchant',
    merchantOutOfScope: 'This merchant is outside your data scope',
    gridOutOfScope: 'The grid cell is outside your data scope',
  },
} satisfies Record<PageLang, unknown>;

export type ImportReasons = (typeof IMPORT_REASONS)['zh'];
