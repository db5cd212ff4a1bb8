import type { Permission } from '@tongxin/domain';
import { TICKET_QUEUES } from '../shared/ticketQueues.ts';
import type { RoleKey } from './roles.ts';

/** One entry of the home grid. Without `to` the module is not built yet and the tile says so. */
export interface Tile {
  key: string; // label: h5.tile.<key>
  glyph: string; // one character drawn in the icon
  color: string;
  to?: string;
  perm?: Permission; // hidden unless the role has it
  /** a work queue: the GET /tickets filter whose total the tile shows as a badge */
  count?: Readonly<Record<string, string>>;
}

const T = {
  dispatch: { key: 'dispatch', glyph: '派', color: '#e8590c', to: '/tickets/queue?tab=submitted', perm: 'ticket:dispatch', count: TICKET_QUEUES.submitted },
  supervise: {
    key: 'supervise',
    glyph: '督',
    color: '#d9480f',
    to: '/tickets/queue?tab=overdue',
    perm: 'ticket:dispatch',
    count: TICKET_QUEUES.overdue,
  },
  grids: { key: 'grids', glyph: '网', color: '#1c7ed6', to: '/grids', perm: 'grid:read' },
  myGrid: { key: 'myGrid', glyph: '网', color: '#1c7ed6', to: '/grids', perm: 'grid:read' },
  people: { key: 'people', glyph: '人', color: '#2f9e44', to: '/people', perm: 'person:read' },
  units: { key: 'units', glyph: '单', color: '#7048e8', to: '/units', perm: 'unit:read' },
  myUnit: { key: 'myUnit', glyph: '单', color: '#7048e8', to: '/units', perm: 'unit:read' },
  meetings: { key: 'meetings', glyph: '会', color: '#c2255c', to: '/meetings', perm: 'meeting:read' },
  dashboard: { key: 'dashboard', glyph: '数', color: '#0c8599' },
  rates: { key: 'rates', glyph: '率', color: '#5c940d', to: '/rates', perm: 'stats:read' },
  // the city administrator's, whatever their role in the selected alliance (tilesFor adds it)
  city: { key: 'city', glyph: '市', color: '#a61e4d', to: '/city' },
  toAccept: { key: 'toAccept', glyph: '接', color: '#e8590c', to: '/tickets/work?tab=dispatched', count: TICKET_QUEUES.dispatched },
  handling: { key: 'handling', glyph: '办', color: '#f08c00', to: '/tickets/work?tab=accepted', count: TICKET_QUEUES.accepted },
  resources: { key: 'resources', glyph: '源', color: '#0c8599', to: '/resources', perm: 'resource:read' },
  visit: { key: 'visit', glyph: '访', color: '#e8590c', to: '/report?kind=report' },
  inspect: { key: 'inspect', glyph: '巡', color: '#f08c00' },
  merchants: { key: 'merchants', glyph: '商', color: '#c2255c', to: '/merchants/inspect', perm: 'merchant:read' },
  monitor: { key: 'monitor', glyph: '监', color: '#5f3dc4', to: '/merchants/feedback', perm: 'ticket:create' },
  report: { key: 'report', glyph: '报', color: '#e8590c', to: '/report?kind=need' },
  myCases: { key: 'myCases', glyph: '诉', color: '#1c7ed6', to: '/tickets/mine' },
  // a grid officer's own 走访上报, the same list as a merchant's 我的诉求
  myReports: { key: 'myReports', glyph: '查', color: '#1c7ed6', to: '/tickets/mine' },
  credit: { key: 'credit', glyph: '信', color: '#2f9e44', to: '/merchants/mine', perm: 'merchant:read' },
  convention: { key: 'convention', glyph: '约', color: '#7048e8' },
  inbox: { key: 'inbox', glyph: '消', color: '#c92a2a', to: '/inbox' },
  adopt: { key: 'adopt', glyph: '认', color: '#0c8599', to: '/projects/service', perm: 'resource:read' },
  activities: { key: 'activities', glyph: '报', color: '#e8590c' },
  hours: { key: 'hours', glyph: '时', color: '#1c7ed6' },
  checkin: { key: 'checkin', glyph: '签', color: '#2f9e44' },
} satisfies Record<string, Tile>;

const BY_ROLE: Record<RoleKey, Tile[]> = {
  admin: [T.dispatch, T.supervise, T.rates, T.grids, T.people, T.units, T.meetings, T.dashboard],
  staff: [T.dispatch, T.supervise, T.rates, T.grids, T.people, T.units, T.meetings],
  unit_handler: [T.toAccept, T.handling, T.myUnit, T.resources, T.merchants],
  grid_officer: [T.myGrid, T.visit, T.myReports, T.inspect, T.people, T.merchants, T.monitor],
  merchant: [T.report, T.myCases, T.credit, T.convention, T.adopt, T.monitor],
  volunteer: [T.report, T.myCases, T.activities, T.hours, T.checkin, T.monitor],
  leader: [T.dashboard, T.rates, T.grids, T.people, T.units, T.meetings],
  other: [T.grids, T.people, T.units],
};

export type TileKey = keyof typeof T;

/**
 * The tiles of a role that the user's permissions allow; every role ends with its inbox (消息). A city administrator's
 * home starts with 全市总览: the city's figures are theirs by that flag, not by a role in the selected alliance.
 */
export function tilesFor(role: RoleKey, permissions: readonly string[], cityAdmin = false): Tile[] {
  const city: Tile[] = cityAdmin ? [T.city] : [];
  return [...city, ...BY_ROLE[role], T.inbox as Tile].filter((tile) => !tile.perm || permissions.includes(tile.perm));
}

/**
 * The screens behind the tiles, each with the tiles that lead to it (a detail screen: the tiles of its lists). A screen
 * opens for a user whose home shows one of them: opened by URL without it, it would show someone else's screen (a grid
 * officer's /merchants/mine titled 我的诚信档案) or fail on its first request. Screens not named here (我的, 消息, a
 * case by its id, reached from the inbox too, and the public report form) open for every signed-in user; the server
 * decides on each record.
 */
export const SCREEN_TILES = {
  grids: ['grids', 'myGrid'],
  'grids/:id': ['grids', 'myGrid'],
  people: ['people'],
  units: ['units', 'myUnit'],
  'units/:id': ['units', 'myUnit'],
  'tickets/mine': ['myCases', 'myReports'],
  'tickets/work': ['toAccept', 'handling'],
  'tickets/queue': ['dispatch', 'supervise'],
  rates: ['rates'],
  city: ['city'],
  'projects/service': ['adopt'],
  resources: ['resources'],
  meetings: ['meetings'],
  'meetings/:id': ['meetings'],
  'merchants/inspect': ['merchants'],
  'merchants/feedback': ['monitor'],
  'merchants/mine': ['credit'],
  // a shop's record: from 商户巡查 or 我的诚信档案 (and a credit notice in the inbox, which goes to those same users)
  'merchants/:id': ['merchants', 'credit'],
} as const satisfies Record<string, readonly TileKey[]>;

export type Screen = keyof typeof SCREEN_TILES;

/** Whether the home of this role and these permissions shows a tile leading to the screen: the same rule as the home. */
export function canOpen(screen: Screen, role: RoleKey, permissions: readonly string[], cityAdmin = false): boolean {
  const keys: readonly string[] = SCREEN_TILES[screen];
  return tilesFor(role, permissions, cityAdmin).some((tile) => keys.includes(tile.key));
}
