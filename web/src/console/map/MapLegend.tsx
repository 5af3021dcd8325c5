import { Button, Card, Flex, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { noDataColor, type BuildingMetric, type ColorStop } from '../../map/palette.ts';

interface MapLegendProps {
  metric: BuildingMetric;
  stops: ColorStop[];
  kinds: string[];
  kindColors: Record<string, string>;
  hiddenKinds: string[];
  kindLabel: (code: string) => string;
  onToggleKind: (kind: string) => void;
}

const percent = (value: number) => `${Math.round(value * 100)}%`;

function Dot({ color }: { color: string }) {
  return <span style={{ display: 'inline-block', width: 10, height: 10, borderRadius: 5, background: color, marginInlineEnd: 4 }} />;
}

/** The building colour ramp, and the facility kinds on the map, each a switch that shows or hides that kind. */
export function MapLegend({ metric, stops, kinds, kindColors, hiddenKinds, kindLabel, onToggleKind }: MapLegendProps) {
  const { t } = useTranslation();
  const [showKinds, setShowKinds] = useState(false);
  const gradient = `linear-gradient(to right, ${stops.map(([, color]) => color).join(', ')})`;
  return (
    <Card size="small" className="linli-map-legend" data-testid="map-legend">
      <Typography.Text strong>{t(`map.${metric}`)}</Typography.Text>
      <div style={{ height: 10, borderRadius: 2, background: gradient, margin: '6px 0 2px' }} />
      <Flex justify="space-between">
        <Typography.Text type="secondary">{percent(stops[0]?.[0] ?? 0)}</Typography.Text>
        <Typography.Text type="secondary">{percent(stops.at(-1)?.[0] ?? 1)}</Typography.Text>
      </Flex>
      <Flex align="center" justify="space-between" style={{ marginTop: 4 }}>
        <Typography.Text type="secondary">
          <Dot color={noDataColor} />
          {t('map.noValue')}
        </Typography.Text>
        {kinds.length > 0 && (
          <Button size="small" type="link" onClick={() => setShowKinds(!showKinds)} data-testid="toggle-kinds">
            {t('map.facilities')} ({kinds.length - hiddenKinds.filter((kind) => kinds.includes(kind)).length}/{kinds.length})
          </Button>
        )}
      </Flex>
      {showKinds && (
        <Flex wrap gap={4} style={{ marginTop: 6 }}>
          {kinds.map((kind) => (
            <Tag
              key={kind}
              role="checkbox"
              aria-checked={!hiddenKinds.includes(kind)}
              onClick={() => onToggleKind(kind)}
              style={{ cursor: 'pointer', marginInlineEnd: 0, opacity: hiddenKinds.includes(kind) ? 0.35 : 1 }}
            >
              <Dot color={kindColors[kind] ?? '#8c8c8c'} />
              {kindLabel(kind)}
            </Tag>
          ))}
        </Flex>
      )}
    </Card>
  );
}
