import type { FastifyPluginAsync } from 'fastify';
import authRoutes from '../auth/routes.ts';
import adminRoutes from '../auth/admin-routes.ts';
import referenceRoutes from '../reference/routes.ts';
import ingestRoutes from '../ingest/routes.ts';
import reconcileRoutes from '../reconcile/routes.ts';
import targetsRoutes from '../targets/routes.ts';
import calcRoutes from '../calc/routes.ts';
import casesRoutes from '../cases/routes.ts';
import legalParamRoutes from '../calc/legal-params.ts';
import deliveriesRoutes from '../directive/deliveries-routes.ts';
import campaignsRoutes from '../directive/campaigns-routes.ts';
import directiveRoutes from '../directive/routes.ts';
import parksRoutes from '../parks/routes.ts';
import jobsRoutes from '../jobs/routes.ts';
import runningJobsRoutes from '../jobs/running-routes.ts';
import reportsRoutes from '../reports/routes.ts';

/** Each capability registers its own routes; this list is the whole API. */
export const capabilityRoutes: FastifyPluginAsync[] = [
  authRoutes,
  adminRoutes,
  referenceRoutes,
  ingestRoutes,
  reconcileRoutes,
  targetsRoutes,
  calcRoutes,
  casesRoutes,
  legalParamRoutes,
  deliveriesRoutes,
  campaignsRoutes,
  directiveRoutes,
  parksRoutes,
  jobsRoutes,
  runningJobsRoutes,
  reportsRoutes,
];
