/** Chỉ tiêu: the province's yearly targets, the allocation assistant for communes, states and versions. */
import { useCallback, useEffect, useMemo, useState, type ReactElement } from 'react';
import { App, Alert, Button, Card, DatePicker, Form, Input, Modal, Radio, Segmented, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type dayjs from 'dayjs';
import { api, type ApiError } from '../../api.ts';
import { useSearchParams, Link } from '../../router.tsx';
import { PageHeader, AsyncContent, useApi, formatInt, formatDate, formatPeriod, DataTable, EmptyState, NumberInput, NumberFormItem, InvalidNumber, useCommunes, type NumberInputValue } from '../../components/index.ts';
import { largestRemainder } from '@shared/targets/allocation.ts';
import { useMe, isProvinceWide } from '../../auth.tsx';
import { PLAN_RANGE_TEXT, PLAN_YEAR_LIST, PLAN_YEARS, PROVINCE_CODE } from '@shared/province.ts';
import type { AllocationAnswer as Allocation, TargetLine as Line, TargetSetAnswer as TargetSet, TargetVersion as Version } from '@shared/api/targets.ts';

const YEARS = PLAN_YEAR_LIST;
const STATUS_COLOR = { draft: 'default', submitted: 'processing', approved: 'success' } as const;

function VersionTag({ v }: { v: Version | null }) {
  if (!v) return <Tag>Chưa có</Tag>;
  return <Tag color={STATUS_COLOR[v.status]} data-testid="target-status">{v.statusLabel} · phiên bản {v.version}</Tag>;
}

/** Submit / approve buttons of a set, by state and right. */
function StateActions({ set, onDone }: { set: TargetSet; onDone: () => void }) {
  const { message } = App.useApp();
  const [approving, setApproving] = useState(false);
  const [form] = Form.useForm<{ basis: string; basisDate: dayjs.Dayjs }>();
  const latest = set.latest;
  if (!latest) return null;
  const url = `/api/targets/${set.level}/${set.year}`;
  const submit = async () => {
    try {
      await api.post(`${url}/submit`, { expectedVersion: latest.version });
      message.success('Đã trình chỉ tiêu.');
      onDone();
    } catch (e) {
      message.error((e as ApiError).message);
    }
  };
  const approve = async () => {
    const v = await form.validateFields();
    try {
      await api.post(`${url}/approve`, { basis: v.basis, basisDate: v.basisDate.format('YYYY-MM-DD'), expectedVersion: latest.version });
      message.success('Đã phê duyệt chỉ tiêu.');
      setApproving(false);
      onDone();
    } catch (e) {
      message.error((e as ApiError).message);
    }
  };
  // The server refuses commune targets that do not add up to the approved province target; say why before a click.
  const blocked = set.sumCheck && !set.sumCheck.ok ? set.sumCheck.reason : null;
  const gated = (button: ReactElement) => (blocked ? <Tooltip title={blocked}><span>{button}</span></Tooltip> : button);
  return (
    <Space>
      {set.canEdit && latest.status === 'draft' && gated(<Button onClick={submit} disabled={!!blocked}>Trình phê duyệt</Button>)}
      {set.canApprove && latest.status === 'submitted' && gated(<Button type="primary" onClick={() => setApproving(true)} disabled={!!blocked}>Phê duyệt…</Button>)}
      <Modal title={`Phê duyệt ${set.levelLabel.toLowerCase()} năm ${set.year}`} open={approving} onOk={approve} onCancel={() => setApproving(false)} okText="Phê duyệt" cancelText="Hủy">
        <Form form={form} layout="vertical" initialValues={{ basis: latest.basis ?? '' }}>
          <Form.Item name="basis" label="Số nghị quyết / quyết định" rules={[{ required: true, min: 3, message: 'Vui lòng nhập số văn bản phê duyệt' }]}>
            <Input placeholder="Ví dụ: 15/NQ-HĐND" />
          </Form.Item>
          <Form.Item name="basisDate" label="Ngày ban hành" extra="Chọn hoặc gõ ngày dạng dd/mm/yyyy" rules={[{ required: true, message: 'Vui lòng chọn ngày ban hành (dd/mm/yyyy)' }]}>
            <DatePicker format="DD/MM/YYYY" placeholder="dd/mm/yyyy" style={{ width: '100%' }} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}

function History({ versions }: { versions: Version[] }) {
  const columns: ColumnsType<Version> = [
    { title: 'Phiên bản', dataIndex: 'version', width: 90, className: 'bp-num' },
    { title: 'Trạng thái', dataIndex: 'statusLabel', render: (_, v) => <Tag color={STATUS_COLOR[v.status]}>{v.statusLabel}</Tag> },
    { title: 'Nguồn', dataIndex: 'sourceLabel', render: (s, v) => (v.method ? `${s} (${METHOD_SHORT[v.method] ?? v.method})` : s) },
    { title: 'Căn cứ', key: 'basis', render: (_, v) => (v.basis ? `${v.basis}${v.basisDate ? `, ngày ${formatDate(v.basisDate)}` : ''}` : '—') },
    { title: 'Người thực hiện', dataIndex: 'changedBy' },
    { title: 'Thời điểm', dataIndex: 'changedAt', render: (t: string) => `${formatDate(t.slice(0, 10))} ${new Date(t).toLocaleTimeString('vi-VN', { hour: '2-digit', minute: '2-digit' })}` },
    { title: 'Ghi chú', dataIndex: 'note' },
  ];
  return <Table<Version> size="small" rowKey="id" columns={columns} dataSource={versions} pagination={false} />;
}

const METHOD_SHORT: Record<string, string> = {
  labour_share: 'theo LLLĐ', gap_share: 'theo khoảng trống bao phủ', recent_growth: 'theo tăng trưởng', same_growth: 'cùng tốc độ tăng',
};

function ProvinceSection({ year, reloadAll }: { year: number; reloadAll: () => void }) {
  const state = useApi<TargetSet>(`/api/targets/province/${year}`);
  const { message } = App.useApp();
  const [form] = Form.useForm<{ total: number; voluntary: number; mandatory: number | null; unemployment: number | null; note: string }>();
  const line = state.data?.lines[0];
  useEffect(() => {
    form.setFieldsValue({ total: line?.total, voluntary: line?.voluntary, mandatory: line?.mandatory ?? null, unemployment: line?.unemployment ?? null, note: '' });
  }, [line, form]);
  const save = async () => {
    const v = await form.validateFields();
    try {
      await api.post(`/api/targets/province/${year}`, {
        lines: [{ unitCode: PROVINCE_CODE, total: v.total, voluntary: v.voluntary, mandatory: v.mandatory ?? null, unemployment: v.unemployment ?? null }],
        note: v.note || null,
        expectedVersion: state.data?.latest?.version ?? 0,
      });
      message.success('Đã lưu dự thảo chỉ tiêu của tỉnh.');
      state.reload();
      reloadAll();
    } catch (e) {
      message.error((e as ApiError).message);
    }
  };
  return (
    <AsyncContent state={state}>
      {(set) => (
        <Card
          size="small"
          title={<Space>Chỉ tiêu của tỉnh năm {year} <VersionTag v={set.latest} /></Space>}
          extra={<StateActions set={set} onDone={() => { state.reload(); reloadAll(); }} />}
          data-testid="province-targets"
        >
          {year === PLAN_YEARS.max && (
            <Alert type="info" showIcon style={{ marginBottom: 12 }}
              message={`Năm ${PLAN_YEARS.max}: nhập số tuyệt đối Chính phủ giao cho tỉnh tại Nghị quyết 403/NQ-CP (tổng số người tham gia BHXH và số tối thiểu tham gia BHXH tự nguyện). Số của Thái Nguyên không được công bố dạng văn bản — hãy nhập theo phụ lục nhận được.`} />
          )}
          {set.effective && set.effective.id !== set.latest?.id && (
            <Alert type="warning" showIcon style={{ marginBottom: 12 }}
              message={`Đang dùng số đã phê duyệt (phiên bản ${set.effective.version}: ${formatInt(set.effectiveLines[0]?.total)} người) cho tới khi bản mới được phê duyệt.`} />
          )}
          <Form form={form} layout="inline" disabled={!set.canEdit}>
            <NumberFormItem name="total" label="Tổng số người tham gia BHXH" rules={[{ required: true, message: 'Nhập chỉ tiêu' }]} input={{ style: { width: 160 } }} />
            <NumberFormItem name="voluntary" label="Tự nguyện (tối thiểu)" rules={[{ required: true, message: 'Nhập chỉ tiêu' }]} input={{ style: { width: 140 } }} />
            <NumberFormItem name="mandatory" label="Bắt buộc" input={{ style: { width: 140 } }} />
            <NumberFormItem name="unemployment" label="BHTN" input={{ style: { width: 140 } }} />
            <Form.Item name="note" label="Ghi chú"><Input style={{ width: 220 }} /></Form.Item>
            {set.canEdit && <Button type="primary" onClick={save}>Lưu dự thảo</Button>}
          </Form>
          <Typography.Title level={5} style={{ marginTop: 16 }}>Lịch sử thay đổi</Typography.Title>
          {set.versions.length ? <History versions={set.versions} /> : <EmptyState description="Chưa có chỉ tiêu của tỉnh cho năm này." />}
        </Card>
      )}
    </AsyncContent>
  );
}

interface EditRow { code: string; name: string; total: NumberInputValue; voluntary: NumberInputValue }

/** A figure of the table as a count (an empty cell counts 0; invalid text is reported separately). */
const countOf = (v: NumberInputValue) => (typeof v === 'number' ? v : 0);

function AllocationAssistant({ year, set, onSaved }: { year: number; set: TargetSet; onSaved: () => void }) {
  const { message } = App.useApp();
  const [total, setTotal] = useState<NumberInputValue>(null);
  const [voluntaryTotal, setVoluntaryTotal] = useState<NumberInputValue>(null);
  const [data, setData] = useState<Allocation | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [method, setMethod] = useState<string | null>(null);
  const [rows, setRows] = useState<EditRow[]>([]);

  const propose = useCallback(async (t?: number | null) => {
    try {
      const a = await api.get<Allocation>('/api/targets/allocation', { query: { year, total: t ?? undefined } });
      setData(a);
      setError(null);
      setTotal(a.total);
      setVoluntaryTotal((v) => (typeof v === 'number' ? v : a.provinceVoluntaryTarget));
    } catch (e) {
      setError((e as ApiError).message);
    }
  }, [year]);
  useEffect(() => { void propose(); }, [propose]);

  // Start from the saved lines when there are some.
  useEffect(() => {
    if (!data) return;
    const saved = new Map(set.lines.map((l) => [l.unitCode, l]));
    setRows(data.communes.map((c) => ({ code: c.code, name: c.name, total: saved.get(c.code)?.total ?? 0, voluntary: saved.get(c.code)?.voluntary ?? 0 })));
    setMethod(set.latest?.method ?? null);
  }, [data, set]);

  const apply = (m: string) => {
    if (!data) return;
    const p = data.proposals.find((x) => x.method === m)!;
    const totals = data.communes.map((c) => p.targets[c.code] ?? 0);
    const sum = totals.reduce((a, b) => a + b, 0);
    // The voluntary minimum follows the same shares, again summing exactly.
    const voluntary = typeof voluntaryTotal === 'number' ? voluntaryTotal : null;
    const vol = voluntary != null && sum > 0 ? largestRemainder(totals.map((t) => (t / sum) * voluntary), voluntary) : totals.map(() => 0);
    setRows(data.communes.map((c, i) => ({ code: c.code, name: c.name, total: totals[i], voluntary: Math.min(vol[i], totals[i]) })));
    setMethod(m);
  };

  const sumTotal = rows.reduce((a, r) => a + countOf(r.total), 0);
  const sumVoluntary = rows.reduce((a, r) => a + countOf(r.voluntary), 0);
  const invalidRows = rows.filter((r) => r.total instanceof InvalidNumber || r.voluntary instanceof InvalidNumber).map((r) => r.name);
  const save = async () => {
    try {
      await api.post(`/api/targets/commune/${year}`, {
        lines: rows.filter((r) => countOf(r.total) > 0 || countOf(r.voluntary) > 0).map((r) => ({ unitCode: r.code, total: countOf(r.total), voluntary: countOf(r.voluntary) })),
        method,
        expectedVersion: set.latest?.version ?? 0,
      });
      message.success('Đã lưu dự thảo chỉ tiêu giao các xã, phường.');
      onSaved();
    } catch (e) {
      message.error((e as ApiError).message);
    }
  };

  const columns = useMemo<ColumnsType<EditRow>>(() => {
    const byCode = new Map(data?.communes.map((c) => [c.code, c]) ?? []);
    return [
      { title: 'Xã, phường', dataIndex: 'name', fixed: 'left', render: (n, r) => <Link to={`/xa/${r.code}`}>{n}</Link> },
      { title: 'LLLĐ trong độ tuổi', key: 'lf', className: 'bp-num', render: (_, r) => formatInt(byCode.get(r.code)?.labourForce) || '—' },
      { title: 'Đang tham gia', key: 'act', className: 'bp-num', render: (_, r) => formatInt(byCode.get(r.code)?.active) },
      { title: 'Tăng 12 tháng', key: 'gr', className: 'bp-num', render: (_, r) => { const c = byCode.get(r.code); return c?.activeYearAgo == null ? '—' : formatInt(c.active - c.activeYearAgo); } },
      ...(data?.proposals ?? []).map((p) => ({
        title: <Tooltip title={p.explanation}><span>{p.label}</span></Tooltip>,
        key: p.method,
        className: 'bp-num',
        render: (_: unknown, r: EditRow) => formatInt(p.targets[r.code]),
      })),
      {
        title: 'Chỉ tiêu giao', key: 'total', className: 'bp-num',
        render: (_, r, i) => (
          <NumberInput size="small" style={{ width: 110 }} value={r.total} disabled={!set.canEdit} label={`Chỉ tiêu ${r.name}`}
            onChange={(v) => setRows((rs) => rs.map((x, j) => (j === i ? { ...x, total: v } : x)))} />
        ),
      },
      {
        title: 'Trong đó tự nguyện', key: 'vol', className: 'bp-num',
        render: (_, r, i) => (
          <NumberInput size="small" style={{ width: 110 }} value={r.voluntary} disabled={!set.canEdit} label={`Chỉ tiêu tự nguyện ${r.name}`}
            onChange={(v) => setRows((rs) => rs.map((x, j) => (j === i ? { ...x, voluntary: v } : x)))} />
        ),
      },
    ];
  }, [data, set.canEdit]);

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <span>Chỉ tiêu tỉnh cần phân bổ:</span>
        <NumberInput style={{ width: 150 }} value={total} onChange={setTotal} label="Chỉ tiêu tỉnh cần phân bổ" />
        <span>trong đó tự nguyện:</span>
        <NumberInput style={{ width: 130 }} value={voluntaryTotal} onChange={setVoluntaryTotal} label="Chỉ tiêu tự nguyện cần phân bổ" />
        <Button onClick={() => void propose(typeof total === 'number' ? total : null)} disabled={total instanceof InvalidNumber}>Tính đề xuất</Button>
      </Space>
      {error && <Alert type="warning" showIcon message={error} />}
      {data && (
        <>
          <Typography.Text type="secondary">
            Số đang tham gia tính đến tháng {formatPeriod(data.basePeriod)}; tăng 12 tháng so với tháng {formatPeriod(data.yearAgoPeriod)}.
            {data.missingLabourForce.length ? ` ${data.missingLabourForce.length} xã, phường chưa có số liệu lực lượng lao động.` : ''}
          </Typography.Text>
          <ul className="bp-method">
            {data.proposals.map((p) => <li key={p.method}><strong>{p.label}:</strong> {p.explanation}</li>)}
          </ul>
          {set.canEdit && (
            <Space wrap>
              <span>Áp dụng phương án:</span>
              <Radio.Group value={method} onChange={(e) => apply(e.target.value)} optionType="button"
                options={data.proposals.map((p) => ({ value: p.method, label: p.label }))} />
            </Space>
          )}
          <Alert
            type={sumTotal === data.total ? 'success' : 'error'}
            showIcon
            data-testid="allocation-sum"
            message={`Tổng đã giao ${formatInt(sumTotal)} / chỉ tiêu tỉnh ${formatInt(data.total)}${sumTotal === data.total ? ' — khớp' : ` — chênh ${formatInt(sumTotal - data.total)}`}; tự nguyện ${formatInt(sumVoluntary)}${typeof voluntaryTotal === 'number' ? ` / ${formatInt(voluntaryTotal)}` : ''}.`}
          />
          {invalidRows.length > 0 && (
            <Alert type="error" showIcon data-testid="allocation-invalid"
              message={`Có ô chưa phải số hợp lệ (${invalidRows.slice(0, 5).join(', ')}${invalidRows.length > 5 ? `, và ${invalidRows.length - 5} xã khác` : ''}): sửa trước khi lưu.`} />
          )}
          <div data-testid="commune-targets-table">
            {/* No inner scroll: the page scrolls, the header stays in view. */}
            <DataTable<EditRow> rowKey="code" columns={columns} dataSource={rows} pagination={false} sticky />
          </div>
          {set.canEdit && <Button type="primary" onClick={save} disabled={sumTotal === 0 || invalidRows.length > 0}>Lưu dự thảo chỉ tiêu các xã</Button>}
        </>
      )}
    </Space>
  );
}

function CommuneSection({ year, reloadAll }: { year: number; reloadAll: () => void }) {
  const state = useApi<TargetSet>(`/api/targets/commune/${year}`);
  const { communes } = useCommunes();
  const communeName = (code: string) => communes?.find((c) => c.code === code)?.name;
  return (
    <AsyncContent state={state}>
      {(set) => (
        <Card
          size="small"
          title={<Space>Chỉ tiêu giao các xã, phường năm {year} <VersionTag v={set.latest} /></Space>}
          extra={<StateActions set={set} onDone={() => { state.reload(); reloadAll(); }} />}
          data-testid="commune-targets"
        >
          {set.sumCheck && !set.sumCheck.ok && set.latest?.status !== 'approved' && (
            <Alert type="error" showIcon style={{ marginBottom: 12 }} data-testid="commune-sum-check"
              message={`Chưa trình hoặc phê duyệt được: ${set.sumCheck.reason}`} />
          )}
          {set.sumCheck && !set.sumCheck.ok && set.latest?.status === 'approved' && (
            <Alert type="warning" showIcon style={{ marginBottom: 12 }} data-testid="commune-sum-check"
              message={`Chỉ tiêu giao các xã, phường đã phê duyệt không còn khớp chỉ tiêu của tỉnh: ${set.sumCheck.reason}`} />
          )}
          {set.canEdit ? (
            <AllocationAssistant year={year} set={set} onSaved={() => { state.reload(); reloadAll(); }} />
          ) : set.lines.length ? (
            <DataTable<Line>
              rowKey="unitCode"
              pagination={false}
              dataSource={set.lines}
              columns={[
                {
                  title: 'Xã, phường', dataIndex: 'unitCode',
                  render: (c: string) => <><Link to={`/xa/${c}`}>{communeName(c) ?? `Xã/phường mã ${c}`}</Link> <Typography.Text type="secondary">mã {c}</Typography.Text></>,
                },
                { title: 'Chỉ tiêu BHXH', dataIndex: 'total', className: 'bp-num', render: (v) => formatInt(v) },
                { title: 'Tự nguyện', dataIndex: 'voluntary', className: 'bp-num', render: (v) => formatInt(v) },
                { title: 'Bắt buộc', dataIndex: 'mandatory', className: 'bp-num', render: (v) => formatInt(v) || '—' },
                { title: 'BHTN', dataIndex: 'unemployment', className: 'bp-num', render: (v) => formatInt(v) || '—' },
              ]}
            />
          ) : (
            <EmptyState description="Chưa có chỉ tiêu giao cho năm này." />
          )}
          <Typography.Title level={5} style={{ marginTop: 16 }}>Lịch sử thay đổi</Typography.Title>
          {set.versions.length ? <History versions={set.versions} /> : <EmptyState description="Chưa có phiên bản nào." />}
        </Card>
      )}
    </AsyncContent>
  );
}

export default function TargetsPage() {
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const year = Number(params.get('nam') ?? PLAN_YEARS.min);
  const [tick, setTick] = useState(0);
  const reloadAll = () => setTick((t) => t + 1);
  return (
    <>
      <PageHeader
        title="Chỉ tiêu phát triển người tham gia BHXH"
        subtitle={`Chỉ tiêu của tỉnh theo Nghị quyết 403/NQ-CP và lộ trình hằng năm ${PLAN_RANGE_TEXT}; chỉ tiêu giao các xã, phường. Trạng thái: Dự thảo → Đã trình → Đã phê duyệt.`}
        extra={<Segmented<number> value={year} onChange={(v) => setParams({ nam: v })} options={YEARS.map((y) => ({ value: y, label: String(y) }))} />}
      />
      <Space direction="vertical" size={14} style={{ width: '100%' }} key={`${year}-${tick}`}>
        {/* The province set is hidden from commune accounts (the server answers 404 to them). */}
        {isProvinceWide(me) && <ProvinceSection year={year} reloadAll={reloadAll} />}
        <CommuneSection year={year} reloadAll={reloadAll} />
      </Space>
    </>
  );
}
