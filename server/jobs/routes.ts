import type { FastifyPluginAsync } from 'fastify';
import { currentUser } from '../http/request.ts';
import { parseInput, forbidden } from '../http/errors.ts';
import { mayManageSchedules, mayReadSchedules } from '../auth/policies.ts';
import { scheduleParams, scheduleBody, runsQuery } from './schema.ts';
import { listSchedules, updateSchedule, listRuns } from './service.ts';
import { presentSchedule, presentRun } from './presenters.ts';
import type { JobRunsAnswer, ScheduleSavedAnswer, SchedulesAnswer } from '#shared/api/jobs.ts';

/** The schedules of the jobs BaoPhu runs by itself and their runs (docs/jobs.md). */
const routes: FastifyPluginAsync = async (app) => {
  const db = app.database.db;

  app.get('/api/jobs/schedules', async (request): Promise<SchedulesAnswer> => {
    const user = currentUser(request);
    if (!mayReadSchedules(user)) throw forbidden('xem lịch chạy tự động');
    return { canManage: mayManageSchedules(user), schedules: (await listSchedules(db)).map(presentSchedule) };
  });

  app.put('/api/jobs/schedules/:id', async (request): Promise<ScheduleSavedAnswer> => {
    const user = currentUser(request);
    if (!mayManageSchedules(user)) throw forbidden('thay đổi lịch chạy tự động');
    const { id } = parseInput(scheduleParams, request.params, 'Mã lịch');
    const body = parseInput(scheduleBody, request.body ?? {}, 'Lịch');
    return { schedule: presentSchedule(await updateSchedule(db, user, id, body)) };
  });

  app.get('/api/jobs/runs', async (request): Promise<JobRunsAnswer> => {
    const user = currentUser(request);
    if (!mayReadSchedules(user)) throw forbidden('xem các lần chạy tự động');
    const q = parseInput(runsQuery, request.query, 'Tham số');
    return { runs: (await listRuns(db, q)).map(presentRun) };
  });
};

export default routes;
