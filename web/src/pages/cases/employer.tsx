/**
 * /don-vi/:taxCode — everything BaoPhu knows about one employer: tax registration, social-insurance units,
 * contributions by month, workers declared vs taxed vs participating, industrial-park reports, findings, cases and
 * their history.
 */
import { Card, Descriptions, Space, Table, Tag } from 'antd';
import { useParams, Link } from '../../router.tsx';
import { AsyncContent, PageHeader, useApi } from '../../components/index.ts';
import type { EmployerAnswer as Employer } from '@shared/api/cases.ts';

export default function EmployerPage() {
  const { taxCode } = useParams<{ taxCode: string }>();
  const state = useApi<Employer>(`/api/employers/${taxCode}`);
  return (
    <AsyncContent state={state}>
      {(e) => (
        <>
          <PageHeader title={e.name} subtitle={`Mã số thuế ${e.taxCode}${e.communeCode ? ` — xã ${e.communeCode}` : ''}`} breadcrumb={[{ label: 'Việc của tôi', to: '/viec-cua-toi' }, { label: e.name }]} />
          <Space direction="vertical" style={{ width: '100%' }} size="middle">
            <Descriptions size="small" bordered column={3} items={[
              { key: 'type', label: 'Loại người nộp thuế', children: e.taxpayer?.type ?? 'Không có trong dữ liệu thuế' },
              { key: 'status', label: 'Tình trạng thuế', children: e.taxpayer?.status ?? '' },
              { key: 'declared', label: 'Số lao động kê khai với thuế', children: e.taxpayer?.declaredWorkers ?? '' },
            ]} />
            <Card size="small" title="Đơn vị tham gia BHXH">
              <Table size="small" pagination={false} rowKey="unitCode" dataSource={e.units} columns={[
                { title: 'Mã đơn vị', dataIndex: 'unitCode' }, { title: 'Tên', dataIndex: 'name' }, { title: 'Xã', dataIndex: 'communeCode' },
                { title: 'KCN', dataIndex: 'industrialPark' }, { title: 'Trạng thái', dataIndex: 'status' },
              ]} />
            </Card>
            <Card size="small" title="Đóng BHXH theo tháng">
              <Table size="small" pagination={false} rowKey={(r) => `${r.unitCode}${r.period}`} dataSource={e.contributions} data-testid="employer-contributions" columns={[
                { title: 'Tháng', dataIndex: 'period' }, { title: 'Đơn vị', dataIndex: 'unitCode' }, { title: 'Lao động', dataIndex: 'workers', align: 'right' },
                { title: 'Phải đóng', dataIndex: 'due', align: 'right' }, { title: 'Đã đóng', dataIndex: 'paid', align: 'right' },
                { title: 'Còn nợ', dataIndex: 'arrears', align: 'right' }, { title: 'Ngày đôn đốc', dataIndex: 'remindedOn' },
              ]} />
            </Card>
            <Card size="small" title="Lao động: kê khai, có thu nhập chịu thuế, đang tham gia BHXH">
              <Table size="small" pagination={false} rowKey="period" dataSource={e.workers} columns={[
                { title: 'Tháng', dataIndex: 'period' }, { title: 'Kê khai với thuế', dataIndex: 'declared', align: 'right' },
                { title: 'Có thu nhập (thuế TNCN)', dataIndex: 'taxed', align: 'right' }, { title: 'Đang tham gia BHXH', dataIndex: 'participants', align: 'right' },
              ]} />
            </Card>
            <Card size="small" title="Phát hiện">
              <Table size="small" pagination={false} rowKey="id" dataSource={e.findings} columns={[
                { title: 'Phát hiện', dataIndex: 'label' }, { title: 'Đối tượng', dataIndex: 'subjectId' }, { title: 'Số tiền', dataIndex: 'amount', align: 'right' },
                { title: 'Trạng thái', render: (_, f) => <Tag color={f.present ? 'orange' : 'green'}>{f.present ? 'Đang phát hiện' : 'Đã hết'}</Tag> },
              ]} />
            </Card>
            <Card size="small" title="Hồ sơ xử lý">
              <Table size="small" pagination={false} rowKey="id" dataSource={e.cases} data-testid="employer-cases" columns={[
                { title: 'Hồ sơ', dataIndex: 'id', render: (id: number) => <Link to={`/ho-so/${id}`}>#{id}</Link> }, { title: 'Loại', dataIndex: 'findingLabel' },
                { title: 'Bước', dataIndex: 'stageLabel' }, { title: 'Trạng thái', dataIndex: 'statusLabel' }, { title: 'Đã thu', dataIndex: 'recoveredLabel', align: 'right' },
              ]} />
            </Card>
            <Card size="small" title="Lịch sử xử lý">
              <Table size="small" pagination={false} rowKey={(_, i) => String(i)} dataSource={e.history} columns={[
                { title: 'Thời điểm', dataIndex: 'at' }, { title: 'Hồ sơ', dataIndex: 'caseId' }, { title: 'Người', dataIndex: 'who' }, { title: 'Cơ quan', dataIndex: 'role' },
                { title: 'Việc', dataIndex: 'action' }, { title: 'Bước', dataIndex: 'stage' }, { title: 'Kết quả', dataIndex: 'outcome' },
              ]} />
            </Card>
          </Space>
        </>
      )}
    </AsyncContent>
  );
}
