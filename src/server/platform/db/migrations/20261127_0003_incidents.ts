import { sql, type Kysely } from 'kysely';

/**
 * The incident registry: one table for every kind (crime reports and cases, traffic accidents, fires,
 * online fraud) with the common core and nullable per-kind columns, so filters and statistics read one
 * table; the versions of every record; the scam identifiers victims report; imports.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table import_batch (
      id uuid primary key,
      source text not null,
      file_name text not null,
      mode text not null check (mode in ('all_or_nothing','valid_rows')),
      status text not null check (status in ('running','done','failed','refused')),
      total_rows integer not null default 0,
      imported integer not null default 0,
      skipped integer not null default 0,
      reported integer not null default 0,
      report jsonb,
      created_by uuid references app_user(id),
      started_at timestamptz not null,
      finished_at timestamptz
    )`.execute(db);

  await sql`
    create table import_mapping (
      id uuid primary key,
      name text not null unique,
      source text not null,
      mapping jsonb not null,
      created_by uuid references app_user(id),
      created_at timestamptz not null,
      updated_at timestamptz not null
    )`.execute(db);

  await sql`
    create table incident (
      id uuid primary key,
      ref_no text not null unique,
      kind text not null check (kind in ('crime_report','criminal_case','traffic_accident','fire','online_fraud')),
      status text not null,
      classification text not null default 'thuong' check (classification in ('thuong','mat')),
      title text not null,
      narrative text not null default '',
      occurred_at timestamptz not null,
      -- Hanoi calendar date of occurrence: periods and statistics count by it
      occurred_on date not null,
      received_at timestamptz not null,
      area_code text not null,
      area_valid_from date not null,
      lon double precision,
      lat double precision,
      address text not null default '',
      unit_id uuid not null references unit(id),
      category text,
      source_category text,
      -- crime reports and cases
      report_source text check (report_source in ('to_giac','tin_bao','kien_nghi_khoi_to')),
      received_by text check (received_by in ('commune_police','investigating_body')),
      remote_area boolean,
      article text,
      clause smallint,
      severity text,
      stat_group text,
      cleared boolean not null default false,
      cleared_on date,
      suspects integer,
      victims integer,
      reporter_name text,
      reporter_contact text,
      report_id uuid references incident(id),
      clock jsonb,
      resolution_due date,
      decided_on date,
      decided_late boolean,
      -- traffic accidents and fires
      deaths integer,
      injuries integer,
      damage_vnd numeric(18,0),
      vehicles integer,
      traffic_severity text,
      parent_id uuid references incident(id),
      premises_type text,
      cause text,
      urban boolean,
      rescued integer,
      -- online fraud
      channel text,
      amount_lost_vnd numeric(18,0),
      -- provenance
      source text not null default 'manual',
      external_id text,
      import_batch_id uuid references import_batch(id),
      search_key text not null,
      version integer not null default 1,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      created_by uuid references app_user(id),
      updated_by uuid references app_user(id),
      foreign key (area_code, area_valid_from) references area(code, valid_from),
      check (received_at >= occurred_at),
      check (lon is null = (lat is null))
    )`.execute(db);
  await sql`create unique index incident_source_external_idx on incident (source, external_id) where external_id is not null`.execute(db);
  // Keyset pagination (newest first) and the common filters.
  await sql`create index incident_occurred_idx on incident (occurred_at desc, id desc)`.execute(db);
  await sql`create index incident_kind_occurred_idx on incident (kind, occurred_at desc, id desc)`.execute(db);
  await sql`create index incident_area_occurred_idx on incident (area_code, occurred_at desc, id desc)`.execute(db);
  await sql`create index incident_unit_occurred_idx on incident (unit_id, occurred_at desc, id desc)`.execute(db);
  await sql`create index incident_due_idx on incident (resolution_due) where kind = 'crime_report' and decided_on is null`.execute(db);
  await sql`create index incident_report_idx on incident (report_id) where report_id is not null`.execute(db);

  await sql`
    create table incident_identifier (
      incident_id uuid not null references incident(id),
      kind text not null check (kind in ('phone','bank_account','url','social')),
      value text not null,
      display text not null,
      primary key (incident_id, kind, value)
    )`.execute(db);
  await sql`create index incident_identifier_value_idx on incident_identifier (kind, value)`.execute(db);

  await sql`
    create table incident_version (
      incident_id uuid not null references incident(id),
      version integer not null,
      at timestamptz not null,
      actor_id uuid,
      actor_name text not null,
      action text not null,
      changes jsonb not null,
      primary key (incident_id, version)
    )`.execute(db);

  // Sequence per kind and year for human reference numbers (TB-2025-000123).
  await sql`
    create table incident_ref_counter (
      prefix text not null,
      year integer not null,
      last integer not null,
      primary key (prefix, year)
    )`.execute(db);
}
