// Industrial parks and clusters (parks.read): the list, and a page per park with its employers — workers reported to
// the park board against workers insured, contribution arrears, open findings. Cases are not shown (no case register).
import { Alert, Card, Col, Row, Statistic, Tag } from 'antd';
import { Link, useParams } from '../../router.tsx';
import { AsyncContent, DataTable, PageHeader, PersonalDataNotice, formatInt, formatPeriod, formatVnd, useApi, useCommunes } from '../../components/index.ts';

interface ParkSummary {
  code: string; name: string; kind: 'KCN' | 'CCN'; areaHa: number | null; certainty: string | null; note: string | null; communes: string[];
  employers: number; reportedWorkers: number; insuredWorkers: number; arrearsVnd: number; findings: number;
}
interface ParkEmployer {
  taxCode: string | null; unitCode: string | null; name: string; communeCode: string | null; reportPeriod: string | null;
  reportedWorkers: number | null; insuredWorkers: number | null; gap: number | null; arrearsVnd: number; findings: number; linkedBy: string;
}

const CERTAINTY: Record<string, string> = { stated: 'đã nêu rõ', derived: 'suy ra từ vị trí', implied: 'hàm ý', 'not verified': 'chưa kiểm chứng' };
const KIND_LABEL = { KCN: 'Khu công nghiệp', CCN: 'Cụm công nghiệp' };

export default function ParksPage() {
  const state = useApi<{ parks: ParkSummary[]; unmatched: Array<{ name: string; employers: number }> }>('/api/parks');
  const { nameOf } = useCommunes();
  return (
    <>
      <PageHeader title="Khu, cụm công nghiệp" subtitle="Doanh nghiệp trong từng khu: lao động báo cáo so với lao động tham gia BHXH, nợ đóng, phát hiện" />
      <AsyncContent state={state}>
        {(data) => (
          <>
            {data.unmatched.length > 0 && (
              <Alert
                type="warning"
                showIcon
                style={{ marginBottom: 12 }}
                message={`${formatInt(data.unmatched.length)} tên khu công nghiệp trong tệp nhập chưa khớp danh mục`}
                description={data.unmatched.map((u) => `${u.name} (${formatInt(u.employers)} doanh nghiệp)`).join('; ')}
              />
            )}
            <DataTable<ParkSummary>
              rowKey="code"
              dataSource={data.parks}
              columns={[
                { title: 'Khu/cụm', render: (_, p) => <Link to={`/khu-cong-nghiep/${p.code}`}>{`${p.kind} ${p.name}`}</Link> },
                { title: 'Xã/phường', render: (_, p) => (p.communes.length ? p.communes.map(nameOf).join(', ') : 'Chưa xác định') },
                { title: 'Doanh nghiệp', align: 'right', render: (_, p) => formatInt(p.employers) },
                { title: 'Lao động báo cáo', align: 'right', render: (_, p) => formatInt(p.reportedWorkers) },
                { title: 'Lao động tham gia BHXH', align: 'right', render: (_, p) => formatInt(p.insuredWorkers) },
                { title: 'Nợ đóng', align: 'right', render: (_, p) => formatVnd(p.arrearsVnd) },
                { title: 'Phát hiện', align: 'right', render: (_, p) => formatInt(p.findings) },
              ]}
            />
          </>
        )}
      </AsyncContent>
    </>
  );
}

export function ParkPage() {
  const { code } = useParams<{ code: string }>();
  const state = useApi<{ park: ParkSummary; employers: ParkEmployer[] }>(`/api/parks/${encodeURIComponent(code)}`);
  const { nameOf } = useCommunes();
  return (
    <AsyncContent state={state}>
      {({ park, employers }) => (
        <>
          <PageHeader
            title={`${KIND_LABEL[park.kind]} ${park.name}`}
            subtitle={`${park.communes.length ? park.communes.map(nameOf).join(', ') : 'Xã/phường chưa xác định'}${park.certainty ? ` (vị trí: ${CERTAINTY[park.certainty] ?? park.certainty})` : ''}${park.areaHa ? ` · ${formatInt(park.areaHa)} ha` : ''}`}
            breadcrumb={[{ label: 'Khu, cụm công nghiệp', to: '/khu-cong-nghiep' }, { label: park.name }]}
          />
          <Row gutter={12} style={{ marginBottom: 12 }}>
            <Col xs={12} md={5}><Card size="small"><Statistic title="Doanh nghiệp" value={formatInt(park.employers)} /></Card></Col>
            <Col xs={12} md={5}><Card size="small"><Statistic title="Lao động báo cáo" value={formatInt(park.reportedWorkers)} /></Card></Col>
            <Col xs={12} md={5}><Card size="small"><Statistic title="Lao động tham gia BHXH" value={formatInt(park.insuredWorkers)} /></Card></Col>
            <Col xs={12} md={5}><Card size="small"><Statistic title="Nợ đóng" value={formatVnd(park.arrearsVnd)} /></Card></Col>
            <Col xs={12} md={4}><Card size="small"><Statistic title="Phát hiện đang mở" value={formatInt(park.findings)} /></Card></Col>
          </Row>
          <PersonalDataNotice />
          <DataTable<ParkEmployer>
            rowKey={(e) => `${e.taxCode ?? ''}:${e.unitCode ?? ''}`}
            dataSource={employers}
            columns={[
              { title: 'Mã số thuế', dataIndex: 'taxCode', render: (v) => v ?? '—' },
              { title: 'Mã đơn vị BHXH', dataIndex: 'unitCode', render: (v) => v ?? 'Chưa đăng ký' },
              { title: 'Tên doanh nghiệp', dataIndex: 'name' },
              { title: 'Kỳ báo cáo', render: (_, e) => (e.reportPeriod ? formatPeriod(e.reportPeriod) : '—') },
              { title: 'Lao động báo cáo', align: 'right', render: (_, e) => formatInt(e.reportedWorkers) },
              { title: 'Lao động tham gia BHXH', align: 'right', render: (_, e) => formatInt(e.insuredWorkers) },
              { title: 'Chênh lệch', align: 'right', render: (_, e) => (e.gap != null && e.gap > 0 ? <Tag color="red">{formatInt(e.gap)}</Tag> : formatInt(e.gap)) },
              { title: 'Nợ đóng', align: 'right', render: (_, e) => formatVnd(e.arrearsVnd) },
              { title: 'Phát hiện', align: 'right', render: (_, e) => formatInt(e.findings) },
              { title: 'Xác định theo', render: (_, e) => (e.linkedBy === 'kcn-lao-dong' ? 'Báo cáo lao động KCN' : 'Danh sách đơn vị BHXH') },
            ]}
          />
        </>
      )}
    </AsyncContent>
  );
}
