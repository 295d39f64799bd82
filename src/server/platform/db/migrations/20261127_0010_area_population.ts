import { sql, type Kysely } from 'kysely';

/**
 * Population per commune and year (dân số), the denominator of the rates per 10,000 inhabitants. A commune
 * is (code, valid_from) as everywhere in the areas module: codes are reused across generations, so a figure
 * belongs to the commune of one generation. No real figures ship with the product; they are imported
 * (`PUT /api/areas/population`, `binhan areas population <file.csv>`), and the demo loads labelled synthetic ones.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table area_population (
      area_code text not null,
      area_valid_from date not null,
      year integer not null check (year between 1900 and 2200),
      population integer not null check (population > 0),
      source text not null check (length(source) between 1 and 300),
      updated_at timestamptz not null,
      primary key (area_code, area_valid_from, year),
      foreign key (area_code, area_valid_from) references area(code, valid_from)
    )`.execute(db);
}
