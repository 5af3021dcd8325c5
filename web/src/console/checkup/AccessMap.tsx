import { Alert, Flex, Select, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useConfig } from '../../api/auth.ts';
import type { CheckupAccess } from '../../api/checkup.ts';
import { useMapLayers } from '../../api/places.ts';
import type { FeatureCollection, MapLayers } from '../../api/types.ts';
import { useKindLabel } from '../../components/useKindLabel.ts';
import { useLocale } from '../../i18n/index.ts';
import { noDataColor, walkBand, walkBandLimits, walkBandStops } from '../../map/palette.ts';
import { MapCanvas } from '../map/MapCanvas.tsx';
import { numberText } from './format.tsx';

const facilityColor = '#1d39c4';
const bandKeys = ['near', 'mid', 'far', 'beyond'] as const;
const noop = () => undefined;

/** The community's footprints with this run's walking distance to the chosen kind put in, and that kind's facilities. */
function withDistances(layers: MapLayers, access: CheckupAccess, kind: string | undefined): MapLayers {
  const k = kind === undefined ? -1 : access.kinds.indexOf(kind);
  // The homes the checkup counted: buildings with households, or every building where no household is
  // registered (a community from OpenStreetMap).
  const registered = access.buildings.some((b) => b.households > 0);
  const homes = access.buildings.map((b, i) => [b, i] as const).filter(([b]) => !registered || b.households > 0);
  const distance = new Map(k < 0 ? [] : homes.map(([b, i]) => [b.id, access.distances[k][i]]));
  const buildings: FeatureCollection = {
    ...layers.buildings,
    features: layers.buildings.features.map((feature) => {
      const id = Number(feature.properties.id);
      if (!distance.has(id)) return feature;
      const metres = distance.get(id) ?? null;
      return { ...feature, properties: { ...feature.properties, walkBand: walkBand(metres), walkDistanceM: metres, walkMeasured: true } };
    }),
  };
  // The facilities this run counted, margin included: a kindergarten across the road serves the community too.
  const facilities: FeatureCollection = {
    type: 'FeatureCollection',
    features: access.facilities
      .filter((f) => f.kind === kind)
      .map((f) => ({ type: 'Feature', id: f.id, geometry: { type: 'Point', coordinates: f.point }, properties: { id: f.id, kind: f.kind, name: f.name } })),
  };
  return { ...layers, bbox: boxAround(layers.bbox, facilities), buildings, facilities };
}

/** The community's box grown to take in the facilities shown, so that one across its border is on the map too. */
function boxAround(bbox: MapLayers['bbox'], facilities: FeatureCollection): MapLayers['bbox'] {
  if (!bbox) return bbox;
  const [west, south, east, north] = bbox;
  const points = facilities.features.map((f) => (f.geometry as { coordinates: [number, number] }).coordinates);
  return [
    Math.min(west, ...points.map((p) => p[0])),
    Math.min(south, ...points.map((p) => p[1])),
    Math.max(east, ...points.map((p) => p[0])),
    Math.max(north, ...points.map((p) => p[1])),
  ];
}

function Swatch({ color, round = false }: { color: string; round?: boolean }) {
  return <span className="linli-swatch" style={{ background: color, borderRadius: round ? 6 : 2 }} />;
}

/** 步行距离分布: buildings coloured by how far they walk to the nearest facility of a kind, on the report. */
export function AccessMap({ communityId, access }: { communityId: number; access: CheckupAccess }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const config = useConfig();
  const layers = useMapLayers(communityId);
  const kindLabel = useKindLabel();
  const [chosen, setChosen] = useState<string>();
  const kind = chosen ?? access.kinds[0];
  const shown = useMemo(() => (layers.data ? withDistances(layers.data, access, kind) : undefined), [layers.data, access, kind]);
  const kindColors = useMemo(() => (kind ? { [kind]: facilityColor } : {}), [kind]);

  const distanceText = (p: Record<string, unknown>) => {
    if (!p.walkMeasured) return t('map.noValue');
    if (typeof p.walkDistanceM === 'number') return t('checkup.evidence.metres', { value: numberText(Math.round(p.walkDistanceM), locale) });
    return t('checkup.evidence.beyondSearch', { distance: numberText(walkBandLimits[walkBandLimits.length - 1], locale) });
  };
  const describeBuilding = (p: Record<string, unknown>) => t('checkup.report.buildingTip', { name: p.name, households: p.households, distance: distanceText(p) });
  const describeFacility = (p: Record<string, unknown>) => `${p.name} · ${kindLabel(String(p.kind))}`;

  return (
    <Flex vertical gap={8}>
      {access.kinds.length > 0 ? (
        <Flex wrap align="center" gap={8} className="linli-no-print">
          <Typography.Text>{t('checkup.report.mapKind')}</Typography.Text>
          <Select
            style={{ minWidth: 200 }}
            value={kind}
            onChange={setChosen}
            options={access.kinds.map((code) => ({ value: code, label: kindLabel(code) }))}
            aria-label={t('checkup.report.mapKind')}
            data-testid="report-kind"
          />
        </Flex>
      ) : (
        <Alert type="warning" showIcon title={t('checkup.report.mapNoData')} />
      )}
      <div className="linli-report-map">
        {config.isSuccess && (
          <MapCanvas
            baseMapUrl={config.data.baseMapUrl}
            layers={shown}
            metric="walkBand"
            stops={walkBandStops}
            kindColors={kindColors}
            visibleKinds={null}
            selectedBuilding={undefined}
            onBuildingClick={noop}
            describeBuilding={describeBuilding}
            describeFacility={describeFacility}
          />
        )}
      </div>
      {kind && (
        <Flex wrap gap={12} align="center" data-testid="report-legend">
          <Typography.Text strong>{t('checkup.report.legendTitle', { kind: kindLabel(kind) })}</Typography.Text>
          {bandKeys.map((key, band) => (
            <span key={key}>
              <Swatch color={walkBandStops[band][1]} /> {t(`checkup.report.bands.${key}`)}
            </span>
          ))}
          <span>
            <Swatch color={noDataColor} /> {t('checkup.report.bands.none')}
          </span>
          <span>
            <Swatch color={facilityColor} round /> {kindLabel(kind)}
          </span>
        </Flex>
      )}
    </Flex>
  );
}
