import { Alert, Card, Flex, Segmented, Spin } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useConfig, useCurrentUser } from '../../api/auth.ts';
import { useFacilityKinds, useMapLayers } from '../../api/places.ts';
import { AreaFilter, useAreaScope } from '../../components/AreaFilter.tsx';
import { ErrorAlert } from '../../components/ErrorResult.tsx';
import { useKindLabel } from '../../components/useKindLabel.ts';
import { buildingMetrics, facilityKindColors, metricStops, type BuildingMetric } from '../../map/palette.ts';
import { BuildingDrawer } from '../drawers/BuildingDrawer.tsx';
import { MapCanvas } from './MapCanvas.tsx';
import { MapLegend } from './MapLegend.tsx';
import './mapPage.css';

const percent = (value: unknown, none: string) => (typeof value === 'number' ? `${Math.round(value * 100)}%` : none);

/** 一屏看全区: the area's boundaries, estates, buildings coloured by a metric, and facilities. */
export default function MapPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const config = useConfig();
  const [scope, setScope, scopeReady] = useAreaScope();
  const [metric, setMetric] = useState<BuildingMetric>('occupancyRate');
  const [hiddenKinds, setHiddenKinds] = useState<string[]>([]);
  const [building, setBuilding] = useState<number>();
  // Until the user picks an area, the area of their first role.
  const areaId = scopeReady ? (scope.gridId ?? scope.communityId ?? me.roles[0]?.areaId) : undefined;
  const layers = useMapLayers(areaId);
  const kinds = useFacilityKinds();
  const kindLabel = useKindLabel();

  const stops = useMemo(() => metricStops(metric, layers.data?.buildings), [metric, layers.data]);
  const kindColors = useMemo(() => facilityKindColors(kinds.data?.map((kind) => kind.code) ?? []), [kinds.data]);
  const presentKinds = useMemo(
    () => [...new Set(layers.data?.facilities.features.map((feature) => String(feature.properties.kind)) ?? [])],
    [layers.data],
  );
  const visibleKinds = useMemo(() => (hiddenKinds.length ? presentKinds.filter((kind) => !hiddenKinds.includes(kind)) : null), [presentKinds, hiddenKinds]);
  const toggleKind = (kind: string) => setHiddenKinds((hidden) => (hidden.includes(kind) ? hidden.filter((k) => k !== kind) : [...hidden, kind]));

  const describeBuilding = (p: Record<string, unknown>) =>
    `${t('map.buildingTooltip', { name: p.name, households: p.households, residents: p.residents })} · ${t(`map.${metric}`)} ${percent(p[metric], t('common.none'))}`;
  const describeFacility = (p: Record<string, unknown>) => `${p.name} · ${kindLabel(String(p.kind))}`;
  const empty = layers.data && layers.data.buildings.features.length === 0 && layers.data.areas.features.length === 0;

  return (
    <div className="linli-map-page">
      {config.isSuccess && (
        <MapCanvas
          baseMapUrl={config.data.baseMapUrl}
          layers={layers.data}
          metric={metric}
          stops={stops}
          kindColors={kindColors}
          visibleKinds={visibleKinds}
          selectedBuilding={building}
          onBuildingClick={setBuilding}
          describeBuilding={describeBuilding}
          describeFacility={describeFacility}
        />
      )}
      <Card size="small" className="linli-map-toolbar">
        <Flex wrap gap={8} align="center">
          <AreaFilter value={scope} onChange={setScope} />
          <Segmented<BuildingMetric>
            value={metric}
            onChange={setMetric}
            options={buildingMetrics.map((value) => ({ value, label: t(`map.${value}`) }))}
            aria-label={t('map.metric')}
          />
          {layers.isFetching && <Spin size="small" />}
        </Flex>
        <ErrorAlert error={layers.error} />
        {empty && <Alert type="info" showIcon title={t('map.noData')} style={{ marginTop: 8 }} />}
      </Card>
      <MapLegend
        metric={metric}
        stops={stops}
        kinds={presentKinds}
        kindColors={kindColors}
        hiddenKinds={hiddenKinds}
        kindLabel={kindLabel}
        onToggleKind={toggleKind}
      />
      <BuildingDrawer buildingId={building} onClose={() => setBuilding(undefined)} />
    </div>
  );
}
