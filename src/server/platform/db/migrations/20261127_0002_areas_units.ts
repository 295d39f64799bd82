import { sql, type Kysely } from 'kysely';

/**
 * Areas with validity intervals (codes are reused across generations, so the key is (code, valid_from)),
 * lineage links between generations, boundaries, and police units with history and jurisdiction.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table area_generation (
      id text primary key,
      label text not null,
      valid_from date not null,
      valid_to date,
      source text not null,
      imported_at timestamptz not null
    )`.execute(db);

  await sql`
    create table area (
      code text not null,
      valid_from date not null,
      valid_to date,
      name text not null,
      full_name text not null,
      type text not null check (type in ('phuong','xa','thi_tran','quan','huyen','thi_xa','thanh_pho','tinh','dac_khu')),
      level smallint not null check (level between 1 and 3),
      parent_code text,
      province_code text not null,
      -- lower case, no diacritics: "phuong hoan kiem" (search with or without diacritics)
      search_key text not null,
      population integer,
      generation_id text references area_generation(id),
      primary key (code, valid_from),
      check (valid_to is null or valid_to >= valid_from)
    )`.execute(db);
  await sql`create index area_validity_idx on area (province_code, level, valid_from, valid_to)`.execute(db);
  await sql`create index area_parent_idx on area (parent_code)`.execute(db);

  await sql`
    create table area_link (
      from_code text not null,
      from_valid_from date not null,
      to_code text not null,
      to_valid_from date not null,
      relation text not null check (relation in ('full','partial','same')),
      primary key (from_code, from_valid_from, to_code, to_valid_from),
      foreign key (from_code, from_valid_from) references area(code, valid_from),
      foreign key (to_code, to_valid_from) references area(code, valid_from)
    )`.execute(db);
  await sql`create index area_link_to_idx on area_link (to_code, to_valid_from)`.execute(db);

  await sql`
    create table area_unmapped (
      code text not null,
      valid_from date not null,
      full_name text not null,
      reason text not null,
      next_full_name text,
      primary key (code, valid_from),
      foreign key (code, valid_from) references area(code, valid_from)
    )`.execute(db);

  await sql`
    create table area_boundary (
      code text not null,
      valid_from date not null,
      -- GeoJSON Polygon/MultiPolygon (WGS84): full detail for point-in-polygon, simplified for maps
      geometry jsonb not null,
      display_geometry jsonb not null,
      primary key (code, valid_from),
      foreign key (code, valid_from) references area(code, valid_from)
    )`.execute(db);

  await sql`alter table unit add column kind text not null default 'other'
    check (kind in ('city','department','district','commune','other'))`.execute(db);
  await sql`alter table unit add column valid_from date not null default '2020-01-01'`.execute(db);
  await sql`alter table unit add column valid_to date`.execute(db);
  await sql`alter table unit add column city_wide boolean not null default false`.execute(db);
  await sql`alter table unit add constraint unit_validity check (valid_to is null or valid_to >= valid_from)`.execute(db);

  await sql`
    create table unit_succession (
      predecessor_id uuid not null references unit(id),
      successor_id uuid not null references unit(id),
      primary key (predecessor_id, successor_id),
      check (predecessor_id <> successor_id)
    )`.execute(db);
  await sql`create index unit_succession_successor_idx on unit_succession (successor_id)`.execute(db);

  await sql`
    create table unit_jurisdiction (
      id uuid primary key default gen_random_uuid(),
      unit_id uuid not null references unit(id),
      area_code text not null,
      area_valid_from date not null,
      valid_from date not null,
      valid_to date,
      foreign key (area_code, area_valid_from) references area(code, valid_from),
      check (valid_to is null or valid_to >= valid_from)
    )`.execute(db);
  await sql`create index unit_jurisdiction_unit_idx on unit_jurisdiction (unit_id)`.execute(db);
  await sql`create index unit_jurisdiction_area_idx on unit_jurisdiction (area_code, valid_from)`.execute(db);
}
