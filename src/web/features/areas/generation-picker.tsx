import { Button, DatePicker, Space } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { formatDay, todayIso } from '../../app/format';
import { useGenerations, type TGeneration } from './api';

export const ISO = 'YYYY-MM-DD';
export const DISPLAY = 'DD/MM/YYYY';

/** A 'YYYY-MM-DD' string that is a real day, or null. */
export function validIso(value: string | null | undefined): string | null {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const d = dayjs(value);
  return d.isValid() && d.format(ISO) === value ? value : null;
}

/** The day a preset jumps to: the last day of a closed generation, otherwise today (or its first day if later). */
function presetDay(g: TGeneration): string {
  if (g.validTo) return g.validTo;
  const today = todayIso();
  return today > g.validFrom ? today : g.validFrom;
}

function useGenerationLabel(): (g: TGeneration, index: number, all: TGeneration[]) => string {
  const { t } = useTranslation();
  return (g, index, all) => {
    const period =
      index === 0 && all.length > 1
        ? t('areas.generationBefore', { date: formatDay(all[1]!.validFrom) })
        : g.validTo
          ? t('areas.generationRange', { from: formatDay(g.validFrom), to: formatDay(g.validTo) })
          : t('areas.generationFrom', { date: formatDay(g.validFrom) });
    const counts = [t('areas.generationCounts', { communes: g.communes })];
    if (g.districts > 0) counts.push(t('areas.generationDistricts', { districts: g.districts }));
    return `${period} (${counts.join('; ')})`;
  };
}

/** A day picker (dd/MM/yyyy) with one button per generation of areas (579 → 526 → 126 communes). */
export function GenerationPicker({ value, onChange }: { value: string; onChange: (iso: string) => void }) {
  const { t } = useTranslation();
  const generations = useGenerations();
  const label = useGenerationLabel();
  const items = [...(generations.data?.items ?? [])].sort((a, b) => a.validFrom.localeCompare(b.validFrom));
  return (
    <Space wrap data-testid="generation-picker">
      <DatePicker
        allowClear={false}
        format={DISPLAY}
        value={dayjs(value, ISO)}
        onChange={(d) => d && onChange(d.format(ISO))}
        aria-label={t('areas.date')}
        data-testid="date-picker"
      />
      {items.map((g, i, all) => {
        const active = value >= g.validFrom && (g.validTo === null || value <= g.validTo);
        return (
          <Button
            key={g.id}
            size="small"
            type={active ? 'primary' : 'default'}
            onClick={() => onChange(presetDay(g))}
            data-testid={`generation-${g.validFrom}`}
          >
            {label(g, i, all)}
          </Button>
        );
      })}
    </Space>
  );
}
