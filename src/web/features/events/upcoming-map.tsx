import { useMemo } from 'react';
import { Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../app/format';
import { useEventList, type EventFilters } from './api';
import { LEVEL_COLOURS } from './labels';
import { PointsMap } from './points-map';

const HEX: Record<string, string> = { red: '#cf1322', orange: '#d46b08', blue: '#1677ff' };

/** Upcoming events (the next 30 days) on the map, coloured by level. */
export function UpcomingMap({ filters }: { filters: EventFilters }) {
  const { t } = useTranslation();
  const list = useEventList(filters, 1000);
  const markers = useMemo(
    () =>
      (list.data?.items ?? [])
        .filter((e) => e.point && e.status !== 'cancelled')
        .map((e) => ({
          id: e.id,
          lon: e.point!.lon,
          lat: e.point!.lat,
          colour: HEX[LEVEL_COLOURS[e.level]]!,
          text: `${formatDateTime(e.startsAt)} — ${e.name} (${e.venueName})`,
          href: `/events/${e.id}`,
        })),
    [list.data],
  );
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Text type="secondary">
        {t('events.upcoming')}: {markers.length}
      </Typography.Text>
      <PointsMap markers={markers} testId="upcoming-map" />
    </Space>
  );
}
