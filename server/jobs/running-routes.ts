import type { FastifyPluginAsync } from 'fastify';
import { currentUser } from '../http/request.ts';
import { currentJobs } from './running.ts';
import type { CurrentJobsAnswer } from '#shared/api/jobs.ts';

/**
 * `GET /api/jobs/current`: the jobs this server runs now, for the banner every signed-in page shows. Answered from
 * memory (never waits for the database). Who started a job is shown to accounts that manage accounts only.
 */
const routes: FastifyPluginAsync = async (app) => {
  app.get('/api/jobs/current', { config: { duringPasswordChange: true } }, async (request): Promise<CurrentJobsAnswer> => {
    currentUser(request);
    return {
      engine: app.database.engine,
      jobs: currentJobs().map((j) => ({ id: j.id, kind: j.kind, label: j.label, stepLabel: j.stepLabel, fraction: j.fraction, startedAt: j.startedAt })),
    };
  });
};
export default routes;
