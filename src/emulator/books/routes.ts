import { buildRoutes, type Route } from './match.js';
import { handlerResolver, MODELS } from './models/index.js';
import { pathPlanner } from './path-plan.js';
import type { Operation, Surface } from './surface-index.js';

/**
 * Every operation of the surface as a route. Where two operations share a method and path (debit notes
 * are created with POST /invoices), the one named after the path's resource answers and the other's
 * response key is added to the answer.
 */
export function buildBooksRoutes(surface: Surface): Route[] {
  const handlerFor = handlerResolver(MODELS);
  const owns = (op: Operation): number => {
    const c = surface.collections[op.collection >= 0 ? op.collection : op.subject];
    return c && op.id.includes(c.thing.replace(/ /g, '_')) ? 0 : 1;
  };
  return buildRoutes(surface.operations, handlerFor, (a, b) => owns(a) - owns(b), pathPlanner(surface));
}
