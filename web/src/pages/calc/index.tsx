/**
 * /may-tinh — the policy calculators for officers (one tab each, printable result with the rules used)
 * and /mo-phong — the provincial top-up simulator (SimulatorPage, in simulator.tsx).
 * The forms are built from the calculators' field descriptions (GET /api/calc/calculators); results
 * come from POST /api/calc/<name>, the same function as `baophu calc <name>`.
 */
import { useMemo, useState } from 'react';
import { Alert, Button, Card, Col, Descriptions, Form, Input, Row, Select, Space, Switch, Table, Tabs, Tag, Typography } from 'antd';
import { PrinterOutlined } from '@ant-design/icons';
import { api, ApiError } from '../../api.ts';
import { PageHeader, AsyncContent, useApi, formatDate, formatInt, formatQuantity, NumberInput, validNumberRule } from '../../components/index.ts';
import { parseViDate, viDateMessage } from '@shared/format.ts';
import type { FieldSpec } from '@shared/calc/fields.ts';
import type { UsedRule } from '@shared/calc/rulebook.ts';
import type { CalcAnswer, CalculatorInfo, CalculatorsAnswer, RulesInForceAnswer } from '@shared/api/calc.ts';
import './calc.css';

export { SimulatorPage } from './simulator.tsx';

type Field = FieldSpec;

export const STATUS_TAGS: Record<UsedRule['status'], { color: string; label: string }> = {
  law: { color: 'blue', label: 'Văn bản pháp luật' },
  press: { color: 'geekblue', label: 'Báo chí / BHXH VN' },
  derived: { color: 'cyan', label: 'Suy ra' },
  unverified: { color: 'orange', label: 'Chưa kiểm chứng' },
  setting: { color: 'default', label: 'Giả định' },
};

/** Vietnamese labels of the result fields (the JSON names are the CLI's). */
const OUTPUT_LABELS: Record<string, string> = {
  contribution: 'Mức đóng hằng tháng', state_support: 'Nhà nước hỗ trợ/tháng', local_support: 'Tỉnh hỗ trợ thêm/tháng', net: 'Người tham gia tự đóng/tháng',
  mode_months: 'Phương thức (tháng)', net_for_mode: 'Số tiền nộp cho cả kỳ', deadline: 'Hạn nộp', base: 'Căn cứ đóng', employee: 'Người lao động đóng',
  employer: 'Người sử dụng lao động đóng', days: 'Số ngày chậm đóng', interest: 'Tiền lãi chậm đóng', total: 'Tổng phải nộp', min: 'Mức phạt tối thiểu',
  max: 'Mức phạt tối đa', monthly_benefit: 'Mức hưởng hằng tháng', cap: 'Mức hưởng tối đa', duration_months: 'Số tháng hưởng', start_date: 'Ngày bắt đầu hưởng',
  allowance: 'Trợ cấp thai sản', amount: 'Số tiền đóng một lần',
};
const MAIN_OUTPUTS: Record<string, string[]> = {
  voluntary: ['contribution', 'state_support', 'local_support', 'net', 'mode_months', 'net_for_mode', 'deadline'],
  mandatory: ['base', 'employee', 'employer'],
  late: ['days', 'interest', 'total'],
  fine: ['min', 'max'],
  unemployment: ['monthly_benefit', 'cap', 'duration_months', 'start_date'],
  maternity: ['allowance'],
  'lump-sum': ['amount'],
};
/** Short tab labels. */
export const TAB_LABELS: Record<string, string> = {
  voluntary: 'Tự nguyện', mandatory: 'Bắt buộc', late: 'Lãi chậm đóng', fine: 'Mức phạt', unemployment: 'Thất nghiệp', maternity: 'Thai sản', 'lump-sum': 'Đóng một lần',
};
const COUNT_OUTPUTS = new Set(['mode_months', 'days', 'duration_months']);

/** A result value as shown: dates dd/mm/yyyy, amounts 1.234.567 đ, counts 1.234. */
export function showOutput(key: string, value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDate(value);
  if (typeof value === 'number') return COUNT_OUTPUTS.has(key) ? formatInt(value) : `${formatInt(value)} đ`;
  return String(value);
}

function todayText() {
  const d = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
  return formatDate(d);
}

/** What each kind of field accepts, said under it. */
const ACCEPTS: Partial<Record<Field['kind'], string>> = {
  vnd: 'Số tiền đồng, số nguyên không âm; dấu chấm ngăn cách hàng nghìn (ví dụ 1.500.000)',
  int: 'Số nguyên không âm (ví dụ 12)',
  number: 'Số không âm; phần thập phân sau dấu phẩy (ví dụ 0,5)',
  date: 'Ngày dạng dd/mm/yyyy (ví dụ 01/07/2026)',
  vnd_list: 'Các số tiền đồng, cách nhau bởi dấu chấm phẩy (;)',
};

/** A typed date that is not a real dd/mm/yyyy date keeps the form from being sent, with the reason under the field. */
const validDateRule = (label: string) => ({
  validator: (_: unknown, value: unknown) =>
    typeof value !== 'string' || value.trim() === '' || parseViDate(value) ? Promise.resolve() : Promise.reject(new Error(viDateMessage(label))),
});

/** The control of one field; Form.Item's id/value/onChange are passed through to it. */
function FieldInput({ field, ...control }: { field: Field } & Record<string, any>) {
  switch (field.kind) {
    case 'vnd':
      return <NumberInput {...control} showError={false} min={field.min ?? 0} max={field.max} addonAfter="đ" />;
    case 'int':
      return <NumberInput {...control} showError={false} min={field.min} max={field.max} />;
    case 'number':
      // Decimals with a comma (0,004); '%' fields say so after the box.
      return <NumberInput {...control} showError={false} min={field.min} max={field.max} decimals={6 /* NUMBER_DECIMALS of shared/calc/fields.ts */} addonAfter={/\(%\)$/.test(field.label) ? '%' : undefined} />;
    case 'date':
      return <Input {...control} placeholder={field.default === 'today' ? `dd/mm/yyyy (mặc định hôm nay ${todayText()})` : 'dd/mm/yyyy'} />;
    case 'enum':
      return <Select {...control} options={field.values} placeholder="Chọn" />;
    case 'bool':
      return <Switch {...control} />;
    case 'vnd_list':
      return <Input.TextArea {...control} rows={2} placeholder="Ví dụ: 1.500.000; 2.000.000; 2.000.000" />;
  }
}

function RulesTable({ rules }: { rules: UsedRule[] }) {
  return (
    <Table
      size="small"
      rowKey={(r) => `${r.key}@${r.effective_from}`}
      pagination={false}
      dataSource={rules}
      columns={[
        { title: 'Tham số', dataIndex: 'label' },
        { title: 'Giá trị', dataIndex: 'value', align: 'right', render: (v: number, r) => formatQuantity(v, r.unit) },
        { title: 'Hiệu lực từ', dataIndex: 'effective_from', render: (d: string) => formatDate(d) },
        { title: 'Căn cứ', dataIndex: 'source' },
        { title: 'Tình trạng', dataIndex: 'status', render: (s: UsedRule['status']) => <Tag color={STATUS_TAGS[s].color}>{STATUS_TAGS[s].label}</Tag> },
      ]}
    />
  );
}

function ResultCard({ calc, answer }: { calc: CalculatorInfo; answer: CalcAnswer }) {
  const unverified = answer.result.rules.filter((r) => r.status === 'unverified');
  const main = MAIN_OUTPUTS[calc.name] ?? [];
  return (
    <Card
      className="bp-calc-result"
      data-testid={`calc-result-${calc.name}`}
      title={`Kết quả — ${calc.title}`}
      extra={<Button className="bp-calc-noprint" icon={<PrinterOutlined />} onClick={() => window.print()}>In kết quả</Button>}
    >
      <div className="bp-calc-print-only">
        <Typography.Text type="secondary">BaoPhu — in ngày {todayText()}</Typography.Text>
      </div>
      <Descriptions size="small" bordered column={1} style={{ marginBottom: 12 }}>
        {main.map((k) => (
          <Descriptions.Item key={k} label={OUTPUT_LABELS[k] ?? k}>
            <span data-field={k}>{showOutput(k, answer.result[k])}</span>
          </Descriptions.Item>
        ))}
      </Descriptions>
      <ul className="bp-calc-summary" data-testid="calc-summary">
        {answer.summary.map((line, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: text lines shown in their order, never reordered or edited
          <li key={i}>{line}</li>
        ))}
      </ul>
      {unverified.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          message="Có tham số chưa kiểm chứng"
          description={`Kết quả dùng ${unverified.length} tham số chưa được đối chiếu với văn bản gốc: ${unverified.map((r) => r.label).join(', ')}. Cần kiểm tra trước khi sử dụng chính thức.`}
        />
      )}
      <Typography.Title level={5}>Căn cứ đã áp dụng</Typography.Title>
      <RulesTable rules={answer.result.rules} />
    </Card>
  );
}

function CalculatorForm({ calc }: { calc: CalculatorInfo }) {
  const [form] = Form.useForm();
  const [answer, setAnswer] = useState<CalcAnswer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const initial = useMemo(
    () => Object.fromEntries(calc.fields.filter((f) => 'default' in f && f.default !== undefined && f.default !== 'today').map((f) => [f.name, (f as { default: unknown }).default])),
    [calc],
  );

  async function submit(values: Record<string, unknown>) {
    setBusy(true);
    setError(null);
    const body = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined && v !== null && v !== ''));
    try {
      setAnswer(await api.post<CalcAnswer>(`/api/calc/${calc.name}`, body));
      form.setFields(calc.fields.map((f) => ({ name: f.name, errors: [] })));
    } catch (err) {
      setAnswer(null);
      const issues = (err instanceof ApiError ? (err.details as { issues?: Array<{ field: string; message: string }> } | null)?.issues : null) ?? [];
      const known = issues.filter((i) => calc.fields.some((f) => f.name === i.field));
      form.setFields(known.map((i) => ({ name: i.field, errors: [i.message] })));
      setError(known.length === issues.length && known.length > 0 ? null : (err as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={10} className="bp-calc-form">
        <Card size="small">
          <Typography.Paragraph type="secondary">{calc.description}</Typography.Paragraph>
          <Form form={form} name={calc.name} layout="vertical" initialValues={initial} onFinish={submit} requiredMark={false}>
            {calc.fields.map((f) => (
              <Form.Item key={f.name} name={f.name} label={f.label} tooltip={f.help} extra={ACCEPTS[f.kind]} valuePropName={f.kind === 'bool' ? 'checked' : 'value'} rules={f.kind === 'date' ? [validDateRule(f.label)] : [validNumberRule]}>
                <FieldInput field={f} />
              </Form.Item>
            ))}
            <Space>
              <Button type="primary" htmlType="submit" loading={busy} data-testid={`calc-submit-${calc.name}`}>
                Tính
              </Button>
              <Button onClick={() => { form.resetFields(); setAnswer(null); setError(null); }}>Nhập lại</Button>
            </Space>
          </Form>
          {error && <Alert type="error" showIcon style={{ marginTop: 12 }} message={error} />}
        </Card>
      </Col>
      <Col xs={24} lg={14}>
        {answer ? <ResultCard calc={calc} answer={answer} /> : <Card size="small"><Typography.Text type="secondary">Nhập thông tin và bấm “Tính” để xem kết quả cùng căn cứ pháp lý đã áp dụng.</Typography.Text></Card>}
      </Col>
    </Row>
  );
}

function RulesInForce() {
  const [date, setDate] = useState('');
  const iso = date.trim() ? parseViDate(date) : null;
  const query = iso ? { date: iso } : undefined;
  const state = useApi<RulesInForceAnswer>('/api/calc/rules', query);
  return (
    <Card size="small">
      <Space style={{ marginBottom: 12 }}>
        <span>Tại ngày</span>
        <Input style={{ width: 160 }} placeholder="dd/mm/yyyy" aria-label="Tại ngày" status={date.trim() && !iso ? 'error' : undefined} value={date} onChange={(e) => setDate(e.target.value)} />
        {date.trim() && !iso && <Typography.Text type="danger" role="alert">{viDateMessage('Ngày')}; đang hiện tham số của hôm nay</Typography.Text>}
      </Space>
      <AsyncContent state={state}>
        {(d) => (
          <>
            <Typography.Paragraph type="secondary">
              {d.rules.length} tham số có hiệu lực ngày {formatDate(d.date)}. Tham số “Chưa kiểm chứng” cần được đối chiếu với văn bản gốc; “Giả định” là thiết lập của BaoPhu.
            </Typography.Paragraph>
            <RulesTable rules={d.rules} />
          </>
        )}
      </AsyncContent>
    </Card>
  );
}

export default function CalculatorPage() {
  const state = useApi<CalculatorsAnswer>('/api/calc/calculators');
  return (
    <>
      <PageHeader title="Máy tính chính sách" subtitle="Mức đóng, hỗ trợ, lãi chậm đóng, mức phạt và quyền lợi BHXH theo quy định đang có hiệu lực" />
      <AsyncContent state={state}>
        {(d) => (
          <Tabs
            destroyOnHidden={false}
            items={[
              ...d.calculators.map((c) => ({ key: c.name, label: TAB_LABELS[c.name] ?? c.title, children: <CalculatorForm calc={c} /> })),
              { key: 'rules', label: 'Tham số pháp lý', children: <RulesInForce /> },
            ]}
          />
        )}
      </AsyncContent>
    </>
  );
}
