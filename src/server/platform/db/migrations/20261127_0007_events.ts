import { sql, type Kysely } from 'kysely';

/**
 * Protected events (bảo vệ sự kiện): the event with its plan (objectives, checklist tasks, posts, staffing
 * per unit, date and shift), the day-of activity log, the incidents linked from the registry, after-action
 * items, and each unit's available strength by date (for the staffing conflicts).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table event (
      id uuid primary key,
      name text not null,
      type text not null check (type in ('political_meeting','diplomatic_visit','cultural_sports','religious_festival','mass_gathering','other')),
      level text not null check (level in ('especially_important','important','ordinary')),
      status text not null check (status in ('draft','planned','approved','active','closed','cancelled')),
      starts_at timestamptz not null,
      ends_at timestamptz not null,
      -- Hanoi dates of the first and last day: periods count events by their first day
      starts_on date not null,
      ends_on date not null,
      venue_name text not null,
      -- venue name without diacritics, lower case: two events with the same key share a venue
      venue_key text not null,
      lon double precision,
      lat double precision,
      area_code text not null,
      area_valid_from date not null,
      expected_attendance integer not null default 0 check (expected_attendance >= 0),
      organiser text not null default '',
      lead_unit_id uuid not null references unit(id),
      risk_notes text not null default '',
      objectives jsonb not null default '[]',
      outcome text check (outcome in ('safe','incidents')),
      outcome_note text not null default '',
      override_reason text,
      approved_at timestamptz,
      approved_by uuid references app_user(id),
      closed_at timestamptz,
      cloned_from uuid references event(id),
      search_key text not null default '',
      version integer not null default 1,
      created_at timestamptz not null,
      created_by uuid references app_user(id),
      updated_at timestamptz not null,
      updated_by uuid references app_user(id),
      check (ends_at > starts_at),
      foreign key (area_code, area_valid_from) references area(code, valid_from)
    )`.execute(db);
  // Overlap searches ask starts_at < :end and ends_at > :start; the calendar asks the same for a month.
  await sql`create index event_time_idx on event (starts_at, ends_at)`.execute(db);
  await sql`create index event_starts_on_idx on event (starts_on, status)`.execute(db);
  await sql`create index event_lead_idx on event (lead_unit_id, starts_on)`.execute(db);
  await sql`create index event_area_idx on event (area_code, starts_on)`.execute(db);
  await sql`create index event_venue_idx on event (venue_key, starts_at)`.execute(db);

  await sql`
    create table event_staffing (
      event_id uuid not null references event(id) on delete cascade,
      unit_id uuid not null references unit(id),
      shift_on date not null,
      shift text not null check (shift in ('s1','s2','s3')),
      staff integer not null check (staff >= 0),
      primary key (event_id, unit_id, shift_on, shift)
    )`.execute(db);
  await sql`create index event_staffing_unit_idx on event_staffing (unit_id, shift_on)`.execute(db);

  await sql`
    create table event_task (
      id uuid primary key,
      event_id uuid not null references event(id) on delete cascade,
      seq integer not null,
      title text not null,
      done boolean not null default false,
      done_at timestamptz
    )`.execute(db);
  await sql`create index event_task_event_idx on event_task (event_id, seq)`.execute(db);

  await sql`
    create table event_post (
      id uuid primary key,
      event_id uuid not null references event(id) on delete cascade,
      seq integer not null,
      name text not null,
      lon double precision,
      lat double precision,
      unit_id uuid references unit(id),
      staff integer not null default 0 check (staff >= 0)
    )`.execute(db);
  await sql`create index event_post_event_idx on event_post (event_id, seq)`.execute(db);

  await sql`
    create table event_log (
      id uuid primary key,
      event_id uuid not null references event(id) on delete cascade,
      at timestamptz not null,
      actor_id uuid references app_user(id),
      actor_name text not null,
      text text not null,
      place text not null default '',
      lon double precision,
      lat double precision,
      incident_id uuid references incident(id),
      created_at timestamptz not null
    )`.execute(db);
  await sql`create index event_log_event_idx on event_log (event_id, at desc)`.execute(db);

  await sql`
    create table event_incident (
      event_id uuid not null references event(id) on delete cascade,
      incident_id uuid not null references incident(id),
      linked_at timestamptz not null,
      linked_by uuid references app_user(id),
      primary key (event_id, incident_id)
    )`.execute(db);
  await sql`create index event_incident_incident_idx on event_incident (incident_id)`.execute(db);

  await sql`
    create table event_action (
      id uuid primary key,
      event_id uuid not null references event(id) on delete cascade,
      title text not null,
      owner_unit_id uuid not null references unit(id),
      due_on date not null,
      status text not null default 'open' check (status in ('open','done')),
      done_at timestamptz,
      done_note text not null default '',
      created_at timestamptz not null
    )`.execute(db);
  await sql`create index event_action_event_idx on event_action (event_id)`.execute(db);
  await sql`create index event_action_open_idx on event_action (owner_unit_id, due_on) where status = 'open'`.execute(
    db,
  );

  await sql`
    create table unit_strength (
      unit_id uuid not null references unit(id),
      valid_from date not null,
      valid_to date,
      strength integer not null check (strength >= 0),
      updated_at timestamptz not null,
      primary key (unit_id, valid_from),
      check (valid_to is null or valid_to >= valid_from)
    )`.execute(db);
}
