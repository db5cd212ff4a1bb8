import {
  CityOverview,
  CityOverviewExportQuery,
  CityOverviewQuery,
  DashboardOverview,
  DashboardQuery,
  RateRow,
  RateSettings,
  RatesQuery,
  RatesResponse,
  RatesWindow,
} from '@tongxin/domain';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../lib/context.ts';
import { fileLang } from '../../lib/pageLang.ts';
import { sendXlsx } from '../../lib/xlsxReply.ts';
import { requireCityAdmin, requireTenant } from '../access/index.ts';
import { cityOverview, exportCityOverview } from './stats.city.ts';
import { overview } from './stats.overview.ts';
import * as s from './stats.service.ts';

const RankingQuery = RatesWindow;
const Ranking = z.object({ items: z.array(RateRow) });

/** 三率 (响应率, 解决率, 满意率), the on-time ranking of lead units, the big screen (数据大屏) and the city overview (全市总览). */
export function statsRoutes(deps: Deps) {
  return async function (app: FastifyInstance): Promise<void> {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['stats'];
    r.get('/api/v1/stats/rates', { schema: { tags, querystring: RatesQuery, response: { 200: RatesResponse } } }, async (req) =>
      s.rates(deps, requireTenant(req.actor, 'stats:read'), req.query),
    );
    r.get('/api/v1/stats/settings', { schema: { tags, response: { 200: RateSettings } } }, async (req) =>
      s.rateSettings(deps, requireTenant(req.actor, 'stats:read').allianceId),
    );
    // the committee's configuration of the alliance (like categories and SLA)
    r.put('/api/v1/stats/settings', { schema: { tags, body: RateSettings, response: { 200: RateSettings } } }, async (req) =>
      s.updateRateSettings(deps, requireTenant(req.actor, 'category:write'), req.body),
    );
    r.get('/api/v1/stats/overview', { schema: { tags, querystring: DashboardQuery, response: { 200: DashboardOverview } } }, async (req) =>
      overview(deps, requireTenant(req.actor, 'stats:read'), req.query),
    );
    r.get('/api/v1/stats/ranking', { schema: { tags, querystring: RankingQuery, response: { 200: Ranking } } }, async (req) =>
      s.ranking(deps, requireTenant(req.actor, 'stats:read'), req.query),
    );

    // the city administrator's, over every alliance whichever one is selected (docs/TICKETS.md 全市总览)
    const city = ['city'];
    r.get('/api/v1/city/overview', { schema: { tags: city, querystring: CityOverviewQuery, response: { 200: CityOverview } } }, async (req) => {
      requireCityAdmin(req.actor);
      return cityOverview(deps, req.query);
    });
    r.get('/api/v1/city/overview/export', { schema: { tags: city, querystring: CityOverviewExportQuery } }, async (req, reply) => {
      requireCityAdmin(req.actor);
      const { lang, ...q } = req.query;
      const file = await exportCityOverview(deps, q, fileLang(lang, req.headers['accept-language']));
      return sendXlsx(reply, file.name, file.content, 'city-overview.xlsx');
    });
  };
}
