/**
 * 三率, computed from raw per-ticket facts (docs/TICKETS.md states the same formulas):
 *   响应率 response rate     = dispatches accepted within the accept-SLA / dispatches due a response (accepted, or
 *                             past their accept deadline: one still inside its window is not yet late)
 *   解决率 resolution rate   = tickets rated "solved" / tickets rated
 *   满意率 satisfaction rate = tickets rated 4–5 stars / tickets rated
 * "rated" counts reporter ratings and staff 回访 ratings; unrated tickets and tickets closed as 未评价 are excluded.
 * A rate with a zero denominator is null (shown as "—"), never 100 %.
 */
export interface RateFacts {
  dispatched: number;
  /** dispatches accepted, or whose accept deadline has passed (响应率's denominator) */
  responseDue: number;
  acceptedOnTime: number;
  rated: number;
  ratedSolved: number;
  ratedSatisfied: number;
}

export interface Rates {
  responseRate: number | null;
  resolutionRate: number | null;
  satisfactionRate: number | null;
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : null);

/** The three rates of a set of facts. */
export function computeRates(f: RateFacts): Rates {
  return {
    responseRate: ratio(f.acceptedOnTime, f.responseDue),
    resolutionRate: ratio(f.ratedSolved, f.rated),
    satisfactionRate: ratio(f.ratedSatisfied, f.rated),
  };
}

/** Stars from which a rating counts as satisfied (configurable per alliance; default 4). */
export const DEFAULT_SATISFIED_STARS = 4;
/** Whether staff 回访 ratings count as ratings (configurable per alliance; default yes). */
export const DEFAULT_INCLUDE_CALLBACKS = true;
