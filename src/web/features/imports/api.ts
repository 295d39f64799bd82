import { useQuery } from '@tanstack/react-query';
import { ZSessionResponse } from '../../../contracts/auth';
import { ZImportBatch, ZSavedMapping, ZSavedMappingList, ZStarted, ZUpload, type TColumnMapping, type TImportBatch, type TUpload } from '../../../contracts/imports';
import { ZUnitList2 } from '../../../contracts/units';
import { api, ApiError, request } from '../../app/api';

export type { TColumnMapping, TImportBatch, TUpload };

export function useSavedMappings() {
  return useQuery({ queryKey: ['imports', 'mappings'], queryFn: () => api.get('/api/imports/mappings', ZSavedMappingList) });
}

export function useUnits() {
  return useQuery({ queryKey: ['imports', 'units'], queryFn: () => api.get('/api/units?limit=500', ZUnitList2), staleTime: 5 * 60_000 });
}

export function useBatch(id: string | null) {
  return useQuery({
    queryKey: ['imports', 'batch', id],
    queryFn: () => api.get(`/api/imports/${id}`, ZImportBatch),
    enabled: Boolean(id),
    refetchInterval: (q) => (q.state.data && q.state.data.status !== 'running' ? false : 1000),
  });
}

export const saveMapping = (name: string, mapping: TColumnMapping) => api.post('/api/imports/mappings', ZSavedMapping, { name, mapping });

export const startImport = (body: unknown) => api.post('/api/imports', ZStarted, body);

/** Multipart upload (the JSON client cannot send files); the CSRF token comes from /api/auth/me. */
export async function uploadFile(file: File, language: string): Promise<TUpload> {
  const me = await request('GET', '/api/auth/me', ZSessionResponse);
  const form = new FormData();
  form.append('file', file, file.name);
  const res = await fetch('/api/imports/uploads', {
    method: 'POST',
    body: form,
    credentials: 'same-origin',
    headers: { 'X-CSRF-Token': me.csrfToken, Accept: 'application/json', 'Accept-Language': language },
  });
  const body = (await res.json().catch(() => null)) as { error?: { code: string; message: string; vi: string; en: string } } | null;
  if (!res.ok) {
    const e = body?.error;
    throw new ApiError({ code: (e?.code ?? 'BAD_RESPONSE') as never, status: res.status, message: e?.message ?? `HTTP ${res.status}`, vi: e?.vi, en: e?.en });
  }
  return ZUpload.parse(body);
}
