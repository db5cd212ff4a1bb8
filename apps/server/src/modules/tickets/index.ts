export { ticketRoutes } from './tickets.routes.ts';
export {
  ACTION_BODIES,
  HTTP_ACTIONS,
  appendTicketEvent,
  illegalTransition,
  parseActionBody,
  runTransition,
  systemTransition,
  type ActingActor,
  type HttpAction,
  type TicketEventInput,
  type TransitionContext,
} from './tickets.actions.ts';
export { createPublicTicket, mergedTargetOf, rateByTrackingToken, ticketByTrackingToken } from './tickets.public.ts';
export { appendOutbox, assertPhotos, createTicket, getTicket, listTickets, ticketScope } from './tickets.service.ts';
export { indexTokens, queryTokens, ticketTokens } from './tickets.tokens.ts';
export { ticketRecounters } from './tickets.recount.ts';
export { workCalendar } from './tickets.calendar.ts';
export { isOverdue, joinedTickets, partiesOf, photoRef, toTicket, type TicketRow, type Viewer } from './tickets.view.ts';
