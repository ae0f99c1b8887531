import { api } from '../../lib/api';
import type { PublicationOut, PublicationPut, PublicLivelihoodOut } from '../../../shared/publication';

/** Query keys and calls of the public 民生实事 page and the office's publication settings (docs/PUBLIC.md). */
export const publicationKeys = {
  public: (county?: string, year?: number) => ['public', 'livelihood', county ?? '', year ?? 'current'] as const,
  settings: (projectId: string) => ['projects', 'one', projectId, 'publication'] as const,
};

export const publicationApi = {
  publicList: (county?: string, year?: number) =>
    api<PublicLivelihoodOut>('GET', '/api/public/livelihood', { query: { county, year } }),
  settings: (projectId: string) => api<PublicationOut>('GET', `/api/v1/projects/${projectId}/publication`),
  put: (s: PublicationOut, body: PublicationPut) =>
    api<PublicationOut>('PUT', `/api/v1/projects/${s.projectId}/publication`, { body, version: s.version }),
  addPhoto: (projectId: string, body: { attachmentId: string; caption: string; published: boolean }) =>
    api<PublicationOut>('POST', `/api/v1/projects/${projectId}/publication/photos`, { body }),
  patchPhoto: (
    projectId: string,
    photo: { id: string; version: number },
    body: { caption?: string; published?: boolean },
  ) =>
    api<PublicationOut>('PATCH', `/api/v1/projects/${projectId}/publication/photos/${photo.id}`, {
      body,
      version: photo.version,
    }),
  photoUrl: (projectId: string, photoId: string) => `/api/v1/projects/${projectId}/publication/photos/${photoId}/file`,
  upload: (file: File) => {
    const form = new FormData();
    form.append('file', file);
    return api<{ id: string; fileName: string }>('POST', '/api/v1/attachments', { form });
  },
};
