import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useReportAreas, type LonLat, type ReportArea } from '../../api/tickets.ts';
import { PinMap } from './PinMap.tsx';
import { usePosition } from './position.ts';

const noAreas: ReportArea[] = [];

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
  return (
    <div>
      <PinMap areas={areas.data ?? noAreas} pin={value ?? null} centre={centre} onPick={onChange} />
      <div className="linli-m-hint" data-testid="location-hint">{hint}</div>
    </div>
  );
}
