/**
 * /mo-phong — the provincial top-up simulator: saved scenarios (up to three side by side), a draft
 * scenario editor, the comparison table and chart, and the XLSX export. Numbers come from
 * POST /api/calc/simulate and GET /api/calc/scenarios/compare (the model: docs/calculators.md).
 */
import { useMemo, useState } from 'react';
import { Alert, Button, Card, Checkbox, Col, Form, Input, Popconfirm, Row, Space, Table, Tag, Typography, message } from 'antd';
import { DownloadOutlined, PlayCircleOutlined, SaveOutlined, DeleteOutlined } from '@ant-design/icons';
import { api, download } from '../../api.ts';
import { can, useMe } from '../../auth.tsx';
import { PageHeader, AsyncContent, useApi, formatInt, formatDate, formatDecimal, formatPeriod, NumberFormItem } from '../../components/index.ts';
import { Chart, viNumber } from '../../components/Chart.tsx';
import type { ScenarioParams as Params, SimulationResult as SimResult, YearResult } from '@shared/calc/simulator.ts';
import type { ScenarioComparisonAnswer, ScenariosAnswer, SimulateAnswer } from '@shared/api/calc.ts';
import { PLAN_RANGE_TEXT, PLAN_YEARS } from '@shared/province.ts';
import { SUPPORT_GROUPS, SUPPORT_GROUP_LABELS, type SupportGroup } from '@shared/vocabulary.ts';
import './calc.css';

/** Each group's field of the form, 0 when left empty. */
const groupValues = (v: Partial<Record<SupportGroup, number | null>>) => Object.fromEntries(SUPPORT_GROUPS.map((g) => [g, v[g] ?? 0])) as Record<SupportGroup, number>;

const vnd = (n: number) => `${formatInt(n)} đ`;
const pct = (n: number | null) => (n === null ? '—' : `${formatDecimal(n, 1)} %`);

function ScenarioEditor({ onRun, onSaved, canSave }: { onRun: (p: Params) => void; onSaved: () => void; canSave: boolean }) {
  const [form] = Form.useForm();
  const [saving, setSaving] = useState(false);
  const values = (): Params => {
    const v = form.getFieldsValue(true);
    const uptake = Object.fromEntries(Object.entries(v.uptake ?? {}).filter(([, x]) => x !== null && x !== undefined && x !== '')) as Params['uptake'];
    return { name: v.name || 'Kịch bản nháp', topup: groupValues(v), maternity_topup: v.maternity_topup ?? 0, year_from: v.year_from, year_to: v.year_to, uptake };
  };
  async function save() {
    await form.validateFields();
    setSaving(true);
    try {
      await api.post('/api/calc/scenarios', values());
      message.success('Đã lưu kịch bản');
      onSaved();
    } catch (err) {
      message.error((err as Error).message);
    } finally {
      setSaving(false);
    }
  }
  return (
    <Card size="small" title="Kịch bản mới" className="bp-calc-noprint">
      <Form form={form} name="scenario" layout="vertical" initialValues={{ year_from: PLAN_YEARS.min, year_to: PLAN_YEARS.max, ...groupValues({}), maternity_topup: 0 }} onFinish={() => onRun(values())}>
        <Form.Item name="name" label="Tên kịch bản" rules={[{ required: true, message: 'Vui lòng nhập tên kịch bản' }]}>
          <Input placeholder="Ví dụ: Tỉnh hỗ trợ thêm 30 % cho hộ nghèo" />
        </Form.Item>
        <Typography.Text type="secondary">Tỉnh hỗ trợ thêm, tính theo % của 22 % × chuẩn nghèo nông thôn (cùng căn cứ với mức Nhà nước hỗ trợ)</Typography.Text>
        <Row gutter={8}>
          {SUPPORT_GROUPS.map((g) => (
            <Col span={12} key={g}>
              <NumberFormItem name={g} label={SUPPORT_GROUP_LABELS[g]} input={{ min: 0, max: 1000, decimals: 2, addonAfter: '%' }} />
            </Col>
          ))}
        </Row>
        <NumberFormItem name="maternity_topup" label="Tỉnh hỗ trợ thêm trợ cấp thai sản (đồng/con)" input={{ min: 0, max: 100_000_000, addonAfter: 'đ' }} />
        <Row gutter={8}>
          <Col span={12}><NumberFormItem name="year_from" label="Từ năm" input={{ min: PLAN_YEARS.min, max: PLAN_YEARS.max, grouping: false }} /></Col>
          <Col span={12}><NumberFormItem name="year_to" label="Đến năm" input={{ min: PLAN_YEARS.min, max: PLAN_YEARS.max, grouping: false }} /></Col>
        </Row>
        <Typography.Text strong>Giả định về mức tham gia (để trống = mặc định)</Typography.Text>
        <Row gutter={8}>
          <Col span={12}><NumberFormItem name={['uptake', 'elasticity']} label="Độ co giãn theo giá" tooltip="Mặc định −0,5: giá ròng giảm 1 % → số người tham gia mới tăng khoảng 0,5 %" input={{ min: -5, max: 0, decimals: 3 }} /></Col>
          <Col span={12}><NumberFormItem name={['uptake', 'base_rate']} label="Tỷ lệ tham gia mới/năm" tooltip="Mặc định 0,02: 2 % người tiềm năng tham gia mỗi năm khi không có hỗ trợ thêm" input={{ min: 0, max: 1, decimals: 4 }} /></Col>
          <Col span={12}><NumberFormItem name={['uptake', 'retention']} label="Tỷ lệ duy trì/năm" tooltip="Mặc định 0,9" input={{ min: 0, max: 1, decimals: 4 }} /></Col>
          <Col span={12}><NumberFormItem name={['uptake', 'birth_rate']} label="Số con sinh/người/năm" tooltip="Mặc định 0,02" input={{ min: 0, max: 0.5, decimals: 4 }} /></Col>
        </Row>
        <Space>
          <Button type="primary" htmlType="submit" icon={<PlayCircleOutlined />} data-testid="sim-run">Chạy mô phỏng</Button>
          {canSave && <Button icon={<SaveOutlined />} loading={saving} onClick={save}>Lưu kịch bản</Button>}
        </Space>
      </Form>
    </Card>
  );
}

function ComparisonTable({ results }: { results: SimResult[] }) {
  const rows = results.flatMap((r, i) => r.years.map((y) => ({ key: `${i}-${y.year}`, scenario: r.scenario.name, ...y })));
  return (
    <Table
      className="bp-sim-table"
      size="small"
      pagination={false}
      dataSource={rows}
      scroll={{ x: true }}
      data-testid="sim-table"
      columns={[
        { title: 'Kịch bản', dataIndex: 'scenario', width: 220, onCell: (_r, idx) => ({ rowSpan: idx! % results[0].years.length === 0 ? results[0].years.length : 0 }) },
        { title: 'Năm', dataIndex: 'year' },
        { title: 'Người tham gia TN', dataIndex: 'participants', className: 'bp-num', render: formatInt },
        { title: 'Tăng so với không hỗ trợ thêm', dataIndex: 'extra_vs_baseline', className: 'bp-num', render: formatInt },
        { title: '% chỉ tiêu', dataIndex: 'target_pct', className: 'bp-num', render: pct },
        { title: 'NSTW hỗ trợ đóng', dataIndex: 'central_cost', className: 'bp-num', render: vnd },
        { title: 'Ngân sách tỉnh hỗ trợ thêm', dataIndex: 'provincial_cost', className: 'bp-num', render: vnd },
        { title: 'Trợ cấp thai sản (NSNN)', dataIndex: 'maternity_central_cost', className: 'bp-num', render: vnd },
        { title: 'Thai sản tỉnh hỗ trợ thêm', dataIndex: 'maternity_provincial_cost', className: 'bp-num', render: vnd },
      ]}
    />
  );
}

function NetPayments({ results }: { results: SimResult[] }) {
  return (
    <Table
      size="small"
      pagination={false}
      className="bp-sim-table"
      data-testid="sim-net"
      rowKey="name"
      dataSource={results.map((r) => ({ name: r.scenario.name, first: r.years[0] }))}
      columns={[
        { title: `Mức tự đóng tối thiểu/tháng (năm ${results[0].years[0]?.year})`, dataIndex: 'name' },
        ...SUPPORT_GROUPS.map((g) => ({
          title: SUPPORT_GROUP_LABELS[g],
          key: g,
          className: 'bp-num',
          render: (_: unknown, row: { first: YearResult }) => <span data-group={g}>{vnd(row.first.groups[g].net_min_payment)}</span>,
        })),
      ]}
    />
  );
}

function ResultsView({ results, exportIds }: { results: SimResult[]; exportIds: number[] | null }) {
  const data = results[0].data;
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => viNumber(v) },
      legend: { top: 0 },
      grid: { left: 90, right: 70, top: 40, bottom: 30 },
      xAxis: { type: 'category', data: results[0].years.map((y) => String(y.year)) },
      yAxis: [
        { type: 'value', name: 'Triệu đồng', axisLabel: { formatter: viNumber } },
        { type: 'value', name: 'Người', axisLabel: { formatter: viNumber } },
      ],
      series: results.flatMap((r) => [
        { name: `${r.scenario.name} — ngân sách tỉnh`, type: 'bar', data: r.years.map((y) => Math.round(y.provincial_cost / 1e6)) },
        { name: `${r.scenario.name} — người tham gia`, type: 'line', yAxisIndex: 1, data: r.years.map((y) => y.participants) },
      ]),
    }),
    [results],
  );
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Alert
        type={data.potential_source === 'findings' ? 'info' : 'warning'}
        showIcon
        message={`Dữ liệu tại ngày ${formatDate(data.as_of)}${data.period ? `, kỳ ${formatPeriod(data.period)}` : ''}: đang tham gia ${formatInt(SUPPORT_GROUPS.reduce((a, g) => a + data.current[g], 0))}, tiềm năng ${formatInt(SUPPORT_GROUPS.reduce((a, g) => a + data.potential[g], 0))}`}
        description={<ul style={{ margin: 0, paddingLeft: 18 }}>{data.notes.map((n) => <li key={n}>{n}</li>)}<li>Kết quả mô phỏng dựa trên các giả định nêu trong tài liệu hướng dẫn máy tính chính sách, không phải dự báo chính thức.</li></ul>}
      />
      <NetPayments results={results} />
      <Card size="small" title="Chi phí ngân sách tỉnh và số người tham gia">
        <Chart option={option} height={340} />
      </Card>
      <Card
        size="small"
        title="So sánh theo năm"
        extra={exportIds && (
          <Button icon={<DownloadOutlined />} onClick={() => download('/api/calc/scenarios/export', { query: { ids: exportIds.join(',') }, fallbackName: 'mo-phong.xlsx' }).catch((e) => message.error((e as Error).message))}>
            Xuất Excel
          </Button>
        )}
      >
        <ComparisonTable results={results} />
      </Card>
    </Space>
  );
}

export function SimulatorPage() {
  const me = useMe();
  const canSave = can(me, 'scenarios.edit');
  const saved = useApi<ScenariosAnswer>('/api/calc/scenarios');
  const [selected, setSelected] = useState<number[]>([]);
  const [results, setResults] = useState<SimResult[] | null>(null);
  const [exportIds, setExportIds] = useState<number[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function compareSaved() {
    setBusy(true);
    setError(null);
    try {
      const r = await api.get<ScenarioComparisonAnswer>(`/api/calc/scenarios/compare?ids=${selected.join(',')}`);
      setResults(r.results);
      setExportIds(selected);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  }
  async function runDraft(draft: Params) {
    setBusy(true);
    setError(null);
    try {
      const others = (saved.data?.scenarios ?? []).filter((s) => selected.includes(s.id)).slice(0, 2).map((s) => s.params);
      const r = await api.post<SimulateAnswer>('/api/calc/simulate', { scenarios: [draft, ...others] });
      setResults(r.results);
      setExportIds(null);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  }
  async function remove(id: number) {
    try {
      await api.del(`/api/calc/scenarios/${id}`);
      setSelected((s) => s.filter((x) => x !== id));
      saved.reload();
    } catch (err) {
      message.error((err as Error).message);
    }
  }

  return (
    <>
      <PageHeader title="Mô phỏng hỗ trợ thêm BHXH tự nguyện" subtitle={`Tác động của mức tỉnh hỗ trợ thêm đến số người tham gia, ngân sách và chỉ tiêu ${PLAN_RANGE_TEXT}`} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={8}>
          <Space direction="vertical" style={{ width: '100%' }}>
            <Card size="small" title="Kịch bản đã lưu (chọn tối đa 3)" className="bp-calc-noprint">
              <AsyncContent state={saved}>
                {(d) => (
                  <Space direction="vertical" style={{ width: '100%' }}>
                    {d.scenarios.map((s) => (
                      <Space key={s.id} align="start" style={{ justifyContent: 'space-between', width: '100%' }}>
                        <Checkbox
                          checked={selected.includes(s.id)}
                          disabled={!selected.includes(s.id) && selected.length >= 3}
                          onChange={(e) => setSelected((cur) => (e.target.checked ? [...cur, s.id] : cur.filter((x) => x !== s.id)))}
                          data-testid={`sim-pick-${s.id}`}
                        >
                          {s.name}
                          <div>
                            {SUPPORT_GROUPS.map((g) => <Tag key={g}>{SUPPORT_GROUP_LABELS[g]} +{s.params.topup[g]} %</Tag>)}
                          </div>
                        </Checkbox>
                        {canSave && s.createdBy !== 'BaoPhu' && (
                          <Popconfirm title="Xóa kịch bản này?" okText="Xóa" cancelText="Không" onConfirm={() => remove(s.id)}>
                            <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label="Xóa" />
                          </Popconfirm>
                        )}
                      </Space>
                    ))}
                    <Button type="primary" disabled={selected.length === 0} loading={busy} onClick={compareSaved} data-testid="sim-compare">
                      So sánh {selected.length > 0 ? `${selected.length} kịch bản` : ''}
                    </Button>
                  </Space>
                )}
              </AsyncContent>
            </Card>
            <ScenarioEditor onRun={runDraft} onSaved={saved.reload} canSave={canSave} />
          </Space>
        </Col>
        <Col xs={24} xl={16}>
          {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
          {results ? <ResultsView results={results} exportIds={exportIds} /> : (
            <Card size="small"><Typography.Text type="secondary">Chọn kịch bản đã lưu để so sánh, hoặc nhập kịch bản mới và bấm “Chạy mô phỏng”. Kịch bản nháp được so sánh cùng tối đa 2 kịch bản đang chọn.</Typography.Text></Card>
          )}
        </Col>
      </Row>
    </>
  );
}
