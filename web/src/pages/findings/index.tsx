/**
 * /phat-hien — the cross-check findings: filters (code, commune, status, search) kept in the address,
 * counts per code and commune, a detail panel that explains why a finding was raised (compared records side by
 * side, amounts, legal basis, action log), status changes and notes, the review queue of uncertain person links,
 * and the XLSX exports (all findings shown, the outreach list, the enforcement list). The server scopes and masks
 * everything; this page only shows what it gets.
 */
import { useCallback, useState } from 'react';
import { Alert, Button, Card, Descriptions, Drawer, Form, Input, Modal, Select, Space, Table, Tabs, Tag, Timeline, Typography, message } from 'antd';
import type { SortOrder } from 'antd/es/table/interface';
import { DownloadOutlined, ReloadOutlined } from '@ant-design/icons';
import { foldDiacritics } from '@shared/text/vietnamese.ts';
import { fileKindLabel } from '@shared/vocabulary.ts';
import { api, download } from '../../api.ts';
import { useMe, can } from '../../auth.tsx';
import { useSearchParams } from '../../router.tsx';
import { BulkOpenCases, OpenCaseButton, useOpenableCodes } from '../cases/OpenCaseButton.tsx';
import { AsyncContent, CommuneSelect, DataTable, ErrorState, PageHeader, PersonalDataNotice, formatDate, formatDateTime, formatDecimal, formatInt, formatPeriod, useApi, useCommunes, CommuneName } from '../../components/index.ts';
import { StaleFindingsNotice } from './stale.tsx';
import type {
  FindingAnswer as Row, FindingDetailAnswer as Detail, FindingListAnswer, FindingsMetaAnswer as Meta, FindingsSummaryAnswer as Summary, ReviewDecisionAnswer, ReviewItem, ReviewQueueAnswer,
} from '@shared/api/findings.ts';

const STATUS_COLOR: Record<string, string> = { new: 'blue', open: 'orange', resolved: 'green', dismissed: 'default' };

export default function FindingsPage() {
  const me = useMe();
  const meta = useApi<Meta>('/api/findings/meta');
  const [tab, setTab] = useState('list');
  const [, setParams] = useSearchParams();
  const run = meta.data?.latestRun;
  const reloadMeta = meta.reload;
  const refreshed = useCallback(() => reloadMeta(), [reloadMeta]);
  // A commune picked in the per-commune table opens the list filtered by it.
  const pickCommune = (code: string) => {
    setParams({ commune: code }, { push: true });
    setTab('list');
  };
  return (
    <>
      <PageHeader
        title="Phát hiện qua đối soát dữ liệu"
        subtitle={run ? `Lần đối soát #${run.id}, kỳ dữ liệu ${run.period.slice(5)}/${run.period.slice(0, 4)}` : 'Chưa có lần đối soát nào'}
        asOf={run?.asOf}
        extra={<Exports canOutreach={me.findings.includes('TIEM_NANG_TU_NGUYEN')} />}
      />
      <Alert type="warning" showIcon style={{ marginBottom: 12 }} title="Đầu mối cần xác minh" description={meta.data?.note ?? 'Các phát hiện là đầu mối cần xác minh, không phải kết luận vi phạm.'} />
      <PersonalDataNotice />
      <StaleFindingsNotice onRefreshed={refreshed} />
      <AsyncContent state={meta}>
        {(m: Meta) => (
          <Tabs
            key={m.latestRun?.id ?? 0}
            activeKey={tab}
            onChange={setTab}
            items={[
              { key: 'list', label: 'Danh sách', children: <FindingList meta={m} /> },
              { key: 'communes', label: 'Theo xã, phường', children: <ByCommune onPick={pickCommune} /> },
              ...(m.canReview || can(me, 'findings.review') ? [{ key: 'review', label: 'Liên kết cần xem xét', children: <ReviewQueue /> }] : []),
            ]}
          />
        )}
      </AsyncContent>
    </>
  );
}

function Exports({ canOutreach }: { canOutreach: boolean }) {
  const [params] = useSearchParams();
  const run = async (url: string, query?: Record<string, string>) => {
    try {
      await download(url, { query });
    } catch (e) {
      message.error((e as Error).message);
    }
  };
  // The list's filters; the search box is 'tim' in the address and 'search' for the API.
  const filter: Record<string, string> = Object.fromEntries(['code', 'commune', 'status'].filter((k) => params.get(k)).map((k) => [k, params.get(k)!]));
  if (params.get('tim')) filter.search = params.get('tim')!;
  return (
    <Space wrap>
      <Button icon={<DownloadOutlined />} onClick={() => run('/api/findings/export', { format: 'xlsx', ...filter })}>Xuất danh sách đang lọc (XLSX)</Button>
      {canOutreach && <Button icon={<DownloadOutlined />} onClick={() => run('/api/findings/export/outreach', params.get('commune') ? { commune: params.get('commune')! } : undefined)}>Danh sách vận động tham gia</Button>}
      <Button icon={<DownloadOutlined />} onClick={() => run('/api/findings/export/enforcement')}>Danh sách kiểm tra, đôn đốc</Button>
    </Space>
  );
}

/** The list's sortable columns (the API's whitelisted sort keys). */
const SORT_KEYS = ['code', 'subject', 'commune', 'period', 'amount', 'status'] as const;
const SORT_LABEL: Record<string, string> = { asc: 'tăng dần', desc: 'giảm dần' };

/**
 * What is wrong with the filters in the address (a link typed or pasted by hand), in words naming the filter — or
 * null. A filter the list cannot apply says so instead of showing an empty table.
 */
function addressFilterProblems(params: URLSearchParams, meta: Meta, communeCodes: Set<string> | null): string[] {
  const problems: string[] = [];
  const code = params.get('code');
  if (code?.split(',').some((c) => !meta.codes.some((x) => x.code === c))) {
    problems.push(`Bộ lọc "Loại phát hiện" (code=${code}) không hợp lệ: không có loại phát hiện này trong các loại vai trò của bạn được xem.`);
  }
  const status = params.get('status');
  if (status?.split(',').some((v) => !meta.statuses.some((x) => x.value === v))) {
    problems.push(`Bộ lọc "Trạng thái" (status=${status}) không hợp lệ: chỉ nhận ${meta.statuses.map((x) => `${x.value} (${x.label})`).join(', ')}.`);
  }
  const commune = params.get('commune');
  if (commune?.split(',').some((c) => !/^\d{5}$/.test(c) || (communeCodes !== null && !communeCodes.has(c)))) {
    problems.push(`Bộ lọc "Xã, phường" (commune=${commune}) không hợp lệ: mã xã, phường phải là 5 chữ số của một xã, phường trong tỉnh.`);
  }
  const sort = params.get('sx');
  if (sort && !(SORT_KEYS as readonly string[]).includes(sort)) problems.push(`Cột sắp xếp (sx=${sort}) không hợp lệ.`);
  const order = params.get('thu');
  if (order && !SORT_LABEL[order]) problems.push(`Thứ tự sắp xếp (thu=${order}) không hợp lệ: chỉ nhận asc (tăng dần) hoặc desc (giảm dần).`);
  const numberParam = (name: string, label: string) => {
    const v = params.get(name);
    if (v !== null && !/^[1-9]\d{0,5}$/.test(v)) problems.push(`${label} (${name}=${v}) phải là số nguyên dương.`);
  };
  numberParam('trang', 'Số trang');
  numberParam('so', 'Số dòng mỗi trang');
  return problems;
}

function FindingList({ meta }: { meta: Meta }) {
  const [params, setParams] = useSearchParams();
  const communes = useCommunes();
  const problems = addressFilterProblems(params, meta, communes.communes ? new Set(communes.communes.map((c) => c.code)) : null);
  const page = Number(params.get('trang') ?? 1);
  const pageSize = Number(params.get('so') ?? 50);
  const filter = { code: params.get('code') ?? undefined, commune: params.get('commune') ?? undefined, status: params.get('status') ?? undefined, search: params.get('tim') ?? undefined };
  const sortKey = params.get('sx') ?? undefined;
  const order = params.get('thu') === 'desc' ? 'desc' : 'asc';
  const list = useApi<FindingListAnswer>(problems.length ? null : '/api/findings', { ...filter, page, pageSize, sort: sortKey, order: sortKey ? order : undefined });
  // Counts per code under the same commune and status filters as the list (the tags filter by code).
  const summary = useApi<Summary>(problems.length ? null : '/api/findings/summary', { commune: filter.commune, status: filter.status });
  const [openId, setOpenId] = useState<number | null>(null);
  // Rows chosen for bulk opening of cases; a new filter, page or sort starts a new choice.
  const [chosen, setChosen] = useState<{ key: string; ids: number[] }>({ key: '', ids: [] });
  const listKey = params.toString();
  const chosenIds = chosen.key === listKey ? chosen.ids : [];
  const openable = useOpenableCodes(meta.canWork);
  const filterLabel = [
    meta.codes.find((c) => c.code === filter.code)?.label.toLocaleLowerCase('vi') ?? '',
    filter.commune ? `ở ${communes.communes?.find((c) => c.code === filter.commune)?.name ?? ''}` : '',
  ].filter(Boolean).join(' ');
  const set = (patch: Record<string, string | number | null | undefined>) =>
    setParams({ code: filter.code, commune: filter.commune, status: filter.status, tim: filter.search, sx: sortKey, thu: sortKey ? order : undefined, so: pageSize, ...patch, trang: patch.trang ?? 1 });
  const sortOrder = (key: string): SortOrder => (sortKey === key ? (order === 'desc' ? 'descend' : 'ascend') : null);
  if (problems.length) {
    return (
      <Alert
        type="error"
        showIcon
        data-testid="filter-problem"
        message="Bộ lọc trong địa chỉ trang không hợp lệ"
        description={problems.map((p) => <div key={p}>{p}</div>)}
        action={<Button onClick={() => setParams({}, { push: true })}>Bỏ mọi bộ lọc</Button>}
      />
    );
  }
  return (
    <>
      {summary.data && (
        <Space wrap style={{ marginBottom: 12 }} data-testid="code-counts">
          {summary.data.byCode.map((c) => (
            <Tag.CheckableTag key={c.code} data-code={c.code} checked={filter.code === c.code} onChange={(on) => set({ code: on ? c.code : null })}>
              {c.label}: <b>{formatInt(c.count)}</b>
            </Tag.CheckableTag>
          ))}
        </Space>
      )}
      <Space wrap style={{ marginBottom: 12 }} data-testid="finding-filters">
        <Select allowClear placeholder="Loại phát hiện" style={{ width: 320 }} value={filter.code} onChange={(v) => set({ code: v })}
          showSearch={{ filterOption: (input, option) => foldDiacritics(String(option?.label ?? '')).toLowerCase().includes(foldDiacritics(input).toLowerCase().trim()) }}
          options={meta.codes.map((c) => ({ value: c.code, label: c.label }))} />
        <CommuneSelect allowClear placeholder="Xã, phường" style={{ width: 240 }} value={filter.commune} onChange={(v) => set({ commune: typeof v === "string" ? v : null })} />
        <Select allowClear placeholder="Trạng thái" style={{ width: 160 }} value={filter.status} onChange={(v) => set({ status: v })}
          options={meta.statuses.map((s) => ({ value: s.value, label: s.label }))} />
        <Input.Search allowClear placeholder="Tìm số định danh, mã số thuế, tên" style={{ width: 280 }} defaultValue={filter.search} onSearch={(v) => set({ tim: v || null })} />
        <Button icon={<ReloadOutlined />} onClick={list.reload}>Tải lại</Button>
        {meta.canWork && (
          <BulkOpenCases openable={openable} selectedIds={chosenIds} filter={filter} filterLabel={filterLabel}
            onOpened={() => { setChosen({ key: '', ids: [] }); list.reload(); summary.reload(); }} />
        )}
      </Space>
      {list.error ? <ErrorState error={list.error} /> : null}
      <div data-testid="findings-table">
      {/* Fixed layout: the columns share the page's width; long text is cut with its full text on hover. */}
      <DataTable<Row>
        rowKey="id"
        tableLayout="fixed"
        loading={list.loading}
        dataSource={list.data?.rows ?? []}
        total={list.data?.total ?? 0}
        page={page}
        pageSize={pageSize}
        onPageChange={(p, s) => set({ trang: p, so: s })}
        onChange={(_pagination, _filters, sorter, extra) => {
          if (extra.action !== 'sort') return;
          const s = Array.isArray(sorter) ? sorter[0] : sorter;
          set({ sx: s?.order ? String(s.columnKey) : null, thu: s?.order === 'descend' ? 'desc' : s?.order ? 'asc' : null });
        }}
        rowSelection={meta.canWork && openable.size ? {
          selectedRowKeys: chosenIds,
          onChange: (keys) => setChosen({ key: listKey, ids: keys.map(Number) }),
          getCheckboxProps: (r) => ({ disabled: !openable.has(r.code), 'aria-label': `Chọn ${r.codeLabel} ${r.subjectName ?? r.subjectId}` }),
        } : undefined}
        // A click on a row opens its detail; a click in the choice column only chooses.
        onRow={(r) => ({ onClick: (e) => { if (!(e.target as HTMLElement).closest('.ant-table-selection-column')) setOpenId(r.id); }, style: { cursor: 'pointer' } })}
        columns={[
          { title: 'Loại', key: 'code', dataIndex: 'codeLabel', width: 200, ellipsis: { showTitle: true }, sorter: true, sortOrder: sortOrder('code') },
          {
            title: 'Đối tượng', key: 'subject', width: 190, ellipsis: true, sorter: true, sortOrder: sortOrder('subject'),
            render: (_, r) => <><div className="bp-ellipsis" title={r.subjectName ?? ''}>{r.subjectName ?? ''}</div><Typography.Text type="secondary">{r.subjectId}</Typography.Text></>,
          },
          { title: 'Xã, phường', key: 'commune', dataIndex: 'communeName', width: 150, ellipsis: { showTitle: true }, sorter: true, sortOrder: sortOrder('commune') },
          { title: 'Kỳ', key: 'period', dataIndex: 'periodLabel', width: 90, sorter: true, sortOrder: sortOrder('period'), responsive: ['xxl'] },
          { title: 'Số tiền', key: 'amount', dataIndex: 'amountVnd', width: 130, align: 'right', sorter: true, sortOrder: sortOrder('amount'), render: (_, r) => r.amountLabel },
          { title: 'Trạng thái', key: 'status', dataIndex: 'status', width: 130, sorter: true, sortOrder: sortOrder('status'), render: (_, r) => <Tag color={STATUS_COLOR[r.status]}>{r.statusLabel}</Tag> },
          { title: 'Nội dung', key: 'detail', dataIndex: 'detail', render: (v: string) => <Typography.Paragraph ellipsis={{ rows: 2, tooltip: v }} style={{ margin: 0 }}>{v}</Typography.Paragraph> },
        ]}
      />
      </div>
      {openId !== null && <FindingDetail id={openId} canWork={meta.canWork} onClose={() => setOpenId(null)} onChanged={() => { list.reload(); summary.reload(); }} />}
    </>
  );
}

function FindingDetail({ id, canWork, onClose, onChanged }: { id: number; canWork: boolean; onClose: () => void; onChanged: () => void }) {
  const detail = useApi<Detail>(`/api/findings/${id}`);
  const [form] = Form.useForm();
  const [saving, setSaving] = useState(false);
  const save = async (values: { status?: string; reason?: string; note?: string }) => {
    setSaving(true);
    try {
      await api.patch(`/api/findings/${id}`, values);
      message.success('Đã cập nhật phát hiện.');
      form.resetFields();
      detail.reload();
      onChanged();
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setSaving(false);
    }
  };
  const status = Form.useWatch('status', form);
  return (
    <Drawer open width={760} onClose={onClose} title="Chi tiết phát hiện">
      <AsyncContent state={detail}>
        {(d: Detail) => (
          <div data-testid="finding-detail" data-id={d.id}>
            <Descriptions size="small" column={1} bordered items={[
              { key: 'code', label: 'Loại', children: d.codeLabel },
              { key: 'subject', label: 'Đối tượng', children: `${d.subjectName ?? ''} (${d.subjectId})` },
              { key: 'commune', label: 'Xã, phường', children: d.communeName ?? d.communeCode ?? '' },
              { key: 'period', label: 'Kỳ dữ liệu', children: d.periodLabel },
              { key: 'amount', label: 'Số tiền', children: d.amountLabel },
              { key: 'status', label: 'Trạng thái', children: <><Tag color={STATUS_COLOR[d.status]}>{d.statusLabel}</Tag>{d.dismissReason ? ` — ${d.dismissReason}` : ''}</> },
              ...(d.linkMethodLabel ? [{ key: 'link', label: 'Cách liên kết', children: `${d.linkMethodLabel}${d.linkScore != null ? ` (điểm ${formatDecimal(d.linkScore, 2)})` : ''}` }] : []),
            ]} />
            <Typography.Title level={5} style={{ marginTop: 16 }}>Vì sao phát hiện</Typography.Title>
            <div data-testid="finding-explanation">
              {/* biome-ignore lint/suspicious/noArrayIndexKey: text lines shown in their order, never reordered or edited */}
              {d.explanation.map((line, i) => <Typography.Paragraph key={i} style={{ marginBottom: 6 }}>{line}</Typography.Paragraph>)}
            </div>
            {d.comparison && d.comparison.length > 0 && (
              <>
                <Typography.Title level={5}>Đối chiếu hồ sơ</Typography.Title>
                <div data-testid="finding-comparison">
                <Table size="small" bordered pagination={false} rowKey={(r) => `${r.label}|${r.record}`} dataSource={d.comparison}
                  columns={[
                    { title: 'Thông tin', dataIndex: 'label' },
                    { title: d.comparisonSources?.record ?? 'Hồ sơ BHXH', dataIndex: 'record', render: (v: string, r) => (r.differs ? <Typography.Text type="danger">{r.commune ? <CommuneName code={v} /> : v}</Typography.Text> : r.commune ? <CommuneName code={v} /> : v) },
                    { title: d.comparisonSources?.resident ?? 'CSDL dân cư', dataIndex: 'resident', render: (v: string, r) => (r.differs ? <Typography.Text type="danger">{r.commune ? <CommuneName code={v} /> : v}</Typography.Text> : r.commune ? <CommuneName code={v} /> : v) },
                  ]} />
                </div>
              </>
            )}
            <Typography.Title level={5} style={{ marginTop: 16 }}>Căn cứ pháp lý</Typography.Title>
            <Typography.Paragraph data-testid="finding-legal-basis">{d.legalBasis}</Typography.Paragraph>
            {canWork && <OpenCaseButton findingId={d.id} code={d.code} />}
            <Typography.Title level={5}>Nhật ký xử lý</Typography.Title>
            {d.actions.length === 0 ? <Typography.Text type="secondary">Chưa có thao tác.</Typography.Text> : (
              <Timeline items={d.actions.map((a) => ({
                children: <>{formatDateTime(a.at)} — {a.by ?? ''}: {a.toLabel ? `${a.fromLabel ?? ''} → ${a.toLabel}` : 'ghi chú'}{a.note ? ` — ${a.note}` : ''}</>,
              }))} />
            )}
            {canWork && (
              <Card size="small" title="Cập nhật" style={{ marginTop: 12 }}>
                <Form form={form} layout="vertical" onFinish={save}>
                  <Form.Item name="status" label="Trạng thái mới">
                    <Select allowClear options={[{ value: 'open', label: 'Đang xử lý' }, { value: 'resolved', label: 'Đã hết' }, { value: 'dismissed', label: 'Bỏ qua (ghi lý do)' }]} />
                  </Form.Item>
                  {status === 'dismissed' && (
                    <Form.Item name="reason" label="Lý do bỏ qua" rules={[{ required: true, min: 3, message: 'Bỏ qua một phát hiện cần ghi lý do' }]}>
                      <Input />
                    </Form.Item>
                  )}
                  <Form.Item name="note" label="Ghi chú"><Input.TextArea rows={2} /></Form.Item>
                  <Button type="primary" htmlType="submit" loading={saving}>Lưu</Button>
                </Form>
              </Card>
            )}
          </div>
        )}
      </AsyncContent>
    </Drawer>
  );
}

function ByCommune({ onPick }: { onPick: (commune: string) => void }) {
  const [params] = useSearchParams();
  const summary = useApi<Summary>('/api/findings/summary', { status: params.get('status') ?? undefined });
  return (
    <AsyncContent state={summary}>
      {(s: Summary) => (
        <div data-testid="by-commune-table">
        <DataTable
          rowKey={(r) => r.communeCode ?? ''}
          scroll={{ x: 'max-content' }}
          dataSource={s.byCommune}
          onRow={(r) => ({ onClick: () => r.communeCode && onPick(r.communeCode), style: { cursor: 'pointer' } })}
          columns={[
            { title: 'Xã, phường', dataIndex: 'communeName', fixed: 'left' },
            { title: 'Tổng', dataIndex: 'total', align: 'right', render: (v: number) => formatInt(v), sorter: (a, b) => a.total - b.total, defaultSortOrder: 'descend' },
            ...s.byCode.map((c) => ({ title: c.label, key: c.code, align: 'right' as const, render: (_: unknown, r: Summary['byCommune'][number]) => formatInt(r.byCode[c.code] ?? 0) })),
          ]}
        />
        </div>
      )}
    </AsyncContent>
  );
}

const birthText = (d: string | null, p: string | null) => (!d ? '' : p === 'Y' ? d.slice(0, 4) : p === 'M' ? formatPeriod(d) : formatDate(d));
/** The score's parts, e.g. "họ +1,8; tên đệm +1,9; tên +4,7; ngày sinh +10; giới tính 0; xã 0". */
const COMPONENT_LABEL: Record<string, string> = { family: 'họ', middle: 'tên đệm', given: 'tên', birth: 'ngày sinh', sex: 'giới tính', commune: 'xã' };
const componentsText = (c: Record<string, number | boolean>) =>
  Object.entries(COMPONENT_LABEL)
    .filter(([k]) => typeof c[k] === 'number')
    .map(([k, label]) => { const v = Number(c[k]); return `${label} ${v > 0 ? '+' : ''}${formatDecimal(v, 1)}`; })
    .join('; ') + (c.reorder ? '; tên đảo thứ tự' : '');

function ReviewQueue() {
  const [page, setPage] = useState(1);
  const { communes } = useCommunes();
  const communeText = (code: string | null | undefined) => (code ? `Xã/phường: ${communes?.find((c) => c.code === code)?.name ?? code}` : '');
  const queue = useApi<ReviewQueueAnswer>('/api/findings/review', { page, pageSize: 20 });
  const decide = (item: ReviewItem, residentId: string, decision: 'accepted' | 'rejected') => {
    Modal.confirm({
      title: decision === 'accepted' ? 'Xác nhận đây là cùng một người?' : 'Xác nhận không phải cùng một người?',
      content: 'Quyết định được ghi vào nhật ký và dùng cho các lần đối soát sau.',
      okText: 'Xác nhận',
      cancelText: 'Hủy',
      onOk: async () => {
        try {
          const r = await api.post<ReviewDecisionAnswer>('/api/findings/review', { recordKey: item.recordKey, residentId, decision });
          message.success(r.message);
          queue.reload();
        } catch (e) {
          message.error((e as Error).message);
        }
      },
    });
  };
  return (
    <AsyncContent state={queue}>
      {(q: ReviewQueueAnswer) => (
        <>
          <Typography.Paragraph type="secondary">
            Hồ sơ không có số định danh dùng được, khớp một phần với người trong CSDL dân cư (họ tên, ngày sinh, giới tính, xã). Điểm càng cao càng giống.
            Tổng số: <span data-testid="review-total">{formatInt(q.total)}</span>.
          </Typography.Paragraph>
          <div data-testid="review-table">
          <DataTable<ReviewItem>
            rowKey="recordKey"
            tableLayout="fixed"
            dataSource={q.rows}
            total={q.total}
            page={page}
            pageSize={20}
            onPageChange={(p) => setPage(p)}
            columns={[
              { title: 'Nguồn', dataIndex: 'source', width: 150, render: (v: string) => fileKindLabel(v) },
              { title: 'Hồ sơ', width: 260, render: (_, r) => <>{r.record.name}<br /><Typography.Text type="secondary">{[r.record.birthDate ? `Ngày sinh: ${birthText(r.record.birthDate, r.record.birthPrecision)}` : '', r.record.sex === 'F' ? 'Nữ' : r.record.sex === 'M' ? 'Nam' : '', communeText(r.record.communeCode), r.record.personId ? `Số định danh: ${r.record.personId}` : ''].filter(Boolean).join(' · ')}</Typography.Text></> },
              {
                title: 'Ứng viên trong CSDL dân cư',
                render: (_, r) => (
                  <Space direction="vertical" size={4}>
                    {r.candidates.map((c) => (
                      // Space wraps: in the fixed-width column the decision goes under the text, never off-screen.
                      <Space key={c.residentId} wrap>
                        <span>{[c.resident?.name, c.resident ? `Ngày sinh: ${birthText(c.resident.birthDate, c.resident.birthPrecision)}` : '', communeText(c.resident?.commune), `Số định danh: ${c.residentIdShown}`, `Điểm giống: ${formatDecimal(c.score, 2)}`].filter(Boolean).join(' — ')}</span>
                        {c.components && <Typography.Text type="secondary">({componentsText(c.components)})</Typography.Text>}
                        <Button size="small" type="primary" disabled={!c.residentId} onClick={() => c.residentId && decide(r, c.residentId, 'accepted')}>Cùng người</Button>
                        <Button size="small" disabled={!c.residentId} onClick={() => c.residentId && decide(r, c.residentId, 'rejected')}>Khác người</Button>
                      </Space>
                    ))}
                  </Space>
                ),
              },
            ]}
          />
          </div>
        </>
      )}
    </AsyncContent>
  );
}
