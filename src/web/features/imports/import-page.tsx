import { InboxOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Card, Descriptions, Input, Progress, Radio, Select, Space, Steps, Table, Tag, Typography, Upload } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DATE_FORMATS, TARGET_FIELDS, type TargetField } from '../../../domain/import/mapping';
import { INCIDENT_KINDS } from '../../../domain/incidents/kinds';
import { useErrorText } from '../../app/use-error-text';
import { saveMapping, startImport, uploadFile, useBatch, useSavedMappings, useUnits, type TColumnMapping, type TUpload } from './api';

type FieldRow = { column?: string; dateFormat?: string; values?: string };
const FIELDS = Object.keys(TARGET_FIELDS) as TargetField[];
const HAS_VALUES = new Set<TargetField>(['kind', 'reportSource', 'classification', 'category', 'status']);

/** "a = b" lines → { a: b }. */
function parseValues(text: string | undefined): Record<string, string> | undefined {
  const entries = (text ?? '')
    .split('\n')
    .map((l) => l.split('='))
    .filter((p) => p.length === 2 && p[0]!.trim() && p[1]!.trim())
    .map((p) => [p[0]!.trim(), p[1]!.trim()] as const);
  return entries.length ? Object.fromEntries(entries) : undefined;
}

export function ImportPage() {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const { message } = AntApp.useApp();
  const qc = useQueryClient();
  const [step, setStep] = useState(0);
  const [upload, setUpload] = useState<TUpload | null>(null);
  const [uploading, setUploading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [mappingId, setMappingId] = useState<string | undefined>();
  const [source, setSource] = useState('');
  const [externalIdColumn, setExternalIdColumn] = useState<string | undefined>();
  const [fields, setFields] = useState<Partial<Record<TargetField, FieldRow>>>({});
  const [saveName, setSaveName] = useState('');
  const [mode, setMode] = useState<'valid_rows' | 'all_or_nothing'>('valid_rows');
  const [unitId, setUnitId] = useState<string | undefined>();
  const [kind, setKind] = useState<string | undefined>();
  const [batchId, setBatchId] = useState<string | null>(null);
  const mappings = useSavedMappings();
  const units = useUnits();
  const batch = useBatch(batchId);

  const built: TColumnMapping = useMemo(
    () => ({
      source: source.trim(),
      ...(externalIdColumn ? { externalIdColumn } : {}),
      fields: FIELDS.filter((f) => fields[f]?.column).map((f) => {
        const row = fields[f]!;
        const values = HAS_VALUES.has(f) ? parseValues(row.values) : undefined;
        return {
          column: row.column!,
          field: f,
          ...(TARGET_FIELDS[f] === 'instant' && row.dateFormat ? { dateFormat: row.dateFormat } : {}),
          ...(values ? { values } : {}),
        };
      }),
    }),
    [source, externalIdColumn, fields],
  );

  const columnOptions = (upload?.headers ?? []).map((h) => ({ value: h, label: h }));
  const setField = (f: TargetField, patch: Partial<FieldRow>) => setFields((old) => ({ ...old, [f]: { ...old[f], ...patch } }));

  const onFile = async (file: File) => {
    setError(null);
    setUploading(true);
    try {
      setUpload(await uploadFile(file, i18n.language));
      setStep(0);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setUploading(false);
    }
  };

  const onSave = async () => {
    try {
      const saved = await saveMapping(saveName.trim(), built);
      await qc.invalidateQueries({ queryKey: ['imports', 'mappings'] });
      setMappingId(saved.id);
      message.success(t('imports.saved'));
    } catch (err) {
      setError(errorText(err));
    }
  };

  const onStart = async () => {
    setError(null);
    try {
      const r = await startImport({
        uploadId: upload!.uploadId,
        ...(mappingId ? { mappingId } : { mapping: built }),
        mode,
        defaults: { ...(unitId ? { unitId } : {}), ...(kind ? { kind } : {}) },
      });
      setBatchId(r.batchId);
      setStep(3);
    } catch (err) {
      setError(errorText(err));
    }
  };

  const b = batch.data;
  // Rows are streamed, so the total is known only at the end: estimate it from the file size and the sample.
  const rowBytes = upload && upload.sampleRows.length ? upload.sampleRows.reduce((n, r) => n + r.join(',').length + 2, 0) / upload.sampleRows.length : 100;
  const estimate = upload ? Math.max(1, Math.round(upload.size / rowBytes)) : 1;
  const pct = !b ? 0 : b.status !== 'running' ? 100 : Math.min(99, Math.round((b.processed / estimate) * 100));

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }} data-testid="import-page">
      <Typography.Title level={3}>{t('imports.title')}</Typography.Title>
      <Steps
        current={step}
        items={[{ title: t('imports.steps.upload') }, { title: t('imports.steps.mapping') }, { title: t('imports.steps.mode') }, { title: t('imports.steps.run') }]}
      />
      {error && <Alert type="error" showIcon message={error} closable onClose={() => setError(null)} data-testid="import-error" />}

      {step === 0 && (
        <Card>
          <Upload.Dragger
            accept=".csv,.xlsx,text/csv"
            multiple={false}
            showUploadList={false}
            disabled={uploading}
            beforeUpload={(file) => {
              void onFile(file);
              return false;
            }}
            data-testid="import-dragger"
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{t('imports.dragger')}</p>
            <p className="ant-upload-hint">{t('imports.draggerHint')}</p>
          </Upload.Dragger>
          {upload && (
            <Space direction="vertical" style={{ width: '100%', marginTop: 16 }}>
              <Alert
                type="info"
                data-testid="import-detected"
                message={`${upload.fileName}: ${t('imports.detected', {
                  format: upload.format.toUpperCase(),
                  encoding: upload.encoding,
                  confidence: Math.round(upload.confidence * 100),
                  columns: upload.headers.length,
                })}`}
              />
              <Typography.Text strong>{t('imports.preview')}</Typography.Text>
              <Table
                size="small"
                data-testid="import-preview"
                scroll={{ x: true }}
                pagination={false}
                rowKey={(_, i) => String(i)}
                columns={upload.headers.map((h, i) => ({ title: h, dataIndex: i, key: `${i}`, ellipsis: true }))}
                dataSource={upload.sampleRows.map((r) => Object.fromEntries(r.map((v, i) => [i, v])))}
              />
              <Button type="primary" onClick={() => setStep(1)} data-testid="import-next-1">
                {t('imports.next')}
              </Button>
            </Space>
          )}
        </Card>
      )}

      {step === 1 && upload && (
        <Card>
          <Space direction="vertical" style={{ width: '100%' }}>
            <Typography.Text strong>{t('imports.savedMapping')}</Typography.Text>
            <Select
              allowClear
              style={{ width: 420 }}
              placeholder={t('imports.chooseSaved')}
              value={mappingId}
              onChange={setMappingId}
              options={(mappings.data?.items ?? []).map((m) => ({ value: m.id, label: `${m.name} (${m.source})` }))}
              data-testid="import-mapping-select"
            />
            {!mappingId && (
              <>
                <Typography.Text type="secondary">{t('imports.orBuild')}</Typography.Text>
                <Space wrap>
                  <Input addonBefore={t('imports.source')} value={source} onChange={(e) => setSource(e.target.value)} style={{ width: 320 }} />
                  <Select placeholder={t('imports.externalId')} style={{ width: 260 }} value={externalIdColumn} onChange={setExternalIdColumn} options={columnOptions} allowClear />
                </Space>
                <Table
                  size="small"
                  pagination={false}
                  rowKey="field"
                  dataSource={FIELDS.map((f) => ({ field: f }))}
                  columns={[
                    { title: t('imports.field'), dataIndex: 'field', render: (f: TargetField) => t(`imports.fields.${f}`) },
                    {
                      title: t('imports.column'),
                      dataIndex: 'field',
                      key: 'column',
                      render: (f: TargetField) => (
                        <Select allowClear style={{ width: 220 }} value={fields[f]?.column} onChange={(v) => setField(f, { column: v })} options={columnOptions} />
                      ),
                    },
                    {
                      title: t('imports.dateFormat'),
                      dataIndex: 'field',
                      key: 'format',
                      render: (f: TargetField) =>
                        TARGET_FIELDS[f] === 'instant' ? (
                          <Select style={{ width: 200 }} value={fields[f]?.dateFormat ?? 'auto'} onChange={(v) => setField(f, { dateFormat: v })} options={DATE_FORMATS.map((d) => ({ value: d, label: d }))} />
                        ) : null,
                    },
                    {
                      title: t('imports.valueMap'),
                      dataIndex: 'field',
                      key: 'values',
                      render: (f: TargetField) =>
                        HAS_VALUES.has(f) ? <Input.TextArea rows={1} autoSize value={fields[f]?.values} onChange={(e) => setField(f, { values: e.target.value })} /> : null,
                    },
                  ]}
                />
                <Space>
                  <Input addonBefore={t('imports.saveAs')} value={saveName} onChange={(e) => setSaveName(e.target.value)} style={{ width: 360 }} />
                  <Button onClick={() => void onSave()} disabled={!saveName.trim() || !built.source || built.fields.length === 0}>
                    {t('imports.save')}
                  </Button>
                </Space>
              </>
            )}
            <Space>
              <Button onClick={() => setStep(0)}>{t('imports.back')}</Button>
              <Button type="primary" onClick={() => setStep(2)} disabled={!mappingId && (!built.source || built.fields.length === 0)} data-testid="import-next-2">
                {t('imports.next')}
              </Button>
            </Space>
          </Space>
        </Card>
      )}

      {step === 2 && upload && (
        <Card>
          <Space direction="vertical" style={{ width: '100%' }}>
            <Typography.Text strong>{t('imports.mode')}</Typography.Text>
            <Radio.Group value={mode} onChange={(e) => setMode(e.target.value as typeof mode)} data-testid="import-mode">
              <Space direction="vertical">
                <Radio value="all_or_nothing" data-testid="import-mode-all">
                  {t('imports.allOrNothing')}
                </Radio>
                <Radio value="valid_rows" data-testid="import-mode-valid">
                  {t('imports.validRows')}
                </Radio>
              </Space>
            </Radio.Group>
            <Space wrap>
              <Select
                allowClear
                showSearch
                optionFilterProp="label"
                style={{ width: 360 }}
                placeholder={`${t('imports.unit')} — ${t('imports.unitHint')}`}
                value={unitId}
                onChange={setUnitId}
                options={(units.data?.items ?? []).map((u) => ({ value: u.id, label: `${u.code} — ${u.name}` }))}
              />
              <Select allowClear style={{ width: 240 }} placeholder={t('imports.kind')} value={kind} onChange={setKind} options={INCIDENT_KINDS.map((k) => ({ value: k, label: k }))} />
            </Space>
            <Space>
              <Button onClick={() => setStep(1)}>{t('imports.back')}</Button>
              <Button type="primary" onClick={() => void onStart()} data-testid="import-start">
                {t('imports.start')}
              </Button>
            </Space>
          </Space>
        </Card>
      )}

      {step === 3 && b && (
        <Card data-testid="import-result" data-status={b.status}>
          <Space direction="vertical" style={{ width: '100%' }}>
            <Space>
              <Tag color={b.status === 'done' ? 'green' : b.status === 'running' ? 'blue' : 'red'} data-testid="import-status">
                {t(`imports.status.${b.status}`)}
              </Tag>
              {b.status === 'running' && <span>{b.phase === 'validating' ? t('imports.validating') : t('imports.running')}</span>}
            </Space>
            <Progress percent={pct} status={b.status === 'running' ? 'active' : b.status === 'done' ? 'success' : 'exception'} />
            <Descriptions size="small" column={4} bordered>
              <Descriptions.Item label={t('imports.total')}>{b.status === 'running' ? b.processed : b.totalRows}</Descriptions.Item>
              <Descriptions.Item label={t('imports.imported')}>
                <span data-testid="import-imported">{b.imported}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('imports.skipped')}>{b.skipped}</Descriptions.Item>
              <Descriptions.Item label={t('imports.reported')}>
                <span data-testid="import-reported">{b.reported}</span>
              </Descriptions.Item>
            </Descriptions>
            {b.error && <Alert type="error" message={b.error} />}
            {b.status !== 'running' &&
              (b.errorCount > 0 ? (
                <>
                  <a href={`/api/imports/${b.id}/report.csv`} download data-testid="import-report-link">
                    {t('imports.download')}
                  </a>
                  <Table
                    size="small"
                    data-testid="import-errors"
                    rowKey={(e) => `${e.row}-${e.column}-${e.code}`}
                    dataSource={b.errors}
                    pagination={{ pageSize: 20 }}
                    columns={[
                      { title: t('imports.row'), dataIndex: 'row', width: 80 },
                      { title: t('imports.column'), dataIndex: 'column', width: 200 },
                      { title: t('imports.message'), dataIndex: i18n.language === 'en' ? 'en' : 'vi' },
                    ]}
                  />
                </>
              ) : (
                <Typography.Text type="secondary">{t('imports.noErrors')}</Typography.Text>
              ))}
            <Button
              onClick={() => {
                setStep(0);
                setUpload(null);
                setBatchId(null);
              }}
            >
              {t('imports.again')}
            </Button>
          </Space>
        </Card>
      )}
    </Space>
  );
}
