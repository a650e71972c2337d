/**
 * Calculator and simulator benchmark (npm run bench:calc -- --residents 500000):
 *   1. a fresh database (embedded PGlite in a temporary folder, or a new database on the server when
 *      DATABASE_URL is set), migrated, with a synthetic population filled by set-based SQL:
 *      residents in `dan-cu`, 8 % of them voluntary and 25 % mandatory participants, 6 % poor/near-poor;
 *   2. times loading the RuleBook, each calculator (pure, per call), the simulator's starting point
 *      (the population fallback query, the heaviest) and three simulated scenarios.
 * Options: --residents N (default 500000), --calls N per calculator (default 5000), --runs N (3).
 */
import crypto from 'node:crypto';
import { parseArgs } from 'node:util';
import { migrate } from '../server/db/migrate.ts';
import { loadRuleBook } from '../server/calc/rules.ts';
import { computeWith } from '../server/calc/service.ts';
import { loadSimulationData } from '../server/calc/simulation.ts';
import { simulate, HANOI_PRECEDENT } from '#shared/calc/simulator.ts';
import { CASES } from '../test/calc/cases.ts';
import { openScratchDatabase } from './scratch-db.ts';

const { values } = parseArgs({ options: { residents: { type: 'string', default: '500000' }, calls: { type: 'string', default: '5000' }, runs: { type: 'string', default: '3' } } });
const residents = Number(values.residents);
const calls = Number(values.calls);
const runs = Number(values.runs);
const ms = (t: number) => `${t.toFixed(1)} ms`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];


const { database, cleanup } = await openScratchDatabase('calc');
try {
  console.log(`Cơ sở dữ liệu: ${database.engine}; dân cư tổng hợp: ${residents.toLocaleString('vi-VN')} người`);
  await migrate(database.pool);
  const t0 = performance.now();
  const q = (text: string, params: unknown[] = []) => database.pool.query(text, params);
  const batch = async (kind: string, period: string | null) =>
    Number((await q(`INSERT INTO import_batch (kind, period, file_name, content_sha256, file_size) VALUES ($1, $2, $1, $3, 0) RETURNING id`, [kind, period, crypto.randomBytes(16).toString('hex')])).rows[0].id);
  const communes = (await q(`SELECT array_agg(code ORDER BY code) AS c FROM commune`)).rows[0].c as string[];
  const d = await batch('dan-cu', null);
  await q(
    `INSERT INTO src_dan_cu (batch_id, row_no, person_id, full_name, birth_date, sex, ethnicity, commune_code, deceased)
     SELECT $1, i, '019' || lpad(i::text, 9, '0'), 'Người Tổng Hợp', date '1950-01-01' + (i::bigint * 7919 % 24000)::int, CASE WHEN i % 2 = 0 THEN 'M' ELSE 'F' END,
            CASE WHEN i % 5 = 0 THEN 'Tày' ELSE 'Kinh' END, ($3::text[])[1 + i % 92], i % 97 = 0
     FROM generate_series(1, $2) AS i`,
    [d, residents, communes],
  );
  const n = await batch('bhxh-nguoi', '2026-10-01');
  await q(
    `INSERT INTO src_bhxh_nguoi (batch_id, row_no, person_id, person_id_valid, full_name, birth_date, sex, commune_code, scheme, unit_code,
       contribution_base, from_period, payment_mode, support_group, snapshot_period)
     SELECT $1, i, '019' || lpad(i::text, 9, '0'), true, 'Người Tổng Hợp', '1985-01-01', 'M', ($3::text[])[1 + i % 92],
       CASE WHEN i % 100 < 8 THEN 'TN' ELSE 'BB' END, CASE WHEN i % 100 < 8 THEN NULL ELSE 'DV' || (i % 5000) END, 5000000, '2024-01-01',
       '1', CASE WHEN i % 100 < 8 THEN (ARRAY['poor','near_poor','ethnic_minority','other','other'])[1 + i % 5] END, '2026-10-01'
     FROM generate_series(1, $2) AS i WHERE i % 100 < 33`,
    [n, residents, communes],
  );
  const h = await batch('ho-ngheo', null);
  await q(
    `INSERT INTO src_ho_ngheo (batch_id, row_no, person_id, full_name, commune_code, household_type, year)
     SELECT $1, i, '019' || lpad(i::text, 9, '0'), 'X', ($3::text[])[1 + i % 92], CASE WHEN i % 2 = 0 THEN 'poor' ELSE 'near_poor' END, 2026
     FROM generate_series(1, $2) AS i WHERE i % 100 BETWEEN 40 AND 45`,
    [h, residents, communes],
  );
  await q('ANALYZE');
  console.log(`Chuẩn bị dữ liệu: ${ms(performance.now() - t0)}`);

  const rb: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    await loadRuleBook(database.db);
    rb.push(performance.now() - s);
  }
  const book = await loadRuleBook(database.db);
  console.log(`Nạp bảng tham số pháp lý (RuleBook): trung vị ${ms(median(rb))}`);
  for (const c of CASES) {
    const s = performance.now();
    for (let i = 0; i < calls; i++) computeWith(book, c.name, c.body, '2026-11-25');
    const per = ((performance.now() - s) / calls) * 1000;
    console.log(`  calc ${c.name.padEnd(13)} ${per.toFixed(1)} µs/lần (${calls} lần)`);
  }
  const loads: number[] = [];
  let data = await loadSimulationData(database.db, book, null, '2026-11-25');
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    data = await loadSimulationData(database.db, book, null, '2026-11-25');
    loads.push(performance.now() - s);
  }
  const scoped: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    await loadSimulationData(database.db, book, [communes[i % 92]], '2026-11-25');
    scoped.push(performance.now() - s);
  }
  console.log(`Điểm xuất phát mô phỏng (toàn tỉnh, tiềm năng đếm từ dân cư): trung vị ${ms(median(loads))}`);
  console.log(`Điểm xuất phát mô phỏng (1 xã): trung vị ${ms(median(scoped))}`);
  console.log(`  đang tham gia TN: ${Object.values(data.current).reduce((a, b) => a + b, 0).toLocaleString('vi-VN')}; tiềm năng: ${Object.values(data.potential).reduce((a, b) => a + b, 0).toLocaleString('vi-VN')}`);
  const s = performance.now();
  for (let i = 0; i < 1000; i++) {
    for (const topup of [{ poor: 0, near_poor: 0, ethnic_minority: 0, other: 0 }, HANOI_PRECEDENT, { poor: 30, near_poor: 20, ethnic_minority: 10, other: 0 }]) {
      simulate(book, { name: 'x', topup, maternity_topup: 0, year_from: 2026, year_to: 2030, uptake: {} }, data);
    }
  }
  console.log(`Mô phỏng 3 kịch bản × 5 năm (thuần): ${(((performance.now() - s) / 1000) * 1000).toFixed(0)} µs/lần so sánh`);
} finally {
  await cleanup();
}
