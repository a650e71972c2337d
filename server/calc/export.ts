/** XLSX export of up to three simulated scenarios side by side (Vietnamese headers). */
import ExcelJS from 'exceljs';
import { SUPPORT_GROUP_LABELS, SUPPORT_GROUPS } from '#shared/vocabulary.ts';
import { STATUS_LABELS } from '#shared/calc/rulebook.ts';
import { RULE_UNIT_LABELS as UNIT_LABELS } from '#shared/vocabulary.ts';
import type { SimulationResult } from '#shared/calc/simulator.ts';
import { formatDate, formatPeriod } from '#shared/format.ts';

const MONEY = '#,##0';

export async function scenariosWorkbook(results: SimulationResult[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'BaoPhu';
  const cmp = wb.addWorksheet('So sánh');
  cmp.addRow(['So sánh kịch bản hỗ trợ thêm tiền đóng BHXH tự nguyện']).font = { bold: true, size: 13 };
  cmp.addRow([`Dữ liệu tại ngày ${formatDate(results[0].data.as_of)}${results[0].data.period ? `, kỳ ${formatPeriod(results[0].data.period)}` : ''}. Kết quả mô phỏng dựa trên giả định, không phải dự báo chính thức.`]);
  cmp.addRow([]);
  const header = cmp.addRow(['Kịch bản', 'Năm', 'Người tham gia tự nguyện', 'Không hỗ trợ thêm', 'Tăng thêm', 'Chỉ tiêu', '% chỉ tiêu',
    'NSTW hỗ trợ đóng (đồng)', 'Ngân sách tỉnh hỗ trợ thêm (đồng)', 'Trợ cấp thai sản NSNN (đồng)', 'Thai sản tỉnh hỗ trợ thêm (đồng)']);
  header.font = { bold: true };
  for (const r of results) {
    for (const y of r.years) {
      cmp.addRow([r.scenario.name, y.year, y.participants, y.baseline_participants, y.extra_vs_baseline, y.target, y.target_pct === null ? null : y.target_pct / 100,
        y.central_cost, y.provincial_cost, y.maternity_central_cost, y.maternity_provincial_cost]);
    }
    cmp.addRow([`${r.scenario.name} — cộng`, null, null, null, null, null, null, r.totals.central_cost, r.totals.provincial_cost, r.totals.maternity_central_cost, r.totals.maternity_provincial_cost]).font = { bold: true };
  }
  cmp.columns.forEach((c, i) => {
    c.width = i === 0 ? 48 : 20;
    if (i >= 2) c.numFmt = i === 6 ? '0.0%' : MONEY;
  });

  results.forEach((r, idx) => {
    const ws = wb.addWorksheet(`KB${idx + 1}`);
    ws.addRow([r.scenario.name]).font = { bold: true, size: 13 };
    ws.addRow(['Hỗ trợ thêm của tỉnh (% của 22 % × chuẩn nghèo nông thôn):', ...SUPPORT_GROUPS.map((g) => `${SUPPORT_GROUP_LABELS[g]}: ${r.scenario.topup[g]} %`)]);
    ws.addRow(['Hỗ trợ thêm thai sản (đồng/con):', r.scenario.maternity_topup]);
    ws.addRow([]);
    ws.addRow(['Năm', 'Nhóm', 'Người tham gia', 'Không hỗ trợ thêm', 'Tham gia mới', 'Tiềm năng còn lại', 'Mức đóng ròng tối thiểu (đồng/tháng)',
      'Nhà nước hỗ trợ (đồng/tháng)', 'Tỉnh hỗ trợ (đồng/tháng)', 'NSTW (đồng/năm)', 'Ngân sách tỉnh (đồng/năm)']).font = { bold: true };
    for (const y of r.years) {
      for (const g of SUPPORT_GROUPS) {
        const x = y.groups[g];
        ws.addRow([y.year, SUPPORT_GROUP_LABELS[g], x.participants, x.baseline_participants, x.new_participants, x.potential_left, x.net_min_payment,
          x.state_support, x.local_support, x.central_cost, x.provincial_cost]);
      }
    }
    ws.columns.forEach((c, i) => {
      c.width = i === 1 ? 26 : 18;
      if (i >= 2) c.numFmt = MONEY;
    });
  });

  const as = wb.addWorksheet('Giả định và căn cứ');
  as.addRow(['Giả định về mức tham gia mới (điều chỉnh được trong từng kịch bản)']).font = { bold: true };
  as.addRow(['Kịch bản', 'Độ co giãn theo giá', 'Tỷ lệ tham gia mới cơ sở/năm', 'Sàn tỷ lệ giá', 'Tỷ lệ duy trì/năm', 'Số con sinh/người/năm']).font = { bold: true };
  for (const r of results) {
    const u = r.scenario.uptake;
    as.addRow([r.scenario.name, u.elasticity, u.base_rate, u.min_price_ratio, u.retention, u.birth_rate]);
  }
  as.addRow([]);
  as.addRow(['Dữ liệu đầu vào']).font = { bold: true };
  as.addRow(['Nhóm', 'Đang tham gia tự nguyện', `Tiềm năng (${results[0].data.potential_source === 'findings' ? 'phát hiện đối soát' : 'ước tính từ dân cư'})`]).font = { bold: true };
  for (const g of SUPPORT_GROUPS) as.addRow([SUPPORT_GROUP_LABELS[g], results[0].data.current[g], results[0].data.potential[g]]);
  for (const n of results[0].data.notes) as.addRow([n]);
  as.addRow([]);
  as.addRow(['Căn cứ pháp lý đã áp dụng']).font = { bold: true };
  as.addRow(['Tham số', 'Giá trị', 'Đơn vị', 'Hiệu lực từ', 'Nguồn', 'Tình trạng']).font = { bold: true };
  const seen = new Set<string>();
  for (const r of results) {
    for (const u of r.rules) {
      const id = `${u.key}@${u.effective_from}`;
      if (seen.has(id)) continue;
      seen.add(id);
      as.addRow([u.label, u.value, UNIT_LABELS[u.unit] ?? u.unit, formatDate(u.effective_from), u.source, STATUS_LABELS[u.status]]);
    }
  }
  as.columns.forEach((c, i) => (c.width = i === 0 ? 44 : i === 4 ? 60 : 18));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
