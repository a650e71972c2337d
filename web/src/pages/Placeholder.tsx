import { Card } from 'antd';
import { PageHeader, EmptyState } from '../components/index.ts';

/** Stand-in for a page whose owner has not delivered it yet. */
export function Placeholder({ title, description }: { title: string; description: string }) {
  return (
    <>
      <PageHeader title={title} />
      <Card>
        <EmptyState description={`${description} — trang đang được xây dựng.`} />
      </Card>
    </>
  );
}
