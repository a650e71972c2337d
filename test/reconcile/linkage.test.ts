import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { runReconciliation } from '../../server/reconcile/service.ts';
import { decideReview, reviewQueue } from '../../server/reconcile/queries.ts';
import { scoreMatch, decideLink, DEFAULT_LINK_THRESHOLDS, type NameFrequencies } from '#shared/identity/match.ts';
import { nameParts } from '#shared/identity/names.ts';
import { insertSource, pid, resident, participant, type Row } from './fixture.ts';

const A = '05443';
const B = '05716';
let database: TestDatabase;
let serial = 1;
const personLinkIndexes = async () =>
  (await database.pool.query(`SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'person_link' ORDER BY indexname`)).rows;
const id = (y: number, s: 'M' | 'F') => pid(y, s, serial++);

// A background population so that name frequencies are realistic: common family, middle and given names.
const FAMILY = ['Nguyễn', 'Nguyễn', 'Nguyễn', 'Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi'];
const GIVEN_M = ['Hùng', 'Dũng', 'Tuấn', 'Minh', 'Nam', 'Hải', 'Long', 'Sơn', 'Thắng', 'Cường'];
const GIVEN_F = ['Lan', 'Hương', 'Hoa', 'Mai', 'Linh', 'Trang', 'Hằng', 'Thủy', 'Nga', 'Hà'];
const background: Row[] = [];
for (let i = 0; i < 1500; i++) {
  const sex = i % 2 ? 'F' : 'M';
  const y = 1960 + (i % 45);
  const name = `${FAMILY[i % FAMILY.length]} ${sex === 'M' ? 'Văn' : 'Thị'} ${(sex === 'M' ? GIVEN_M : GIVEN_F)[Math.floor(i / 7) % 10]}`;
  const d = `${y}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
  background.push(resident(id(y, sex), name, d, sex, i % 3 ? A : B));
}

const P = {
  twinHung: id(1990, 'M'), twinHung2: id(1990, 'M'),
  twinLan: id(1992, 'F'), twinLanh: id(1992, 'F'),
  common1: id(1985, 'M'), common2: id(1985, 'M'), common3: id(1985, 'M'),
  rare: id(1979, 'F'),
  nfd: id(1983, 'F'),
  reordered: id(1975, 'M'),
  typo: id(1988, 'F'),
  reviewTarget: id(1970, 'M'),
};
const residents: Row[] = [
  resident(P.twinHung, 'Nguyễn Văn Hùng', '1990-05-05', 'M'),
  resident(P.twinHung2, 'Nguyễn Văn Hưng', '1990-05-05', 'M'),
  resident(P.twinLan, 'Lê Thị Lan', '1992-02-02', 'F'),
  resident(P.twinLanh, 'Lê Thị Lanh', '1992-02-02', 'F'),
  resident(P.common1, 'Nguyễn Văn Hùng', '1985-01-10', 'M'),
  resident(P.common2, 'Nguyễn Văn Hùng', '1985-06-20', 'M'),
  resident(P.common3, 'Nguyễn Văn Hùng', '1985-09-30', 'M'),
  resident(P.rare, 'Giàng Thị Xuyến', '1979-12-24', 'F', B),
  resident(P.nfd, 'Triệu Thị Thuỷ', '1983-03-03', 'F'), // old tone placement of Thủy
  resident(P.reordered, 'Hà Đức Thịnh', '1975-07-07', 'M'),
  resident(P.typo, 'Quách Thị Nguyệt', '1988-08-08', 'F'),
  resident(P.reviewTarget, 'Phạm Văn Toàn', '1970-10-10', 'M', A),
];

const rec = (key: string, name: string, birth: string, sex: 'M' | 'F', extra: Row = {}) =>
  participant(null, name, birth, sex, { bhxh_code: key, scheme: 'TN', unit_code: null, contribution_base: 1_500_000, ...extra });
const records: Row[] = [
  rec('R-HUNG2', 'Nguyễn Văn Hưng', '1990-05-05', 'M'),
  rec('R-HUNG-PLAIN', 'Nguyen Van Hung', '1990-05-05', 'M'),
  rec('R-LANH', 'Lê Thị Lanh', '1992-02-02', 'F'),
  rec('R-COMMON-DAY', 'Nguyễn Văn Hùng', '1985-06-20', 'M'),
  rec('R-COMMON-YEAR', 'Nguyễn Văn Hùng', '1985-01-01', 'M', { birth_precision: 'Y' }),
  rec('R-RARE-YEAR', 'Giàng Thị Xuyến', '1979-01-01', 'F', { birth_precision: 'Y', commune_code: B }),
  rec('R-NFD', 'Triệu Thị Thủy'.normalize('NFD'), '1983-03-03', 'F'),
  rec('R-REORDER', 'Thịnh Hà Đức', '1975-07-07', 'M'),
  rec('R-TYPO', 'Quách Thị Nguyệc', '1988-08-08', 'F'),
  rec('R-NOBODY', 'Ông Văn Không', '1950-01-01', 'M'),
  rec('R-REVIEW', 'Pham Van Toan', '1970-10-01', 'M', { commune_code: B }),
];

async function links() {
  const { rows } = await database.pool.query(`SELECT n.bhxh_code, l.* FROM person_link l JOIN src_bhxh_nguoi n USING (batch_id, row_no) WHERE l.source = 'bhxh-nguoi'`);
  return new Map(rows.map((r) => [r.bhxh_code as string, r]));
}

beforeAll(async () => {
  database = await createTestDatabase();
  await insertSource(database, 'dan-cu', [...background, ...residents]);
  await insertSource(database, 'bhxh-nguoi', records, '2026-10-01');
  await runReconciliation(database, { asOf: '2026-11-25', period: '2026-10' });
});
afterAll(async () => {
  await database.destroy();
});

describe('identity linkage', () => {
  it('does not merge twins born the same day whose names differ by a diacritic', async () => {
    const l = await links();
    expect(l.get('R-HUNG2')).toMatchObject({ status: 'linked', method: 'probabilistic', resident_id: P.twinHung2 });
    // Written without diacritics, the record could be either twin: review, never an automatic link.
    expect(l.get('R-HUNG-PLAIN').status).toBe('review');
    expect(l.get('R-HUNG-PLAIN').resident_id).toBeNull();
    const cands = l.get('R-HUNG-PLAIN').candidates.slice(0, 2).map((c: { residentId: string }) => c.residentId).sort();
    expect(cands).toEqual([P.twinHung, P.twinHung2].sort());
    expect(l.get('R-LANH')).toMatchObject({ status: 'linked', resident_id: P.twinLanh });
  });

  it('separates common names in the same commune by birth date, and does not guess on a year', async () => {
    const l = await links();
    expect(l.get('R-COMMON-DAY')).toMatchObject({ status: 'linked', resident_id: P.common2 });
    expect(l.get('R-COMMON-YEAR').status).not.toBe('linked');
  });

  it('weighs a rare name strongly: a year-only birth date with a rare name links', async () => {
    const l = await links();
    expect(l.get('R-RARE-YEAR')).toMatchObject({ status: 'linked', resident_id: P.rare });
  });

  it('links NFD text with old tone placement, a name in another order and a one-letter typo', async () => {
    const l = await links();
    expect(l.get('R-NFD')).toMatchObject({ status: 'linked', resident_id: P.nfd });
    expect(l.get('R-REORDER')).toMatchObject({ status: 'linked', resident_id: P.reordered });
    expect(l.get('R-REORDER').candidates[0].components.reorder).toBe(true);
    expect(l.get('R-TYPO')).toMatchObject({ status: 'linked', resident_id: P.typo });
    expect(l.get('R-NOBODY').status).toBe('unlinked');
  });

  it('scores in SQL exactly as the TypeScript matcher does', async () => {
    const { rows } = await database.pool.query(`SELECT part, token, n FROM rc_name_freq`);
    const total = background.length + residents.length;
    const share = (part: string) => (t: string) => (rows.find((r) => r.part === part && r.token === t)?.n ?? 0) / total;
    const freq: NameFrequencies = { family: share('F'), middle: share('M'), given: share('G') };
    const byId = new Map([...background, ...residents].map((r) => [r.person_id as string, r]));
    const nb = await database.pool.query('SELECT commune_code, neighbour_code FROM commune_neighbour');
    const neighbours = new Map<string, Set<string>>();
    for (const n of nb.rows) {
      const set = neighbours.get(n.commune_code) ?? new Set<string>();
      set.add(n.neighbour_code);
      neighbours.set(n.commune_code, set);
    }
    const l = await links();
    let compared = 0;
    for (const r of records) {
      const link = l.get(r.bhxh_code as string);
      for (const c of link.candidates as Array<{ residentId: string; score: number }>) {
        const res = byId.get(c.residentId)!;
        const js = scoreMatch(
          { name: r.full_name as string, birthDate: r.birth_date as string, birthPrecision: r.birth_precision as 'D', sex: r.sex as 'M', commune: r.commune_code as string },
          { name: res.full_name as string, birthDate: res.birth_date as string, birthPrecision: 'D', sex: res.sex as 'M', commune: res.commune_code as string },
          freq, undefined, neighbours,
        );
        expect(Math.abs(js.score - Number(c.score)), `${r.bhxh_code} → ${res.full_name}`).toBeLessThanOrEqual(0.011);
        compared++;
      }
      if (link.candidates.length) {
        const best = Number(link.candidates[0].score);
        const second = link.candidates[1] ? Number(link.candidates[1].score) : null;
        expect(decideLink(best, second, DEFAULT_LINK_THRESHOLDS)).toBe(link.status);
      }
    }
    expect(compared).toBeGreaterThan(10);
    expect(nameParts('Thịnh Hà Đức').given).toBe('duc');
  });

  it('keeps reviewers’ decisions across runs', async () => {
    let l = await links();
    const review = l.get('R-REVIEW');
    expect(review.status).toBe('review');
    expect(review.candidates[0].residentId).toBe(P.reviewTarget);
    const queue = await reviewQueue(database.db, null);
    expect(queue.rows.some((r) => r.record_key === review.record_key)).toBe(true);
    // A commune account sees the items of its communes only.
    expect((await reviewQueue(database.db, ['01840'])).rows.some((r) => r.record_key === review.record_key)).toBe(false);
    const user = { id: 1, username: 'kiemtra' };
    await decideReview(database.db, user, { recordKey: review.record_key, residentId: P.reviewTarget, decision: 'accepted' });
    // A record no longer in review takes no further decision (the route answers 404).
    expect(await decideReview(database.db, user, { recordKey: review.record_key, residentId: P.reviewTarget, decision: 'rejected' })).toBeNull();
    const plain = l.get('R-HUNG-PLAIN');
    await decideReview(database.db, user, { recordKey: plain.record_key, residentId: P.twinHung, decision: 'rejected' });
    const indexesBefore = await personLinkIndexes();
    expect(indexesBefore.map((i) => i.indexname)).toContain('person_link_review_key_idx');
    await runReconciliation(database, { asOf: '2026-11-25', period: '2026-10' });
    // The linkage drops the indexes for its bulk load and builds the same ones again.
    expect(await personLinkIndexes()).toEqual(indexesBefore);
    l = await links();
    expect(l.get('R-REVIEW')).toMatchObject({ status: 'linked', method: 'review_accepted', resident_id: P.reviewTarget });
    const after = l.get('R-HUNG-PLAIN');
    expect(after.candidates.map((c: { residentId: string }) => c.residentId)).not.toContain(P.twinHung);
  });

  it('finds a record in review by its key through the partial index, not by scanning every link', async () => {
    const key = (await database.pool.query(`SELECT record_key FROM person_link WHERE status = 'review' LIMIT 1`)).rows[0].record_key;
    const plan = async () => {
      const client = await database.pool.connect();
      try {
        await client.query('BEGIN');
        await client.query('SET LOCAL enable_seqscan = off');
        return (await client.query(`EXPLAIN SELECT commune_code FROM person_link WHERE record_key = $1 AND status = 'review'`, [key])).rows
          .map((r) => r['QUERY PLAN']).join('\n');
      } finally {
        await client.query('ROLLBACK');
        client.release();
      }
    };
    // Both partial indexes hold only the records in review; with a single one left (as here, after the decisions
    // above) they cost the same and the planner may take either. Never a scan of every link. The linkage rebuilt the
    // indexes over updated rows, so PostgreSQL may hold them back (pg_index.indcheckxmin) until the transactions older
    // than the rebuild end — on a shared server, another test's long run: the plan is asked again until then.
    await expect.poll(plan, { timeout: 180_000, interval: 1_000 }).toMatch(/Index Scan using person_link_(review_key|status)_idx/);
    expect(await plan()).not.toContain('Seq Scan');
  }, 240_000);
});
