/** The commune page's panel: the communication activities held in this commune that the user may read. */
import { Card, List, Typography } from 'antd';
import { useApi, formatDate, EmptyState } from '../../components/index.ts';
import { reachText } from '../directive/campaigns.tsx';
import type { CampaignsAnswer } from '@shared/api/directive.ts';

export function CommuneCampaigns({ code, year }: { code: string; year: number }) {
  const state = useApi<CampaignsAnswer>('/api/directive/campaigns', { commune: code, year });
  const campaigns = state.data?.campaigns ?? [];
  return (
    <Card size="small" title={`Hoạt động truyền thông năm ${year}`} data-testid="commune-campaigns">
      {campaigns.length === 0 ? (
        <EmptyState description={state.loading ? 'Đang tải…' : 'Chưa có hoạt động truyền thông nào được ghi cho xã, phường này.'} />
      ) : (
        <List
          size="small"
          dataSource={campaigns}
          renderItem={(c) => (
            <List.Item data-testid={`commune-campaign-${c.id}`}>
              <div>
                <div><strong>{formatDate(c.heldOn)}</strong> · {c.channelLabel} · {c.agencyName}</div>
                <div>{c.title}</div>
                <Typography.Text type="secondary">{c.audienceLabel} · {reachText(c)}</Typography.Text>
              </div>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
