import { useState } from 'react';
import { Alert, Button, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TArea } from '../../../contracts/areas';
import { currentLanguage } from '../../app/i18n';
import { useErrorText } from '../../app/use-error-text';
import { AreaMap, type MapPoint } from '../areas/area-map';
import { locatePoint } from './api';

const coord = (v: number) => new Intl.NumberFormat(currentLanguage() === 'en' ? 'en-US' : 'vi-VN', { maximumFractionDigits: 5 }).format(v);

interface Props {
  value?: MapPoint | null;
  onChange?: (point: MapPoint | null) => void;
  /** The occurrence date: it chooses the generation of communes drawn and located. */
  date: string;
  /** The area chosen in the form (highlighted; compared with where the point lies). */
  areaCode: string | undefined;
  /** Called with the commune the picked point lies in (null outside every boundary). */
  onLocated: (area: TArea | null) => void;
}

/**
 * The map picker: a click sets the point and asks /api/areas/locate which commune holds it on the date.
 * When that differs from the chosen area, a non-blocking warning says so.
 */
export function PointPicker({ value, onChange, date, areaCode, onLocated }: Props) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [located, setLocated] = useState<{ point: MapPoint; area: TArea | null } | null>(null);
  const [error, setError] = useState<unknown>(null);

  const pick = async (point: MapPoint) => {
    onChange?.(point);
    setError(null);
    try {
      const res = await locatePoint(point.lon, point.lat, date);
      setLocated({ point, area: res.area });
      onLocated(res.area);
    } catch (err) {
      setError(err);
    }
  };

  const current = located && value && located.point.lon === value.lon && located.point.lat === value.lat ? located : null;
  const mismatch = current?.area && areaCode && current.area.code !== areaCode ? current.area : null;

  return (
    <div data-testid="incident-point-picker">
      <AreaMap
        key={date}
        date={date}
        selected={areaCode ?? null}
        point={value ?? null}
        onPick={(p) => void pick(p)}
        zoomToSelected
        height={360}
        showCount={false}
        testId="incident-map"
      />
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginTop: 6 }}>
        <Typography.Text type="secondary" data-testid="incident-point">
          {value ? `${coord(value.lat)}; ${coord(value.lon)}` : t('incidents.pointNone')}
          {current?.area && ` — ${t('incidents.pointLocated', { name: current.area.fullName })}`}
        </Typography.Text>
        {value && (
          <Button size="small" onClick={() => onChange?.(null)}>
            {t('incidents.pointClear')}
          </Button>
        )}
      </Flex>
      {current && current.area === null && <Alert type="info" showIcon title={t('incidents.pointOutside')} style={{ marginTop: 6 }} />}
      {mismatch && (
        <Alert
          type="warning"
          showIcon
          title={t('incidents.pointMismatch', { name: mismatch.fullName })}
          style={{ marginTop: 6 }}
          data-testid="incident-point-mismatch"
        />
      )}
      {error !== null && <Alert type="error" showIcon title={errorText(error)} style={{ marginTop: 6 }} />}
    </div>
  );
}
