import { useState, type CSSProperties } from 'react';
import { Form, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { useUnitList } from '../units/api';
import { severityLabel, useLabel } from './labels';
import { useArticles, useCommuneSearch } from './api';

interface ValueProps<T> {
  value?: T;
  onChange?: (value: T) => void;
}

/**
 * A commune (xã, phường) valid on `date`, searched by name with or without diacritics. With nothing typed,
 * the chosen code itself is searched so that its name shows (codes match by prefix).
 */
export function AreaSelect({
  value,
  onChange,
  date,
  allowClear,
  placeholder,
  testId,
  style,
}: ValueProps<string | undefined> & { date: string | undefined; allowClear?: boolean; placeholder?: string; testId?: string; style?: CSSProperties }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const areas = useCommuneSearch(q || value || '', date);
  return (
    <Select
      value={value}
      onChange={(v: string | undefined) => {
        setQ('');
        onChange?.(v);
      }}
      showSearch={{ filterOption: false, onSearch: setQ }}
      allowClear={allowClear}
      placeholder={placeholder ?? t('incidents.areaSearch')}
      loading={areas.isFetching}
      options={(areas.data?.items ?? []).map((a) => ({ value: a.code, label: a.fullName, title: `${a.fullName} (${a.code})` }))}
      popupMatchSelectWidth={false}
      style={style}
      data-testid={testId}
    />
  );
}

/** Units valid on `date` within the user's scope. */
export function UnitSelect({
  value,
  onChange,
  date,
  allowClear,
  testId,
  style,
}: ValueProps<string | undefined> & { date: string | undefined; allowClear?: boolean; testId?: string; style?: CSSProperties }) {
  const { t } = useTranslation();
  const units = useUnitList(date);
  return (
    <Select
      value={value}
      onChange={onChange}
      allowClear={allowClear}
      showSearch={{ optionFilterProp: 'label' }}
      placeholder={t('incidents.unit')}
      loading={units.isPending}
      options={(units.data?.items ?? []).map((u) => ({ value: u.id, label: `${u.name} (${u.code})` }))}
      popupMatchSelectWidth={false}
      style={style}
      data-testid={testId}
    />
  );
}

/** A Penal Code article in force on `date`, searched by number or title. */
export function ArticleSelect({ value, onChange, date, testId }: ValueProps<string | undefined> & { date: string | undefined; testId?: string }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const list = useArticles(q, date);
  const items = list.data?.items ?? [];
  const current = useArticles(value ?? '', date).data?.items.find((a) => a.article === value);
  const options = items.map((a) => ({ value: a.article, label: t('incidents.articleLabel', { article: a.article, title: a.title }) }));
  if (current && !items.some((a) => a.article === current.article)) {
    options.unshift({ value: current.article, label: t('incidents.articleLabel', { article: current.article, title: current.title }) });
  }
  return (
    <Select
      value={value}
      onChange={(v: string | undefined) => {
        setQ('');
        onChange?.(v);
      }}
      allowClear
      showSearch={{ filterOption: false, onSearch: setQ }}
      placeholder={t('incidents.articleSearch')}
      loading={list.isFetching}
      options={options}
      data-testid={testId}
    />
  );
}

/** The clauses of the chosen article, each with the severity it gives: "Khoản 1 → Ít nghiêm trọng". */
export function ClauseSelect({ value, onChange, article, date, testId }: ValueProps<number | undefined> & { article: string | undefined; date: string | undefined; testId?: string }) {
  const { t } = useTranslation();
  const label = useLabel();
  const found = useArticles(article ?? '', date).data?.items.find((a) => a.article === article);
  return (
    <Select
      value={value}
      onChange={onChange}
      disabled={!article}
      placeholder={t('incidents.clause')}
      options={(found?.clauses ?? []).map((c) => ({
        value: c.clause,
        label: c.severity
          ? t('incidents.clauseSeverity', { clause: c.clause, severity: label(severityLabel(c.severity)) })
          : t('incidents.clauseUnknown', { clause: c.clause }),
      }))}
      data-testid={testId}
    />
  );
}

/** Article and clause as two form fields (names `article` and `clause`); the clause resets with the article. */
export function ArticleClauseFields({ date, required, label }: { date: string | undefined; required: boolean; label: string }) {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  const article = Form.useWatch<string | undefined>('article', form);
  const rules = required ? [{ required: true, message: t('incidents.required') }] : [];
  return (
    <Form.Item label={label} required={required} style={{ marginBottom: 0 }}>
      <Space.Compact block>
        <Form.Item name="article" rules={rules} style={{ width: '70%' }}>
          <ArticleSelect date={date} testId="incident-article" onChange={() => form.setFieldValue('clause', undefined)} />
        </Form.Item>
        <Form.Item
          name="clause"
          rules={[
            ...rules,
            ({ getFieldValue }) => ({
              validator: async (_: unknown, v: number | undefined) => {
                if (getFieldValue('article') && v === undefined) throw new Error(t('incidents.required'));
              },
            }),
          ]}
          style={{ width: '30%' }}
        >
          <ClauseSelect article={article} date={date} testId="incident-clause" />
        </Form.Item>
      </Space.Compact>
    </Form.Item>
  );
}
