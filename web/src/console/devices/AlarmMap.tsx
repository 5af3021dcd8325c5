import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AlarmView, DeviceView } from '../../api/devices.ts';
import { useConfig } from '../../api/auth.ts';
import { useMapLayers } from '../../api/places.ts';
import { DeviceMapManager, type AlarmSpot, type DeviceDot } from '../../map/DeviceMapManager.ts';
import { placeOf, severityColor, useLabelLanguage } from './format.ts';

/** Heard from lately, silent (lost), or never heard from. */
const dotColor: Record<DeviceView['state'], string> = { online: '#52c41a', lost: '#8c8c8c', unknown: '#bfbfbf' };

function useDots(devices: DeviceView[]): DeviceDot[] {
  const { t } = useTranslation();
  const language = useLabelLanguage();
  return useMemo(() => devices.flatMap((d) => (d.location ? [{
    id: d.id, lon: d.location.lon, lat: d.location.lat, color: dotColor[d.state],
    label: `${d.kindName[language]} · ${d.householdLabel ?? (d.label || d.id)} · ${t(`devices.states.${d.state}`)}`,
  }] : [])), [devices, language, t]);
}

function useSpots(alarms: AlarmView[]): AlarmSpot[] {
  const language = useLabelLanguage();
  return useMemo(() => alarms.flatMap((a) => (a.active && a.location ? [{
    id: a.id, lon: a.location.lon, lat: a.location.lat, color: severityColor[a.severity], label: `${a.name[language]} · ${placeOf(a)}`,
  }] : [])), [alarms, language]);
}

/** Hosts a DeviceMapManager: created and disposed in one effect, fed by the others. */
export function AlarmMap({ areaId, devices, alarms, onAlarmClick }: {
  areaId: number | undefined;
  devices: DeviceView[];
  alarms: AlarmView[];
  onAlarmClick: (id: number) => void;
}) {
  const container = useRef<HTMLDivElement>(null);
  const [manager, setManager] = useState<DeviceMapManager>();
  const baseMapUrl = useConfig().data?.baseMapUrl;
  const layers = useMapLayers(areaId);
  const dots = useDots(devices);
  const spots = useSpots(alarms);
  // The manager outlives a render; it calls the latest callback through this ref.
  const latest = useRef(onAlarmClick);
  useLayoutEffect(() => {
    latest.current = onAlarmClick;
  });

  useEffect(() => {
    if (baseMapUrl === undefined) return;
    const created = new DeviceMapManager({ container: container.current!, baseMapUrl, onAlarmClick: (id) => latest.current(id) });
    setManager(created);
    return () => created.dispose();
  }, [baseMapUrl]);

  useEffect(() => {
    if (layers.data) manager?.setAreas(layers.data.areas, layers.data.bbox);
  }, [manager, layers.data]);
  useEffect(() => manager?.setDevices(dots), [manager, dots]);
  useEffect(() => manager?.setAlarms(spots), [manager, spots]);

  return <div ref={container} className="linli-device-map" data-testid="alarms-map" />;
}
