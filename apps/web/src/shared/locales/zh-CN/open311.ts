/** zh-CN strings of the Open311 settings page (console). Keys start with `console.open311.`, plus its menu entry. */
export default {
  'console.menu.open311': 'Open311 接口',
  'console.open311.title': 'Open311 接口',
  'console.open311.intro': '按 Open311 GeoReport v2 标准对外开放诉求的提交与查询，FixMyStreet 等系统可直接对接。',
  'console.open311.endpoint': '接口地址',
  'console.open311.jurisdiction': '辖区代码（jurisdiction_id）',
  'console.open311.try': '试一试',
  'console.open311.requireKey': '公开查询需要接口密钥',
  'console.open311.requireKeyHelp': '开启后，查询服务、诉求和进展须带本联盟的 api_key；关闭时任何人可查询（不含报告人信息，手机号和身份证号已打码）。',
  'console.open311.on': '需要',
  'console.open311.off': '公开',
  'console.open311.keysHint': '提交诉求须带 api_key：在「接口密钥」页创建，所选角色须含“提交诉求”（ticket:create）权限。',
} satisfies Record<string, string>;
