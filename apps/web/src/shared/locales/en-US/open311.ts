/** en-US strings of the Open311 settings page (console). Same keys as zh-CN/open311.ts. */
export default {
  'console.menu.open311': 'Open311',
  'console.open311.title': 'Open311 endpoint',
  'console.open311.intro': 'Cases can be submitted and read through the Open311 GeoReport v2 standard, so systems such as FixMyStreet connect directly.',
  'console.open311.endpoint': 'Endpoint',
  'console.open311.jurisdiction': 'Jurisdiction code (jurisdiction_id)',
  'console.open311.try': 'Try it',
  'console.open311.requireKey': 'Public reads need an API key',
  'console.open311.requireKeyHelp':
    "When on, reading services, requests and updates needs an api_key of this alliance; when off anyone can read them (without the reporter's data, phone and ID numbers masked).",
  'console.open311.on': 'Key',
  'console.open311.off': 'Public',
  'console.open311.keysHint': 'Submitting needs an api_key: create one on the “API keys” page with a role that holds the ticket:create permission.',
} satisfies Record<string, string>;
