/**
 * Import pages. /nhap-du-lieu: choose a file → the server detects its kind, shows the header mapping
 * and first rows → confirm → live progress (server-sent events) → result with the reject report.
 * /lich-su-nhap: every import with its lineage, filters by kind and period, reports and raw files.
 */
import { useMemo, useState } from 'react';
import {
  Alert, Button, Card, Checkbox, DatePicker, Descriptions, Modal, Progress, Result, Select, Space, Statistic, Steps, Switch, Table, Tag, Typography, Upload,
} from 'antd';
import { DownloadOutlined, FileExcelOutlined, InboxOutlined, ReloadOutlined, RollbackOutlined } from '@ant-design/icons';
import type dayjs from 'dayjs';
import { api, ApiError, download, upload } from '../../api.ts';
import { useMe } from '../../auth.tsx';
import { Link } from '../../router.tsx';
import { AsyncContent, DataTable, EmptyState, ErrorState, PageHeader, PersonalDataNotice, formatDateTime, formatDecimal, formatInt, formatPeriod, useApi } from '../../components/index.ts';
import { StaleFindingsNotice } from '../findings/stale.tsx';
import type {
  BatchDetailAnswer, BatchListAnswer, DataExtent, ImportAnalysis as Analysis, ImportFailedEvent, ImportIssue as Issue, ImportKindsAnswer, ImportProgressEvent,
  ImportResultAnswer as ImportResult, Replacement, RestoreAnswer,
} from '@shared/api/ingest.ts';
import type { MeAnswer } from '@shared/api/auth.ts';

/** A batch of the history as GET /api/imports lists it. */
type Batch = BatchListAnswer['batches'][number];
/** The events of an import followed as server-sent events. */
type ImportEvent = { event: 'progress'; data: ImportProgressEvent } | { event: 'done'; data: ImportResult } | { event: 'failed'; data: ImportFailedEvent };


const STATUS_TEXT: Record<ImportResult['status'], string> = {
  imported: 'Đã nhập', rejected: 'Bị từ chối', unchanged: 'Không thay đổi', needs_confirmation: 'Chưa nhập (cần xác nhận thay thế)', checked: 'Đã kiểm tra, chưa nhập',
};
const formatBytes = (n: number) => (n < 1024 * 1024 ? `${formatInt(Math.ceil(n / 1024))} KB` : `${formatDecimal(n / 1024 / 1024, 1)} MB`);
const periodText = (p: string | null, unit?: 'month' | 'year' | null) => (!p ? 'Toàn bộ' : unit === 'year' || p.endsWith('-01-01') && unit !== 'month' ? p.slice(0, 4) : formatPeriod(p));

const extentPeriod = (e: DataExtent, unit?: 'month' | 'year' | null) => {
  if (!e.periodFrom || !e.periodTo) return '—';
  const from = periodText(e.periodFrom, unit);
  const to = periodText(e.periodTo, unit);
  return from === to ? from : `${from} – ${to}`;
};

/** The numbers shown before data is replaced: the current batches and how they compare with what comes instead. */
function ReplacementSummary({ replacement: r, incomingLabel, unit }: { replacement: Replacement; incomingLabel: string; unit?: 'month' | 'year' | null }) {
  const row = (label: string, e: DataExtent) => ({ key: label, label, rows: e.rows, communes: e.communes, period: extentPeriod(e, unit) });
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Text>
        Dữ liệu hiện hành {r.period ? `kỳ ${periodText(r.period, unit)}` : 'toàn bộ (không theo kỳ)'} sẽ được thay thế:{' '}
        {r.batches.map((b) => `lô #${b.id} (${b.fileName}, ${formatInt(b.rows)} dòng, nhập ${formatDateTime(b.importedAt)})`).join('; ')}.
      </Typography.Text>
      <Table
        size="small"
        bordered
        pagination={false}
        dataSource={[row('Đang hiện hành', r.current), row(incomingLabel, r.incoming)]}
        columns={[
          { title: '', dataIndex: 'label' },
          { title: 'Số dòng', dataIndex: 'rows', align: 'right', render: formatInt },
          { title: 'Số xã, phường', dataIndex: 'communes', align: 'right', render: (v: number | null) => (v === null ? '—' : formatInt(v)) },
          { title: 'Kỳ', dataIndex: 'period' },
        ]}
      />
      {r.fewerRows > 0 ? (
        <Alert type="warning" showIcon message={`Ít hơn ${formatInt(r.fewerRows)} dòng (${formatDecimal(r.fewerPercent, 1)} %) so với dữ liệu hiện hành.`} />
      ) : (
        <Alert type="info" showIcon message={r.fewerRows < 0 ? `Nhiều hơn ${formatInt(-r.fewerRows)} dòng so với dữ liệu hiện hành.` : 'Cùng số dòng với dữ liệu hiện hành.'} />
      )}
      <Typography.Text type="secondary">Dữ liệu cũ vẫn được giữ trong Lịch sử nhập và có thể khôi phục.</Typography.Text>
    </Space>
  );
}

function useKinds() {
  return useApi<ImportKindsAnswer>('/api/imports/kinds');
}

function IssueTable({ issues, truncated }: { issues: Issue[]; truncated?: boolean }) {
  if (issues.length === 0) return null;
  return (
    <>
      <Table<Issue>
        size="small"
        bordered
        tableLayout="fixed"
        rowKey={(r, i) => `${r.row}-${r.column}-${i}`}
        dataSource={issues}
        pagination={{ pageSize: 20, size: 'small', showSizeChanger: false }}
        columns={[
          { title: 'Dòng', dataIndex: 'row', width: 80, render: (v: number) => (v ? formatInt(v) : 'Tệp') },
          { title: 'Cột', dataIndex: 'column', width: 180, ellipsis: { showTitle: true } },
          { title: 'Giá trị', dataIndex: 'value', width: 180, ellipsis: { showTitle: true }, render: (v: string | null) => v ?? '' },
          { title: 'Loại', dataIndex: 'severity', width: 100, render: (v: Issue['severity']) => (v === 'error' ? <Tag color="red">Bị loại</Tag> : <Tag color="gold">Cảnh báo</Tag>) },
          { title: 'Lý do', dataIndex: 'message' },
        ]}
      />
      {truncated && <Typography.Text type="secondary">Chỉ hiện các dòng đầu; danh sách đầy đủ có trong báo cáo tải về.</Typography.Text>}
    </>
  );
}

// ------------------------------------------------------------------ /nhap-du-lieu

/** Reads server-sent events from a streamed fetch response. */
async function readEvents(response: Response, onEvent: (e: ImportEvent) => void) {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (data) onEvent({ event, data: JSON.parse(data) } as ImportEvent);
    }
  }
}

export default function ImportPage() {
  const me = useMe();
  const kinds = useKinds();
  const importable = useMemo(() => (kinds.data?.kinds ?? []).filter((k) => k.canImport), [kinds.data]);
  const [askedKind, setAskedKind] = useState<string | undefined>(undefined);
  const [uploadFraction, setUploadFraction] = useState<number | null>(null);
  const [analysis, setAnalysis] = useState<Analysis | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [period, setPeriod] = useState<dayjs.Dayjs | null>(null);
  const [strict, setStrict] = useState(false);
  const [running, setRunning] = useState<{ rowsRead: number; fraction: number } | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  /** Set when the server answered 409: the file would replace current data and the user must confirm. */
  const [replacing, setReplacing] = useState<Replacement | null>(null);
  /** Columns the user mapped by hand: header as written → field key ('' = ignore). */
  const [manual, setManual] = useState<Record<string, string>>({});

  const step = result ? 2 : analysis ? 1 : 0;
  const kindInfo = kinds.data?.kinds.find((k) => k.kind === analysis?.kind);

  const reset = () => {
    if (analysis && !result && !running) void api.del(`/api/imports/uploads/${analysis.uploadId}`).catch(() => undefined);
    setAnalysis(null);
    setResult(null);
    setRunning(null);
    setError(null);
    setUploadFraction(null);
    setPeriod(null);
    setStrict(false);
    setManual({});
  };

  const send = async (file: File) => {
    setError(null);
    setUploadFraction(0);
    try {
      const a = await upload<Analysis>('/api/imports/uploads', file, { query: { kind: askedKind }, onProgress: setUploadFraction });
      setAnalysis(a);
    } catch (e) {
      setError(e);
    } finally {
      setUploadFraction(null);
    }
  };

  const reanalyze = async (kind: string, mapping: Record<string, string>) => {
    if (!analysis) return;
    setError(null);
    try {
      const query = { kind, period: period?.format('YYYY-MM'), mapping: Object.keys(mapping).length ? JSON.stringify(mapping) : undefined };
      setAnalysis(await api.get<Analysis>(`/api/imports/uploads/${analysis.uploadId}`, { query }));
    } catch (e) {
      setError(e);
    }
  };
  const changeKind = async (kind: string) => {
    setManual({});
    await reanalyze(kind, {});
  };
  /** Maps one column of the file by hand (a field of the kind, or '' to ignore it) and shows the new preview. */
  const mapColumn = async (header: string, key: string) => {
    if (!analysis?.kind) return;
    const next = { ...manual, [header]: key };
    setManual(next);
    await reanalyze(analysis.kind, next);
  };
  /** Why the import cannot start yet (the button is disabled and says so), or null. */
  const blocker = !analysis?.kind
    ? 'Chọn loại tệp trước khi nhập.'
    : !kindInfo?.canImport
      ? `Vai trò ${me.roleLabel} không nhập loại tệp này.`
      : analysis.header?.missing.length
        ? `Thiếu cột bắt buộc: ${analysis.header.missing.join(', ')}. Hãy gán cột của tệp vào trường đó trong bảng "Ánh xạ cột", hoặc sửa tệp.`
        : !analysis.header
          ? analysis.problem ?? 'Không tìm thấy dòng tiêu đề của tệp.'
          : null;

  const confirm = async (replace = false) => {
    if (!analysis?.kind) return;
    setError(null);
    setReplacing(null);
    setRunning({ rowsRead: 0, fraction: 0 });
    try {
      // The CSRF token of the session, for this streamed POST.
      const { csrfToken } = await api.get<MeAnswer>('/api/auth/me');
      const response = await fetch(`/api/imports/uploads/${analysis.uploadId}/confirm`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream', 'x-csrf-token': csrfToken },
        body: JSON.stringify({ kind: analysis.kind, period: period?.format('YYYY-MM'), strict, replace: replace || undefined, mapping: Object.keys(manual).length ? manual : undefined }),
      });
      if (response.status === 409) {
        const body = await response.json().catch(() => null);
        if (body?.error?.details?.replacement) {
          setReplacing(body.error.details.replacement);
          return;
        }
        throw new ApiError(body?.error?.message ?? 'Máy chủ từ chối yêu cầu.', 409);
      }
      if (!response.ok) {
        const body = await response.json().catch(() => null);
        throw new ApiError(body?.error?.message ?? `Máy chủ trả lời lỗi ${response.status}.`, response.status);
      }
      let finished = false;
      await readEvents(response, (e) => {
        if (e.event === 'progress') setRunning({ rowsRead: e.data.rowsRead, fraction: e.data.fraction });
        else if (e.event === 'done') {
          finished = true;
          setResult(e.data);
        } else if (e.event === 'failed') {
          finished = true;
          setError(new Error(e.data.message ?? 'Nhập tệp không thành công.'));
        }
      });
      if (!finished) setError(new Error('Mất kết nối với máy chủ trong khi nhập. Hãy xem Lịch sử nhập để biết kết quả.'));
    } catch (e) {
      setError(e);
    } finally {
      setRunning(null);
    }
  };

  return (
    <>
      <PageHeader
        title="Nhập dữ liệu"
        subtitle="Tệp CSV hoặc XLSX của các cơ quan: kiểm tra từng dòng, nhập trọn vẹn trong một lần hoặc không nhập gì"
        extra={<Link to="/lich-su-nhap">Lịch sử nhập</Link>}
      />
      <PersonalDataNotice />
      <Card>
        <Steps current={step} size="small" style={{ marginBottom: 24 }} items={[{ title: 'Chọn tệp' }, { title: 'Kiểm tra cột và dữ liệu' }, { title: 'Kết quả' }]} />
        {error ? <Alert type="error" showIcon message={(error as Error).message ?? 'Đã xảy ra lỗi.'} style={{ marginBottom: 16 }} closable onClose={() => setError(null)} /> : null}

        {step === 0 && (
          <Space direction="vertical" style={{ width: '100%' }} size="middle">
            <Space wrap>
              <span>Loại tệp:</span>
              <Select
                style={{ minWidth: 420 }}
                allowClear
                placeholder="Tự nhận dạng theo tiêu đề cột"
                value={askedKind}
                onChange={setAskedKind}
                loading={kinds.loading}
                options={importable.map((k) => ({ value: k.kind, label: k.label }))}
              />
            </Space>
            {importable.length === 0 && kinds.data && <Alert type="warning" showIcon message={`Vai trò ${me.roleLabel} không nhập loại tệp nào.`} />}
            <Upload.Dragger
              accept=".csv,.txt,.tsv,.xlsx"
              multiple={false}
              showUploadList={false}
              disabled={uploadFraction !== null || importable.length === 0}
              beforeUpload={(file) => {
                void send(file);
                return false;
              }}
            >
              <p className="ant-upload-drag-icon"><InboxOutlined /></p>
              <p className="ant-upload-text">Kéo thả tệp vào đây hoặc bấm để chọn tệp</p>
              <p className="ant-upload-hint">CSV (UTF-8, UTF-16, Windows-1258, TCVN3, VNI; phân cách bằng dấu phẩy, chấm phẩy hoặc tab) hoặc Excel .xlsx</p>
            </Upload.Dragger>
            {uploadFraction !== null && <Progress percent={Math.round(uploadFraction * 100)} status="active" format={(p) => `Đang tải lên ${p} %`} />}
          </Space>
        )}

        {step === 1 && analysis && (
          <Space direction="vertical" style={{ width: '100%' }} size="middle">
            <Descriptions size="small" bordered column={{ xs: 1, md: 2 }}>
              <Descriptions.Item label="Tệp">{analysis.fileName} ({formatBytes(analysis.size)})</Descriptions.Item>
              <Descriptions.Item label="Định dạng">
                {analysis.format === 'csv' ? `CSV, bảng mã ${analysis.encoding}, phân cách bằng ${analysis.delimiter}` : analysis.format === 'xlsx' ? `Excel, trang "${analysis.sheet ?? ''}"` : 'Không đọc được'}
              </Descriptions.Item>
              <Descriptions.Item label="Loại tệp">
                <Select
                  style={{ minWidth: 380 }}
                  value={analysis.kind ?? undefined}
                  placeholder="Chọn loại tệp"
                  onChange={(k) => void changeKind(k)}
                  options={(kinds.data?.kinds ?? []).map((k) => {
                    const g = analysis.guesses.find((x) => x.kind === k.kind);
                    return { value: k.kind, disabled: !k.canImport, label: `${k.label}${g?.complete ? ' ✓' : ''}` };
                  })}
                />
              </Descriptions.Item>
              <Descriptions.Item label="Dòng tiêu đề">{analysis.header?.rows.join(', ') ?? '—'}</Descriptions.Item>
            </Descriptions>
            {analysis.alreadyImported !== null && (
              <Alert type="info" showIcon message={`Tệp này đã được nhập (lô #${analysis.alreadyImported}, cùng nội dung): nhập lại sẽ không thay đổi gì.`} />
            )}
            {analysis.problem && <Alert type="error" showIcon message={analysis.problem} />}
            {analysis.header && kindInfo && (
              <Card size="small" title="Ánh xạ cột" data-testid="column-mapping">
                <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
                  Mỗi cột của tệp được gán vào một trường của loại tệp theo tiêu đề. Cột nào chưa nhận ra hoặc nhận sai, hãy chọn trường cho nó.
                </Typography.Paragraph>
                <Table
                  size="small"
                  bordered
                  tableLayout="fixed"
                  pagination={false}
                  rowKey="header"
                  dataSource={analysis.header.columns}
                  columns={[
                    { title: 'Cột trong tệp', dataIndex: 'header', ellipsis: { showTitle: true } },
                    {
                      title: 'Trường dữ liệu', key: 'field', width: '55%',
                      render: (_: unknown, c: { header: string; key: string | null }) => (
                        <Select
                          size="small"
                          style={{ width: '100%' }}
                          aria-label={`Trường cho cột ${c.header}`}
                          data-header={c.header}
                          value={c.key ?? ''}
                          onChange={(key: string) => void mapColumn(c.header, key)}
                          options={[
                            { value: '', label: '(bỏ qua cột này)' },
                            ...kindInfo.columns.map((f) => ({ value: f.key, label: `${f.label}${f.required ? ' (bắt buộc)' : ''}` })),
                          ]}
                        />
                      ),
                    },
                  ]}
                />
                {analysis.header.missing.length > 0 && (
                  <Space wrap style={{ marginTop: 8 }}>{analysis.header.missing.map((c) => <Tag key={c} color="red">Thiếu: {c}</Tag>)}</Space>
                )}
              </Card>
            )}
            {analysis.preview.rows.length > 0 && (
              <Card size="small" title={`Các dòng đầu (${formatInt(analysis.preview.rows.length)})`}>
                <Table
                  size="small"
                  bordered
                  scroll={{ x: 'max-content' }}
                  pagination={false}
                  rowKey="rowNo"
                  dataSource={analysis.preview.rows}
                  columns={[
                    { title: 'Dòng', dataIndex: 'rowNo', width: 70 },
                    ...analysis.preview.columns.map((c) => ({ title: c.label, key: c.key, render: (_: unknown, r: { values: Record<string, string> }) => r.values[c.key] })),
                  ]}
                />
              </Card>
            )}
            <Space wrap>
              {kindInfo?.periodUnit && (
                <>
                  <span>Kỳ dữ liệu (nếu tệp không có cột Kỳ/Năm):</span>
                  <DatePicker picker="month" format="MM/YYYY" value={period} onChange={setPeriod} placeholder="mm/yyyy" />
                </>
              )}
              <Checkbox checked={strict} onChange={(e) => setStrict(e.target.checked)}>Từ chối cả tệp nếu có dòng sai</Checkbox>
            </Space>
            {running ? (
              <Progress percent={Math.round(running.fraction * 100)} status="active" format={() => `${formatInt(running.rowsRead)} dòng`} />
            ) : (
              <Space wrap>
                <Button type="primary" disabled={blocker !== null} title={blocker ?? undefined} onClick={() => void confirm()}>Nhập dữ liệu</Button>
                <Button onClick={reset}>Chọn tệp khác</Button>
                {blocker && <Typography.Text type="danger" data-testid="import-blocked">Chưa nhập được: {blocker}</Typography.Text>}
              </Space>
            )}
          </Space>
        )}

        <Modal
          open={replacing !== null}
          title="Tệp này sẽ thay thế dữ liệu hiện hành"
          okText="Thay thế"
          okButtonProps={{ danger: true }}
          cancelText="Hủy, không nhập"
          width={720}
          onOk={() => void confirm(true)}
          onCancel={() => setReplacing(null)}
        >
          {replacing && <ReplacementSummary replacement={replacing} incomingLabel={`Tệp ${analysis?.fileName ?? ''}`} unit={kindInfo?.periodUnit} />}
        </Modal>

        {step === 2 && result && (
          <Space direction="vertical" style={{ width: '100%' }} size="middle">
            <Result
              status={result.status === 'imported' ? (result.rejected ? 'warning' : 'success') : result.status === 'unchanged' ? 'info' : 'error'}
              title={STATUS_TEXT[result.status]}
              subTitle={result.message}
              extra={[
                <Button key="again" type="primary" onClick={reset}>Nhập tệp khác</Button>,
                <Link key="history" to="/lich-su-nhap">Xem lịch sử nhập</Link>,
              ]}
            />
            {result.status !== 'unchanged' && (
              <Space size="large" wrap>
                <Statistic title="Số dòng dữ liệu" value={formatInt(result.rows)} />
                <Statistic title="Đã nhận" value={formatInt(result.accepted)} />
                <Statistic title="Bị loại" value={formatInt(result.rejected)} />
                <Statistic title="Cảnh báo" value={formatInt(result.warnings)} />
                {result.period && <Statistic title="Kỳ" value={periodText(result.period, kindInfo?.periodUnit)} />}
              </Space>
            )}
            {result.status === 'imported' && <StaleFindingsNotice linkToFindings />}
            {(result.errors.length > 0 || result.warningList.length > 0) && result.batchId !== null && (
              <Space>
                <Button icon={<FileExcelOutlined />} onClick={() => void download(`/api/imports/${result.batchId}/report`, { query: { format: 'xlsx' } }).catch(setError)}>Báo cáo dòng bị loại (XLSX)</Button>
                <Button icon={<DownloadOutlined />} onClick={() => void download(`/api/imports/${result.batchId}/report`, { query: { format: 'csv' } }).catch(setError)}>CSV</Button>
              </Space>
            )}
            <IssueTable issues={[...result.errors, ...result.warningList].sort((a, b) => a.row - b.row)} truncated={result.errorsTruncated} />
          </Space>
        )}
      </Card>
    </>
  );
}

// ------------------------------------------------------------------ /lich-su-nhap

function BatchDetail({ batch }: { batch: Batch }) {
  const state = useApi<BatchDetailAnswer>(`/api/imports/${batch.id}`);
  const d = batch.detail;
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="batch-detail">
      {batch.refused && <Alert type="error" showIcon message={`Tệp bị từ chối, không có dòng nào được nhập: ${d.refusal ?? ''}`} />}
      <Descriptions size="small" column={{ xs: 1, md: 3 }}>
        <Descriptions.Item label="Định dạng">{d.format === 'csv' ? `CSV, ${d.encoding}, ${d.delimiter}` : d.format === 'xlsx' ? `Excel, trang "${d.sheet ?? ''}"` : '—'}</Descriptions.Item>
        <Descriptions.Item label="Dòng tiêu đề">{d.headerRows?.join(', ') ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="Thời gian nhập">{d.durationMs !== undefined ? `${formatDecimal(d.durationMs / 1000, 1)} giây` : '—'}</Descriptions.Item>
        <Descriptions.Item label="SHA-256" span={3}><Typography.Text code copyable>{batch.sha256}</Typography.Text></Descriptions.Item>
        {batch.scope && <Descriptions.Item label="Phạm vi xã">{batch.scope.join(', ')}</Descriptions.Item>}
      </Descriptions>
      <Space wrap>
        {Object.entries(batch.headerMapping).map(([from, to]) => <Tag key={from} color="blue">{from === to ? to : `${from} → ${to}`}</Tag>)}
        {(d.ignoredColumns ?? []).map((c) => <Tag key={c}>{c} (bỏ qua)</Tag>)}
      </Space>
      <AsyncContent state={state}>{(data) => <IssueTable issues={data.issues} truncated={data.issues.length >= 200} />}</AsyncContent>
    </Space>
  );
}

export function ImportHistoryPage() {
  const kinds = useKinds();
  const [kind, setKind] = useState<string | undefined>(undefined);
  const [period, setPeriod] = useState<dayjs.Dayjs | null>(null);
  const [currentOnly, setCurrentOnly] = useState(false);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(50);
  const [error, setError] = useState<unknown>(null);
  const state = useApi<BatchListAnswer>('/api/imports', {
    kind, period: period?.format('YYYY-MM'), current: currentOnly ? 'true' : undefined, page, pageSize,
  });
  const unitOf = (k: string) => kinds.data?.kinds.find((x) => x.kind === k)?.periodUnit ?? null;
  const [restoring, setRestoring] = useState<{ batch: Batch; replacement: Replacement | null } | null>(null);
  const [restoreBusy, setRestoreBusy] = useState(false);
  const askRestore = async (b: Batch) => {
    setError(null);
    try {
      // The list's batch is kept (with what this account may do with it); the answer tells what restoring replaces.
      const { replacement } = await api.get<RestoreAnswer>(`/api/imports/${b.id}/restore`);
      setRestoring({ batch: b, replacement });
    } catch (e) {
      setError(e);
    }
  };
  const restore = async () => {
    if (!restoring) return;
    setRestoreBusy(true);
    try {
      await api.post(`/api/imports/${restoring.batch.id}/restore`, {});
      setRestoring(null);
      state.reload();
    } catch (e) {
      setError(e);
      setRestoring(null);
    } finally {
      setRestoreBusy(false);
    }
  };

  return (
    <>
      <PageHeader title="Lịch sử nhập" subtitle="Mỗi tệp là một lô: ai nhập, lúc nào, tệp nào, kết quả kiểm tra; lô mới của cùng kỳ thay thế lô cũ" extra={<Button icon={<ReloadOutlined />} onClick={state.reload}>Tải lại</Button>} />
      <Card>
        <Space wrap style={{ marginBottom: 16 }}>
          <Select
            style={{ minWidth: 360 }}
            allowClear
            placeholder="Mọi loại tệp"
            value={kind}
            onChange={(v) => { setKind(v); setPage(1); }}
            options={(kinds.data?.kinds ?? []).map((k) => ({ value: k.kind, label: k.label }))}
          />
          <DatePicker picker="month" format="MM/YYYY" placeholder="Kỳ (mm/yyyy)" value={period} onChange={(v) => { setPeriod(v); setPage(1); }} />
          <Space><Switch checked={currentOnly} onChange={(v) => { setCurrentOnly(v); setPage(1); }} /> Chỉ lô hiện hành</Space>
        </Space>
        {error ? <ErrorState error={error} /> : null}
        <AsyncContent state={state} isEmpty={(d) => d.total === 0} empty={<EmptyState description="Chưa có lần nhập nào phù hợp bộ lọc" />}>
          {(data) => (
            <div data-testid="import-history-table">
            {/* Fixed layout: the columns share the card's width (an expanded row keeps them); secondary columns only on wide screens. */}
            <DataTable<Batch>
              rowKey="id"
              tableLayout="fixed"
              dataSource={data.batches}
              loading={state.loading}
              total={data.total}
              page={page}
              pageSize={pageSize}
              onPageChange={(p, s) => { setPage(p); setPageSize(s); }}
              expandable={{ expandedRowRender: (b) => <BatchDetail batch={b} /> }}
              columns={[
                { title: 'Lô', dataIndex: 'id', width: 64, render: (v: number) => `#${v}` },
                { title: 'Loại tệp', dataIndex: 'kindLabel', width: 150, ellipsis: true, render: (v: string) => <span title={v}>{v}</span> },
                { title: 'Kỳ', dataIndex: 'period', width: 80, render: (v: string | null, b) => periodText(v, unitOf(b.kind)) },
                { title: 'Tệp', dataIndex: 'fileName', ellipsis: true, render: (v: string, b) => <span title={`${v} (${formatBytes(b.fileSize)})`}>{v}</span> },
                {
                  title: 'Thời điểm, người nhập', dataIndex: 'importedAt', width: 150, ellipsis: true,
                  render: (v: string, b) => <><div>{formatDateTime(v)}</div><Typography.Text type="secondary" title={b.importedBy ?? ''}>{b.importedBy ?? ''}</Typography.Text></>,
                },
                { title: 'Dòng', dataIndex: 'rows', width: 80, align: 'right', render: formatInt },
                { title: 'Nhận', dataIndex: 'accepted', width: 80, align: 'right', render: formatInt, responsive: ['xxl'] },
                { title: 'Loại', dataIndex: 'rejected', width: 70, align: 'right', render: (v: number) => (v ? <Typography.Text type="danger">{formatInt(v)}</Typography.Text> : '0') },
                { title: 'Cảnh báo', dataIndex: 'warnings', width: 85, align: 'right', render: formatInt, responsive: ['xxl'] },
                {
                  title: 'Trạng thái', dataIndex: 'isCurrent', width: 120,
                  render: (v: boolean, b) => (b.refused ? <Tag color="red">Bị từ chối</Tag> : v ? <Tag color="green">Hiện hành</Tag> : <Tag>{b.replacedBy ? `Thay bởi #${b.replacedBy}` : 'Cũ'}</Tag>),
                },
                {
                  title: 'Tải về',
                  key: 'actions',
                  width: 190,
                  render: (_: unknown, b) =>
                    b.canDownload ? (
                      <Space size={4} wrap data-testid="history-actions">
                        {(b.rejected + b.warnings > 0 || b.refused) && (
                          <Button size="small" icon={<FileExcelOutlined />} onClick={() => void download(`/api/imports/${b.id}/report`, { query: { format: 'xlsx' } }).catch(setError)}>Báo cáo</Button>
                        )}
                        {b.hasRawFile && <Button size="small" icon={<DownloadOutlined />} onClick={() => void download(`/api/imports/${b.id}/raw`, { fallbackName: b.fileName }).catch(setError)}>Tệp gốc</Button>}
                        {b.canRestore && <Button size="small" icon={<RollbackOutlined />} onClick={() => void askRestore(b)}>Khôi phục</Button>}
                      </Space>
                    ) : null,
                },
              ]}
            />
            </div>
          )}
        </AsyncContent>
      </Card>
      <Modal
        open={restoring !== null}
        title={restoring ? `Khôi phục lô #${restoring.batch.id} thành dữ liệu hiện hành?` : ''}
        okText="Khôi phục"
        cancelText="Hủy"
        width={720}
        confirmLoading={restoreBusy}
        onOk={() => void restore()}
        onCancel={() => setRestoring(null)}
      >
        {restoring && (restoring.replacement
          ? <ReplacementSummary replacement={restoring.replacement} incomingLabel={`Lô #${restoring.batch.id} (${restoring.batch.fileName})`} unit={unitOf(restoring.batch.kind)} />
          : <Typography.Text>Lô #{restoring.batch.id} ({restoring.batch.fileName}) sẽ trở lại thành dữ liệu hiện hành; không có lô nào đang hiện hành bị thay thế.</Typography.Text>)}
      </Modal>
    </>
  );
}
