import { sql, type Kysely } from 'kysely';

/**
 * Plans, directives and targets (kế hoạch, chỉ đạo, chỉ tiêu): the year's plan with its task groups (the
 * breakthrough ones marked), tasks with lead and cooperating units and subtasks delegated down the unit
 * tree, progress reports (with a small attachment kept as base64 text so the JSON-lines backup carries
 * it), directives with follow-up items closed only with a report, targets bound to a statistics metric,
 * and the per-user "seen" marks of the computed notifications.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table plan (
      id uuid primary key,
      year integer not null check (year between 2000 and 2100),
      title text not null,
      description text not null default '',
      unit_id uuid not null references unit(id),
      created_at timestamptz not null,
      created_by uuid references app_user(id),
      updated_at timestamptz not null
    )`.execute(db);
  await sql`create index plan_year_idx on plan (year)`.execute(db);

  await sql`
    create table plan_task_group (
      id uuid primary key,
      plan_id uuid not null references plan(id),
      code text not null default '',
      title text not null,
      description text not null default '',
      breakthrough boolean not null default false,
      weight numeric(8,2) not null default 1 check (weight > 0),
      sort integer not null default 0,
      created_at timestamptz not null,
      created_by uuid references app_user(id)
    )`.execute(db);
  await sql`create index plan_task_group_plan_idx on plan_task_group (plan_id, sort)`.execute(db);

  await sql`
    create table plan_task (
      id uuid primary key,
      group_id uuid not null references plan_task_group(id),
      -- Deferred: a restore inserts rows in key order, a subtask possibly before its parent (same transaction).
      parent_id uuid references plan_task(id) deferrable initially deferred,
      title text not null,
      description text not null default '',
      lead_unit_id uuid not null references unit(id),
      start_on date,
      due_on date,
      priority text not null default 'normal' check (priority in ('high','normal','low')),
      status text not null default 'not_started'
        check (status in ('not_started','in_progress','at_risk','done','cancelled')),
      weight numeric(8,2) not null default 1 check (weight > 0),
      percent integer not null default 0 check (percent between 0 and 100),
      sort integer not null default 0,
      created_at timestamptz not null,
      created_by uuid references app_user(id),
      updated_at timestamptz not null,
      updated_by uuid references app_user(id),
      version integer not null default 1,
      check (start_on is null or due_on is null or start_on <= due_on)
    )`.execute(db);
  await sql`create index plan_task_group_idx on plan_task (group_id, sort)`.execute(db);
  await sql`create index plan_task_parent_idx on plan_task (parent_id) where parent_id is not null`.execute(db);
  await sql`create index plan_task_lead_idx on plan_task (lead_unit_id)`.execute(db);

  await sql`
    create table plan_task_unit (
      task_id uuid not null references plan_task(id),
      unit_id uuid not null references unit(id),
      primary key (task_id, unit_id)
    )`.execute(db);
  await sql`create index plan_task_unit_unit_idx on plan_task_unit (unit_id)`.execute(db);

  await sql`
    create table plan_progress (
      id uuid primary key,
      task_id uuid not null references plan_task(id),
      reported_on date not null,
      percent integer check (percent between 0 and 100),
      note text not null default '',
      unit_id uuid references unit(id),
      author_id uuid references app_user(id),
      author_name text not null,
      attachment_name text,
      attachment_type text,
      attachment_size integer,
      attachment_base64 text,
      created_at timestamptz not null,
      check (percent is not null or note <> '' or attachment_name is not null)
    )`.execute(db);
  await sql`create index plan_progress_task_idx on plan_progress (task_id, reported_on desc, created_at desc)`.execute(
    db,
  );

  await sql`
    create table directive (
      id uuid primary key,
      number text not null,
      issued_on date not null,
      source text not null check (source in ('meeting','document')),
      meeting text not null default '',
      issuer_name text not null,
      issuer_unit_id uuid not null references unit(id),
      issued_by uuid references app_user(id),
      content text not null,
      plan_id uuid references plan(id),
      created_at timestamptz not null
    )`.execute(db);
  await sql`create index directive_issued_idx on directive (issued_on desc)`.execute(db);

  await sql`
    create table directive_item (
      id uuid primary key,
      directive_id uuid not null references directive(id),
      unit_id uuid not null references unit(id),
      content text not null,
      due_on date not null,
      status text not null default 'open' check (status in ('open','done')),
      report text,
      closed_on date,
      closed_by uuid references app_user(id),
      sort integer not null default 0,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      check (status = 'open' or (report is not null and closed_on is not null))
    )`.execute(db);
  await sql`create index directive_item_directive_idx on directive_item (directive_id, sort)`.execute(db);
  await sql`create index directive_item_unit_idx on directive_item (unit_id, status)`.execute(db);

  await sql`
    create table plan_target (
      id uuid primary key,
      plan_id uuid references plan(id),
      group_id uuid references plan_task_group(id),
      title text not null,
      metric text not null,
      measure text not null check (measure in ('value','change_percent','change_absolute')),
      comparison text not null default 'none' check (comparison in ('same_period','previous_period','none')),
      op text not null check (op in ('<','<=','>','>=')),
      threshold numeric(18,4) not null,
      -- 'all': the whole of the viewer's scope; 'unit': records handled by unit_id; 'area': area_code.
      scope text not null check (scope in ('all','unit','area')),
      unit_id uuid not null references unit(id),
      area_code text,
      period_kind text not null,
      period_start date not null,
      period_end date not null,
      created_at timestamptz not null,
      created_by uuid references app_user(id),
      check (period_start <= period_end),
      check (scope <> 'area' or area_code is not null),
      check (measure = 'value' or comparison <> 'none')
    )`.execute(db);
  await sql`create index plan_target_plan_idx on plan_target (plan_id)`.execute(db);

  await sql`
    create table plan_notification_seen (
      user_id uuid not null references app_user(id),
      key text not null,
      seen_at timestamptz not null,
      primary key (user_id, key)
    )`.execute(db);
}
