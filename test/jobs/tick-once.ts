/**
 * One scheduler tick in its own process (test/jobs/processes.test.ts starts two at once): opens the database given
 * as JSON in BAOPHU_TEST_DB_CONFIG, ticks once at the fake time BAOPHU_TEST_NOW with a 'test_echo' handler that
 * takes a while, and prints the ids of the runs it ran as JSON.
 */
import { openDatabase } from '../../server/db/connect.ts';
import { Scheduler, registerJobHandler } from '../../server/jobs/scheduler.ts';
import { FakeClock } from '../../server/jobs/clock.ts';

const database = await openDatabase(JSON.parse(process.env.BAOPHU_TEST_DB_CONFIG!));
registerJobHandler('test_echo', async () => {
  await new Promise((r) => setTimeout(r, 300));
  return { pid: process.pid };
});
try {
  const ran = await new Scheduler(database, { clock: new FakeClock(process.env.BAOPHU_TEST_NOW!), owner: `proc:${process.pid}` }).tick();
  process.stdout.write(JSON.stringify(ran));
} finally {
  await database.close();
}
