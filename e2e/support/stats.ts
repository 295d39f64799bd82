import type { Page } from 'playwright-core';
import type { TStatResult } from '../../src/contracts/stats';

/** GET /api/stats from the page (its session cookie), independently of the dashboard's own requests. */
export async function fetchStats(page: Page, params: Record<string, string>): Promise<TStatResult> {
  const qs = new URLSearchParams(params).toString();
  return page.evaluate(async (q) => {
    const res = await fetch(`/api/stats?${q}`, { headers: { Accept: 'application/json' } });
    if (!res.ok) throw new Error(`GET /api/stats?${q} → ${res.status}`);
    return (await res.json()) as TStatResult;
  }, qs);
}
