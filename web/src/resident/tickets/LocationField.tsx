import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useReportAreas, type LonLat, type ReportArea } from '../../api/tickets.ts';
import { PinMap } from './PinMap.tsx';
import { usePosition } from './position.ts';

const noAreas: ReportArea[] = [];

/** The name of the building whose footprint holds the point, if any. */
function buildingAt(areas: ReportArea[], point: LonLat): string | undefined {
  const at: [number, number] = [point.lon, point.lat];
  // Footprints are GeoJSON polygons validated on import; turf's geometry type is narrower than the API's.
  return areas.flatMap((area) => area.buildings).find((b) => booleanPointInPolygon(at, b.footprint as Parameters<typeof booleanPointInPolygon>[1]))?.name;
}

/**
 * 位置: a map of the resident's community to tap the spot on. Where the browser tells the phone's
 * position, the pin starts there; the server finds the community and grid of the point.
 * Form.Item hands it value and onChange.
 */
export function LocationField({ value, onChange }: { value?: LonLat; onChange?: (point: LonLat) => void }) {
  const { t } = useTranslation();
  const areas = useReportAreas();
  const position = usePosition();
  const [centre, setCentre] = useState<LonLat | null>(null);
  const found = position.status === 'found' ? position.at : null;
  // The first fix puts the pin where the phone is, unless the user tapped a spot first; later fixes move nothing.
  useEffect(() => {
    if (!found || centre || value) return;
    setCentre(found);
    onChange?.(found);
  }, [found, centre, value, onChange]);
  const hint = value
    ? t(centre && value === centre ? 'tickets.report.located' : 'tickets.report.picked')
    : t(position.status === 'locating' ? 'tickets.report.locating' : 'tickets.report.pick');
  const building = value && buildingAt(areas.data ?? noAreas, value);
  return (
    <div>
      <PinMap areas={areas.data ?? noAreas} pin={value ?? null} centre={centre} onPick={onChange} />
      {building && <div className="linli-m-hint" data-testid="location-building"><b>{t('tickets.report.inBuilding', { name: building })}</b></div>}
      <div className="linli-m-hint" data-testid="location-hint">{hint}</div>
    </div>
  );
}
