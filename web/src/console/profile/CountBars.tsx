import { Card, Empty, Flex, Progress, Typography } from 'antd';

/** A bar chart in antd Progress bars: each count as a share of the total it belongs to. */
interface CountBarsProps {
  title: string;
  counts: Record<string, number>;
  total: number;
  label: (key: string) => string;
  /** Order of the keys; by default the largest count comes first. */
  order?: (a: string, b: string) => number;
}

export function CountBars({ title, counts, total, label, order }: CountBarsProps) {
  const entries = Object.entries(counts).sort(([a, countA], [b, countB]) => (order ? order(a, b) : countB - countA));
  return (
    <Card size="small" title={title} style={{ height: '100%' }}>
      {entries.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />}
      {entries.map(([key, count]) => (
        <div key={key}>
          <Flex justify="space-between">
            <Typography.Text>{label(key)}</Typography.Text>
            <Typography.Text strong>{count}</Typography.Text>
          </Flex>
          <Progress percent={total ? Math.round((count / total) * 1000) / 10 : 0} size="small" />
        </div>
      ))}
    </Card>
  );
}
