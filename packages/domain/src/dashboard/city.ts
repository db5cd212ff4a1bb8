import { z } from 'zod';
import { RECORD_STATUSES } from '../enums.ts';
import { FileLangQuery } from '../schemas/common.ts';
import { RateRow, RateSettings } from '../tickets/category.ts';
import { DashboardCredit, DashboardMonth } from './schemas.ts';

/** The city overview's month; the current one when left out. */
export const CityOverviewQuery = z.object({ month: DashboardMonth.optional() });
export type CityOverviewQuery = z.infer<typeof CityOverviewQuery>;

/** The city overview's Excel export: its month, and the language of the file. */
export const CityOverviewExportQuery = CityOverviewQuery.extend(FileLangQuery.shape);
export type CityOverviewExportQuery = z.infer<typeof CityOverviewExportQuery>;

/**
 * One alliance's figures, or the city's sum of them: cases reported in the month, open and overdue now, the 三率 of the
 * month's cases with their numerators and denominators (RateRow), and merchant credit now.
 */
export const CityFigures = z.object({
  reported: z.number().int(),
  open: z.number().int(),
  overdue: z.number().int(),
  rates: RateRow,
  credit: DashboardCredit,
});
export type CityFigures = z.infer<typeof CityFigures>;

/** An alliance in the city overview: who it is, whether it is disabled (停用), the 三率 settings its rates follow. */
export const CityAlliance = CityFigures.extend({
  allianceId: z.string(),
  code: z.string(),
  name: z.string(),
  status: z.enum(RECORD_STATUSES),
  settings: RateSettings,
});
export type CityAlliance = z.infer<typeof CityAlliance>;

/**
 * 全市总览: every alliance of the city in one answer, and the city's totals. The totals' rates come from the summed
 * numerators and denominators of the alliances (each counted with its own settings), never from averaged rates.
 */
export const CityOverview = z.object({
  month: DashboardMonth,
  generatedAt: z.number().int(),
  alliances: z.array(CityAlliance),
  total: CityFigures,
});
export type CityOverview = z.infer<typeof CityOverview>;
