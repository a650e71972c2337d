/** One input per calculator, as CLI arguments, as an API body and as typed into the web form. */
export const CASES: Array<{ name: string; args: string[]; body: Record<string, unknown> }> = [
  {
    name: 'voluntary',
    args: ['--income', '1500000', '--group', 'can-ngheo', '--date', '2026-03-15', '--mode', '6', '--topup-can-ngheo', '60', '--months-supported', '117'],
    body: { income: 1_500_000, group: 'can-ngheo', date: '2026-03-15', mode: '6', topup_can_ngheo: 60, months_supported: 117 },
  },
  { name: 'mandatory', args: ['--wage', '12345678', '--date', '2026-05-01'], body: { wage: 12_345_678, date: '2026-05-01' } },
  { name: 'late', args: ['--amount', '87654321', '--due', '2026-01-31', '--paid', '2026-05-07'], body: { amount: 87_654_321, due: '2026-01-31', paid: '2026-05-07' } },
  {
    name: 'fine',
    args: ['--amount-due', '120000000', '--workers', '12', '--months', '7', '--kind', 'evasion', '--date', '2026-06-01'],
    body: { amount_due: 120_000_000, workers: 12, months: 7, kind: 'evasion', date: '2026-06-01' },
  },
  {
    name: 'unemployment',
    args: ['--avg-wage', '9876543', '--region', 'III', '--months-contributed', '61', '--months-in-window', '30', '--short-contract', '--filed', '2026-08-28'],
    body: { avg_wage: 9_876_543, region: 'III', months_contributed: 61, months_in_window: 30, short_contract: true, filed: '2026-08-28' },
  },
  { name: 'maternity', args: ['--children', '2', '--months-in-last-12', '7', '--date', '2026-10-10'], body: { children: 2, months_in_last_12: 7, date: '2026-10-10' } },
  {
    name: 'lump-sum',
    args: ['--incomes', '1500000,2000000,2500000,3000000', '--rate', '0,004', '--date', '2026-09-01'],
    body: { incomes: [1_500_000, 2_000_000, 2_500_000, 3_000_000], rate: 0.004, date: '2026-09-01' },
  },
];

